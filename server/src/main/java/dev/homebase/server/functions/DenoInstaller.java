package dev.homebase.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the pinned Deno the first time functions need it and none is found: {@code npm ci} with the
 * {@code package.json} and {@code package-lock.json} of {@code functions-runtime/} (embedded in the server, so this
 * works from any folder) into {@code <cache>/deno-<version>}, where the cache is {@code $XDG_CACHE_HOME/homebase},
 * else {@code ~/.cache/homebase}, else {@code DATA/cache}.
 *
 * <p>Safe to race: one install at a time per JVM (this object's lock) and per machine (a file lock next to the
 * folder); the install runs in a {@code deno-<version>.partial-*} folder that is renamed into place only once its
 * Deno answers {@code --version}, so a half-finished install (a crash, a kill) is never used, and the next install
 * removes it. Thread-safe.
 */
final class DenoInstaller {
    private static final Logger log = LoggerFactory.getLogger(DenoInstaller.class);
    /** Where the pinned runtime's npm files are in the server's resources. */
    static final String RESOURCES = "runtime/";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    /** After a failed install, calls answer with its message for this long before the next attempt. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** Why Deno could not be installed; the message is one line for the 503 body and the log. */
    static final class InstallException extends Exception {
        InstallException(String message) {
            super(message);
        }
    }

    private static final Map<Path, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path cacheRoot;
    private final String pathEnv;
    private final String version;
    private final AtomicInteger installs = new AtomicInteger();
    private String lastFailure;
    private long lastFailureNanos;

