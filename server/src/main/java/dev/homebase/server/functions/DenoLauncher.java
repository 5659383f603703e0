package dev.homebase.server.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code entry.ts} / {@code entry.js} functions: our bootstrap ({@code bootstrap.js}, written
 * to the data folder) imports the entry module under Deno with the permissions {@code --allow-net
 * --allow-env --allow-read=<function folder, base44/shared, Deno cache>} (no writes, no
 * subprocesses, no FFI) and V8's old space capped at the configured heap limit.
 */
final class DenoLauncher implements FunctionLauncher {
    private static final String BOOTSTRAP = "bootstrap.js";

    private volatile Optional<Path> deno;
    private final DenoInstaller installer;
    private final Path denoDir;
    private final Path bootstrap;
    private final FunctionSettings settings;

    /**
     * @param deno the Deno executable, if one was found
     * @param dataDir the server's data folder, absolute: holds the bootstrap and the Deno cache
     */
    DenoLauncher(Optional<Path> deno, Path dataDir, FunctionSettings settings) {
        this(deno, dataDir, settings, DenoInstaller.forEnvironment(System.getenv(), dataDir));
    }

    /**
     * @param installer installs the pinned Deno when {@code deno} is empty: the first time this runtime is needed
     *     ({@link #unavailable()}, called when a project with Deno functions starts or gets its first one, and before
     *     each call)
     */
    DenoLauncher(Optional<Path> deno, Path dataDir, FunctionSettings settings, DenoInstaller installer) {
        this.deno = deno;
        this.installer = installer;
        this.denoDir = dataDir.resolve("deno");
        this.bootstrap = dataDir.resolve("functions").resolve(BOOTSTRAP);
        this.settings = settings;
    }

    /**
     * Empty once a Deno is there. Without one, installs the pinned Deno ({@link DenoInstaller}; concurrent callers wait
     * for the one install) and answers why it could not, in one line (npm missing, npm failed); a failed install is
     * tried again by a call 30 seconds later, so fixing the cause needs no restart.
     */
    @Override
    public Optional<String> unavailable() {
        if (deno.isPresent()) return Optional.empty();
        try {
            deno = Optional.of(installer.ensure());
            return Optional.empty();
        } catch (DenoInstaller.InstallException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void prepare() {
        try (InputStream in = DenoLauncher.class.getResourceAsStream(BOOTSTRAP)) {
            if (in == null) throw new IllegalStateException(BOOTSTRAP + " is missing from the server's resources");
            byte[] content = in.readAllBytes();
            Files.createDirectories(bootstrap.getParent());
            Files.createDirectories(denoDir);
            if (!Files.exists(bootstrap) || !Arrays.equals(Files.readAllBytes(bootstrap), content)) Files.write(bootstrap, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bootstrap, e);
        }
    }

    @Override
    public ProcessBuilder command(String label, FunctionCatalog.Function function, Optional<Path> sharedDir, Map<String, String> env) {
        List<String> read = new ArrayList<>(List.of(function.dir().toString(), denoDir.toString()));
        sharedDir.ifPresent(s -> read.add(s.toString()));
        List<String> cmd = new ArrayList<>(List.of(deno.orElseThrow().toString(), "run", "--no-prompt", "--no-lock",
                "--allow-net", "--allow-env",
                "--allow-read=" + String.join(",", read.stream().map(p -> p.replace(",", ",,")).toList()),
                "--v8-flags=--max-old-space-size=" + settings.heapLimitMb()));
        Optional<Path> config = Arrays.stream(new String[] {"deno.json", "deno.jsonc"})
                .map(function.dir()::resolve).filter(Files::isRegularFile).findFirst();
        if (config.isPresent()) cmd.addAll(List.of("--config", config.get().toString()));
        else cmd.add("--no-config");
        cmd.add(bootstrap.toString());
        cmd.add(function.entry().toUri().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(function.dir().toFile());
        Map<String, String> processEnv = pb.environment();
        processEnv.clear();
        processEnv.putAll(env);
        processEnv.put("DENO_DIR", denoDir.toString());
        processEnv.put("DENO_NO_PACKAGE_JSON", "1"); // a package.json above the project must not turn on npm resolution
        processEnv.put("DENO_NO_UPDATE_CHECK", "1");
        processEnv.put("NO_COLOR", "1");
        // Trust what the machine trusts too (a company proxy's CA), not only Deno's bundled list.
        processEnv.putIfAbsent("DENO_TLS_CA_STORE", "mozilla,system");
        return pb;
    }
}
