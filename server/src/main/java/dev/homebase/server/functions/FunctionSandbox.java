package dev.homebase.server.functions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operating-system confinement of a function process on Linux, for runtimes without a permission
 * sandbox of their own (Java: the Security Manager is gone). It wraps a launcher's command in
 * util-linux {@code unshare --user --map-root-user --mount --pid --fork}: an unprivileged user
 * namespace owning a new mount and PID namespace. A short {@code /bin/sh} script inside then builds
 * a new root file system and {@code pivot_root}s into it, so the function sees only:
 * <ul>
 *   <li>the system's {@code /usr} (and {@code /bin}, {@code /lib}... or their merged-/usr links),
 *       the few {@code /etc} files name resolution, users, time zones and TLS need, and
 *       {@code /dev/null|zero|random|urandom} &mdash; read-only;</li>
 *   <li>what the caller names: the JDK, the SDK class path, the function's folder and its compiled
 *       build &mdash; read-only (a training run gets its build folder writable);</li>
 *   <li>a private {@code /tmp} (tmpfs) and a read-only {@code /proc} of its own PID namespace, which
 *       shows only the function's processes (not the server's {@code environ} or {@code cmdline}); read-only
 *       because a server running as root would otherwise let the function write kernel settings
 *       ({@code /proc/sys}) as root.</li>
 * </ul>
 * Everything else &mdash; the server's data folder with its database and keys, the projects, the
 * users' homes, other processes &mdash; is not in the function's file system at all. The old root
 * is detached, and the function runs through {@code setpriv} with no capabilities and
 * {@code no_new_privs}, so it cannot undo the mounts. The network is shared: the function reaches
 * this server's API on loopback with the tokens it was given.
 *
 * <p>Whether this works is {@linkplain #detect detected} once, by running a trivial command
 * confined (user namespaces may be disabled, or forbidden inside a container). Thread-safe.
 *
 * <p>The script takes its paths as arguments, never spliced into its text, so no path can inject
 * a command.
 */
final class FunctionSandbox {
    private static final Logger log = LoggerFactory.getLogger(FunctionSandbox.class);
    /** The environment variable that chooses the {@link Mode}. */
    static final String ENV = "HOMEBASE_FUNCTIONS_SANDBOX";
    /** System folders shown read-only (or re-created as links when they are links to {@code usr/...}). */
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** The {@code /etc} entries a JVM (and a TLS client) needs; nothing else of {@code /etc} (no shadow, no private keys). */
    private static final List<String> ETC = List.of("/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
            "/etc/localtime", "/etc/ld.so.cache", "/etc/alternatives", "/etc/ssl/certs", "/etc/pki/tls/certs", "/etc/pki/ca-trust", "/etc/java");

    /**
     * Builds the new root on {@code $1} and runs the command in it. {@code $2} lists the folders to
     * create in the new root, one a line (one {@code mkdir} for all: each external command costs
     * start time). Then triples {@code ln <path> <link target>} and pairs {@code ro|rw <path>}, then
     * {@code --}, the working folder, the {@code setpriv} executable and the command.
     */
    private static final String SCRIPT = """
            set -eu
            PATH=/usr/sbin:/usr/bin:/sbin:/bin
            R=$1; DIRS=$2; shift 2
            mount -t tmpfs -o size=8m,mode=755,nosuid,nodev homebase-function "$R"
            while [ "$1" = ln ]; do ln -s "$3" "$R$2"; shift 3; done
            mkdir "$R/tmp"
            mount -t tmpfs -o size=64m,mode=1777,nosuid,nodev homebase-tmp "$R/tmp"
            IFS='
            '
            set -f
            mkdir -p -- $DIRS
            set +f
            unset IFS DIRS
            while [ "$1" != -- ]; do
              op=$1; p=$2; shift 2
              [ -d "$p" ] || [ -e "$R$p" ] || : > "$R$p"
              if [ "$op" = rw ]; then mount --bind "$p" "$R$p"
              else mount --bind -o ro,nosuid,nodev "$p" "$R$p" 2>/dev/null || mount --bind -o ro,nosuid,nodev,noexec "$p" "$R$p"; fi
            done
            shift
            for d in null zero random urandom; do : > "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
            mount -t proc -o ro,nosuid,nodev,noexec proc "$R/proc"
            cd "$R"
            pivot_root . .old
            umount -l /.old
            mount -o remount,bind,ro,nosuid,nodev /
            cd "$1"; shift
            unset OLDPWD PWD
            exec "$@"
            """;

    /** Whether function processes are confined. */
    enum Mode {
        /** Confine when the machine allows it; otherwise warn and run unconfined. */
        AUTO,
        /** Confine, or refuse to run Java functions (a start error) when the machine does not allow it. */
        REQUIRED,
        /** Never confine. */
        OFF;

        /** {@code auto}, {@code required} or {@code off} (any case). */
        static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV + " must be auto, required or off, got \"" + value + "\"");
            }
        }
    }

    private final Path root;
    private final Path unshare;
    private final Path setpriv;
    private final Map<String, String> system;

    private FunctionSandbox(Path root, Path unshare, Path setpriv, Map<String, String> system) {
        this.root = root;
        this.unshare = unshare;
        this.setpriv = setpriv;
        this.system = system;
    }

    /**
     * Tries the confinement on this machine: runs {@code probe} (a trivial command, such as
     * {@code java -version}) confined with {@code readOnly} visible.
     *
     * @param mountPoint an empty folder the new root is mounted on (in the function's own mount
     *     namespace only: the server's view of it never changes); created when missing
     * @return the sandbox, or why it does not work here
     */
    static Result detect(Path mountPoint, List<Path> readOnly, List<String> probe) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Result.failed("it needs Linux namespaces (this is " + System.getProperty("os.name") + ")");
        }
        Optional<Path> unshare = onPath("unshare");
        Optional<Path> setpriv = onPath("setpriv");
        if (unshare.isEmpty() || setpriv.isEmpty() || onPath("pivot_root").isEmpty() || !Files.isExecutable(Path.of("/bin/sh"))) {
            return Result.failed("util-linux unshare, setpriv and pivot_root are needed (package util-linux)");
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            return Result.failed("cannot create " + mountPoint + ": " + e.getMessage());
        }
        FunctionSandbox sandbox = new FunctionSandbox(mountPoint.toAbsolutePath().normalize(), unshare.get(), setpriv.get(), systemPaths());
        List<String> cmd = sandbox.wrap(probe, readOnly, List.of(), Path.of("/"));
        try {
            Path out = Files.createTempFile("homebase-sandbox-probe", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().clear();
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Result.failed("the probe did not finish within 20 s");
                }
                if (p.exitValue() != 0) {
                    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
                    return Result.failed("the probe exited " + p.exitValue() + (lines.isEmpty() ? "" : ": " + lines.getFirst()));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return Result.failed("cannot run " + unshare.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
        return new Result(Optional.of(sandbox), "");
    }

    /**
     * The outcome of {@link #detect}.
     *
     * @param sandbox the working sandbox, if any
     * @param problem why there is none (empty when there is)
     */
    record Result(Optional<FunctionSandbox> sandbox, String problem) {
        static Result failed(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }

    /**
     * The confined form of {@code command}.
     *
     * @param readOnly files and folders shown read-only at their own paths (as given: the command names them so)
     * @param writable folders shown writable
     * @param workingDir where the command starts, one of the paths shown
     */
    List<String> wrap(List<String> command, List<Path> readOnly, List<Path> writable, Path workingDir) {
        List<String> links = new ArrayList<>();
        List<String> binds = new ArrayList<>();
        List<String> dirs = new ArrayList<>(List.of("/.old", "/proc", "/dev"));
        List<String> shown = new ArrayList<>();
        system.forEach((path, link) -> {
            if (link.isEmpty()) {
                bind("ro", Path.of(path), binds, dirs);
                shown.add(path);
            } else {
                links.addAll(List.of("ln", path, link));
            }
        });
        for (Path p : readOnly.stream().map(FunctionSandbox::absolute).sorted(Comparator.comparing(Path::toString)).toList()) {
            String s = p.toString();
            if (!Files.exists(p) || shown.stream().anyMatch(a -> s.equals(a) || s.startsWith(a.endsWith("/") ? a : a + "/"))) continue;
            shown.add(s);
            bind("ro", p, binds, dirs);
        }
        for (Path p : writable) bind("rw", absolute(p), binds, dirs);
        String all = String.join("\n", dirs.stream().map(d -> root + d).toList());
        if (String.join("", binds).contains("\n") || workingDir.toString().contains("\n")) {
            throw new FunctionException(FunctionException.Kind.FAILED, "Function could not be started (a path holds a line break)");
        }
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-root-user", "--mount", "--pid", "--fork",
                "--kill-child", "--propagation", "private", "/bin/sh", "-c", SCRIPT, "homebase-sandbox", root.toString(), all));
        cmd.addAll(links);
        cmd.addAll(binds);
        cmd.addAll(List.of("--", absolute(workingDir).toString(), setpriv.toString(), "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /** Adds a bind of {@code p} and the folder it needs in the new root (the folder itself, or a file's parent). */
    private static void bind(String op, Path p, List<String> binds, List<String> dirs) {
        binds.addAll(List.of(op, p.toString()));
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        if (dir != null && !dir.toString().equals("/")) dirs.add(dir.toString());
    }

    /** What the log says about the confinement in force. */
    String describe() {
        return "unshare user+mount+PID namespaces, a private root with only the JDK, the SDK and the function's own folders, no capabilities";
    }

    /** The system folders and {@code /etc} entries shown: path to link target (empty: bind it read-only). */
    private static Map<String, String> systemPaths() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : SYSTEM) {
            Path p = Path.of(s);
            try {
                if (Files.isSymbolicLink(p)) out.put(s, Files.readSymbolicLink(p).toString());
                else if (Files.isDirectory(p)) out.put(s, "");
            } catch (IOException e) {
                // not shown
            }
        }
        List<String> etc = new ArrayList<>(ETC);
        try (Stream<Path> entries = Files.list(Path.of("/etc"))) {
            entries.map(Path::toString).filter(n -> n.startsWith("/etc/java-")).sorted().forEach(etc::add); // Debian's JDK configuration
        } catch (IOException e) {
            // no /etc: nothing more to show
        }
        for (String s : etc) {
            if (Files.exists(Path.of(s))) out.put(s, "");
        }
        return out;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** Logs which confinement is in force for {@code runtime} functions, once, at INFO (WARN when there is none, ERROR when it was required). */
    static void report(String runtime, Mode mode, Result result) {
        if (mode == Mode.OFF) log.warn("{} functions run unconfined ({}=off): they can read whatever files the server can", runtime, ENV);
        else if (result.sandbox().isPresent()) log.info("{} functions run confined: {}", runtime, result.sandbox().get().describe());
        else if (mode == Mode.REQUIRED) log.error("{} functions cannot be confined on this machine ({}) and {}=required: they will not run",
                    runtime, result.problem(), ENV);
        else log.warn("{} functions run unconfined: no sandbox on this machine ({}); they can read whatever files the server can"
                    + " (set {}=required to refuse to start instead)", runtime, result.problem(), ENV);
    }
}