    /**
     * @param cacheRoot the folder holding {@code deno-<version>}
     * @param pathEnv the {@code PATH} to find {@code npm} on
     */
    DenoInstaller(Path cacheRoot, String pathEnv) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.pathEnv = pathEnv == null ? "" : pathEnv;
        this.version = pinnedVersion();
    }

    /** The installer for this machine: the cache folder from the environment, {@code npm} from {@code PATH}. */
    static DenoInstaller forEnvironment(Map<String, String> env, Path dataDir) {
        return new DenoInstaller(cacheRoot(env, dataDir), env.getOrDefault("PATH", ""));
    }

    /** {@code $XDG_CACHE_HOME/homebase}, else {@code $HOME/.cache/homebase}, else {@code DATA/cache}. */
    static Path cacheRoot(Map<String, String> env, Path dataDir) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "homebase");
        String home = env.get("HOME");
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home)) && Files.isWritable(Path.of(home))) {
            return Path.of(home, ".cache", "homebase");
        }
        return dataDir.toAbsolutePath().resolve("cache");
    }

    /** The Deno version {@code functions-runtime/package-lock.json} pins. */
    String version() {
        return version;
    }

    /** The folder the pinned Deno is installed in. */
    Path target() {
        return cacheRoot.resolve("deno-" + version);
    }

    /** How many installs this object ran (not counting those it found done). */
    int installCount() {
        return installs.get();
    }

    /** The installed Deno, if a finished install is there. */
    Optional<Path> installed() {
        return DenoBinary.installedUnder(target());
    }

    /**
     * The pinned Deno, installed now when it is not yet. Concurrent callers wait for one install.
     *
     * @throws InstallException saying why and what to do (npm missing, npm failed, no binary for this platform)
     */
    Path ensure() throws InstallException {
        synchronized (LOCKS.computeIfAbsent(target(), k -> new Object())) { // a FileLock is per JVM, not per thread
            return ensureLocked();
        }
    }

    private synchronized Path ensureLocked() throws InstallException {
        Optional<Path> done = installed();
        if (done.isPresent()) return done.get();
        if (lastFailure != null && System.nanoTime() - lastFailureNanos < RETRY_AFTER.toNanos()) throw new InstallException(lastFailure);
        try {
            Path deno = install();
            lastFailure = null;
            return deno;
        } catch (InstallException e) {
            lastFailure = e.getMessage();
            lastFailureNanos = System.nanoTime();
            log.warn("Deno {} could not be installed: {}", version, e.getMessage());
            throw e;
        }
    }

    private Path install() throws InstallException {
        Optional<Path> npm = onPath("npm");
        if (npm.isEmpty()) {
            throw new InstallException("Deno is not installed, and npm (which installs it) is not on PATH: install Node.js 20+ with npm, "
                    + "or set " + DenoBinary.ENV + " to a Deno " + version + " executable");
        }
        try {
            Files.createDirectories(cacheRoot);
        } catch (IOException e) {
            throw new InstallException("cannot create the folder " + cacheRoot + " to install Deno in (" + e.getMessage()
                    + "); make it writable, set XDG_CACHE_HOME, or set " + DenoBinary.ENV);
        }
        try (FileChannel channel = FileChannel.open(cacheRoot.resolve("deno-" + version + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Optional<Path> done = installed(); // another process may have finished it while we waited
            if (done.isPresent()) return done.get();
            removeLeftovers();
            log.info("Installing Deno {} for backend functions into {} (once; function calls wait for it)", version, target());
            long started = System.nanoTime();
            Path partial = Files.createTempDirectory(cacheRoot, "deno-" + version + ".partial-");
            installs.incrementAndGet();
            try {
                copyResource("package.json", partial);
                copyResource("package-lock.json", partial);
                runNpm(npm.get(), partial);
                Path binary = DenoBinary.installedUnder(partial).orElseThrow(() -> new InstallException(
                        "npm installed no Deno binary for this platform (" + System.getProperty("os.name") + " "
                                + System.getProperty("os.arch") + "); set " + DenoBinary.ENV + " to a Deno executable"));
                String seen = DenoBinary.versionOf(binary);
                if (seen == null || !seen.startsWith("deno " + version)) {
                    throw new InstallException("the installed Deno does not run (" + (seen == null ? "no version" : seen)
                            + "); set " + DenoBinary.ENV + " to a Deno executable");
                }
                if (Files.exists(target())) deleteTree(target()); // a folder without a working binary
                Files.move(partial, target(), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(partial)) deleteTree(partial);
            }
            log.info("Deno {} installed in {} ms", version, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return installed().orElseThrow(() -> new InstallException("Deno vanished from " + target() + " right after its install"));
        } catch (IOException e) {
            throw new InstallException("cannot install Deno into " + cacheRoot + " (" + e + "); set " + DenoBinary.ENV + " to a Deno executable");
        }
    }

    private void runNpm(Path npm, Path dir) throws InstallException, IOException {
        Path output = dir.resolve("npm-output.log");
        ProcessBuilder pb = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--ignore-scripts",
                "--loglevel=error", "--no-update-notifier")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("PATH", pathEnv); // npm's #! finds node on the same PATH
        Process process = pb.start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new InstallException("npm ci took longer than " + NPM_TIMEOUT.toMinutes() + " minutes (is the npm registry reachable?)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InstallException("interrupted while installing Deno");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
            lines.forEach(l -> log.debug("npm: {}", l));
            throw new InstallException("npm ci failed (exit code " + process.exitValue() + ": " + last
                    + "); check the network and npm's registry settings, or set " + DenoBinary.ENV);
        }
        Files.deleteIfExists(output);
    }

    /** Partial installs of this version that a crash or kill left behind; the caller holds the file lock. */
    private void removeLeftovers() {
        try (Stream<Path> entries = Files.list(cacheRoot)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith("deno-" + version + ".partial-")).toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            log.debug("cannot list {}: {}", cacheRoot, e.toString());
        }
    }

    private Optional<Path> onPath(String name) {
        List<String> names = new ArrayList<>(List.of(name));
        if (File.separatorChar == '\\') names.add(0, name + ".cmd");
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void copyResource(String name, Path dir) throws IOException {
        try (InputStream in = DenoInstaller.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException(name + " of functions-runtime is missing from the server's resources");
            Files.copy(in, dir.resolve(name));
        }
    }

    /** The {@code deno} version {@code package-lock.json} pins. */
    static String pinnedVersion() {
        try (InputStream in = DenoInstaller.class.getResourceAsStream(RESOURCES + "package-lock.json")) {
            if (in == null) throw new IllegalStateException("functions-runtime/package-lock.json is missing from the server's resources");
            JsonNode lock = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String v = lock.path("packages").path("node_modules/deno").path("version").asText("");
            if (!v.matches("[0-9A-Za-z.+-]+")) throw new IllegalStateException("functions-runtime/package-lock.json pins no deno version");
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", root, e.toString());
        }
    }
}
