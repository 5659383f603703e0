package dev.homebase.server.functions;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Deno executable, in this order: the {@code HOMEBASE_DENO} environment variable; the
 * binary {@code npm ci} installs under the repository's {@code functions-runtime/node_modules}
 * (looked for above the working folder and above the server's own jar or classes); {@code deno} on
 * {@code PATH}. When none is found, {@link DenoInstaller} installs the pinned one on first need.
 */
public final class DenoBinary {
    /** The environment variable that names the Deno executable. */
    public static final String ENV = "HOMEBASE_DENO";
    /** The folder holding the {@code package.json} that pins Deno. */
    static final String RUNTIME_DIR = "functions-runtime";

    private DenoBinary() {}

    /** The Deno executable to use, if any. */
    public static Optional<Path> locate() {
        return locate(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Optional<Path> locate(Map<String, String> env, Path workingDir) {
        String given = env.get(ENV);
        if (given != null && !given.isBlank()) return Optional.of(Path.of(given)); // explicit: used as is, failures say so
        for (Path root : searchRoots(workingDir)) {
            Optional<Path> installed = installedUnder(root.resolve(RUNTIME_DIR));
            if (installed.isPresent()) return installed;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, executableName());
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The Deno version {@code functions-runtime/package-lock.json} pins (and the server installs when none is found). */
    public static String pinnedVersion() {
        return DenoInstaller.pinnedVersion();
    }

    /**
     * What is wrong with {@code HOMEBASE_DENO}, when it is set and names no usable Deno (missing, not executable, not
     * Deno): a start error, not a 502 at the first call.
     */
    public static Optional<String> checkOverride() {
        String given = System.getenv(ENV);
        if (given == null || given.isBlank()) return Optional.empty();
        return checkExecutable(Path.of(given.strip()));
    }

    static Optional<String> checkExecutable(Path deno) {
        String fix = "; point " + ENV + " at a Deno executable, or unset it to use the pinned Deno";
        if (!Files.exists(deno)) return Optional.of(ENV + "=" + deno + " does not exist" + fix);
        if (Files.isDirectory(deno)) return Optional.of(ENV + "=" + deno + " is a folder, not the deno executable" + fix);
        if (!Files.isExecutable(deno)) return Optional.of(ENV + "=" + deno + " is not executable (chmod +x it)" + fix);
        String version = versionOf(deno);
        if (version == null || !version.startsWith("deno ")) {
            return Optional.of(ENV + "=" + deno + " is not Deno (`" + deno.getFileName() + " --version` answered "
                    + (version == null ? "nothing" : "\"" + version + "\"") + ")" + fix);
        }
        return Optional.empty();
    }

    /** The first line {@code deno --version} prints, or null when it does not run within 15 seconds or fails. */
    static String versionOf(Path deno) {
        try {
            Process p = new ProcessBuilder(deno.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (var in = p.getInputStream()) {
                    return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "";
                }
            });
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String first = out.get(5, java.util.concurrent.TimeUnit.SECONDS).strip().lines().findFirst().orElse("");
            if (first.length() > 80) first = first.substring(0, 80) + "...";
            return p.exitValue() == 0 ? first : (first.isEmpty() ? null : first);
        } catch (java.io.IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The repository roots to try: the working folder, the folders above it, and those above our code. */
    static List<Path> searchRoots(Path workingDir) {
        List<Path> roots = new ArrayList<>();
        for (Path p = workingDir; p != null && roots.size() < 4; p = p.getParent()) roots.add(p);
        try {
            Path code = Path.of(DenoBinary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            int n = 0;
            for (Path p = code.getParent(); p != null && n < 4; p = p.getParent(), n++) {
                if (!roots.contains(p)) roots.add(p);
            }
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            // no code location (unusual class loader): the working folder and PATH remain
        }
        return roots;
    }

    /** The binary installed by {@code npm ci} in {@code runtimeDir}, if present. */
    static Optional<Path> installedUnder(Path runtimeDir) {
        Path modules = runtimeDir.resolve("node_modules");
        if (!Files.isDirectory(modules)) return Optional.empty();
        // The platform package holds the binary; the "deno" package's postinstall (when scripts run) copies it.
        for (Path p : List.of(modules.resolve("@deno").resolve(platformPackage()).resolve(executableName()),
                modules.resolve("deno").resolve(executableName()))) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String platformPackage() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
        if (os.contains("win")) return "win32-" + cpu;
        if (os.contains("mac") || os.contains("darwin")) return "darwin-" + cpu;
        return "linux-" + cpu + "-glibc";
    }

    private static String executableName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") ? "deno.exe" : "deno";
    }
}
