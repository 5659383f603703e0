package dev.homebase.server.functions;

import dev.homebase.server.auth.TokenService;
import dev.homebase.server.project.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backend functions of every hosted app: one {@link FunctionPool} of warm Deno processes
 * per function, started on first call, stopped after the idle timeout. Thread-safe.
 *
 * <p>Each process runs our bootstrap ({@code bootstrap.js}, written to the data folder) with the
 * function's entry module, a clean environment (the server's own variables, which may hold database
 * credentials, are not passed on; the app's {@link FunctionSecrets} are), and the permissions {@code --allow-net --allow-env
 * --allow-read=<function folder, base44/shared, Deno cache>}: no writes, no subprocesses, no FFI.
 *
 * <pre>{@code
 * try (FunctionReply reply = host.call(appId, function, call)) { ... copy reply.body() ... }
 * }</pre>
 */
public final class FunctionHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionHost.class);
    private static final String BOOTSTRAP = "bootstrap.js";
    /** Variables passed through to function processes: network and locale settings only. */
    private static final List<String> PASSED_ENV = List.of("HOME", "TZ", "LANG", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "no_proxy", "NPM_CONFIG_REGISTRY", "DENO_CERT", "DENO_TLS_CA_STORE", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR");
    /** How much longer than a call its service token lives. */
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(1);

    private final Map<String, FunctionCatalog> catalogs = new ConcurrentHashMap<>();
    private final Map<String, Path> projectDirs = new ConcurrentHashMap<>();
    private final FunctionSettings settings;
    private final Optional<Path> deno;
    private final Path denoDir;
    private final Path bootstrap;
    private final TokenService tokens;
    private final FunctionSecrets secrets;
    private final Supplier<String> apiUrl;
    private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final ScheduledExecutorService reaper;
    private volatile FunctionLogs logs;

    /**
     * @param dataDir the server's data folder: holds the bootstrap script and the Deno cache
     * @param tokens mints the service token each call carries
     * @param secrets the apps' secrets, passed to each new process as environment variables
     * @param apiUrl this server's own URL without {@code /api}, as functions should call it
     * @throws UncheckedIOException when the data folder cannot be written
     */
    public FunctionHost(List<Project> projects, FunctionSettings settings, Path dataDir, TokenService tokens, FunctionSecrets secrets,
                        Supplier<String> apiUrl) {
        this(projects, settings, dataDir, tokens, secrets, apiUrl, DenoBinary.locate());
    }

    FunctionHost(List<Project> projects, FunctionSettings settings, Path dataDir, TokenService tokens, FunctionSecrets secrets,
                 Supplier<String> apiUrl, Optional<Path> deno) {
        for (Project p : projects) {
            catalogs.put(p.appId(), FunctionCatalog.scan(p.dir()));
            projectDirs.put(p.appId(), p.dir());
        }
        this.settings = settings;
        this.deno = deno;
        this.tokens = tokens;
        this.secrets = secrets;
        this.apiUrl = apiUrl;
        Path dir = dataDir.toAbsolutePath().normalize();
        this.denoDir = dir.resolve("deno");
        this.bootstrap = dir.resolve("functions").resolve(BOOTSTRAP);
        boolean any = catalogs.values().stream().anyMatch(c -> !c.all().isEmpty());
        if (any) {
            writeBootstrap();
            if (deno.isEmpty()) {
                log.warn("Deno was not found (set {} or run `npm ci` in {}/): backend functions will answer 503",
                        DenoBinary.ENV, DenoBinary.RUNTIME_DIR);
            }
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain loopback HTTP/1.1: no h2c upgrade dance
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("function-reaper").unstarted(r));
        long every = Math.max(200, Math.min(settings.idleTimeout().toMillis() / 2, 30_000));
        reaper.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
    }

    /** The function {@code name} of app {@code appId}. */
    public Optional<FunctionCatalog.Function> find(String appId, String name) {
        FunctionCatalog c = catalogs.get(appId);
        return c == null ? Optional.empty() : c.find(name);
    }

    /** A fresh service token for one call to a function of {@code appId}, valid a little longer than the call timeout. */
    public String serviceToken(String appId, String dataEnv) {
        return tokens.issueService(appId, dataEnv, null, settings.callTimeout().plus(TOKEN_MARGIN));
    }

    /** This server's URL without {@code /api}, as the function should call it back. */
    public String apiUrl() {
        return apiUrl.get();
    }

    /** How many processes run for this function right now. */
    public int processCount(String appId, String name) {
        FunctionPool pool = pools.get(key(appId, name));
        return pool == null ? 0 : pool.size();
    }

    /**
     * Sends one call to the function and returns its response once the headers arrived.
     *
     * @throws FunctionException when there is no response of the function's own
     */
    public FunctionReply call(String appId, FunctionCatalog.Function function, FunctionCall call) {
        if (deno.isEmpty()) {
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "Backend functions are not available: Deno is not installed");
        }
        String label = appId + "/" + function.name();
        FunctionPool pool = pools.computeIfAbsent(key(appId, function.name()),
                k -> new FunctionPool(() -> FunctionProcess.start(label, command(appId, function), settings.startTimeout().toMillis(),
                        output(appId, function.name(), label)),
                        settings.maxProcesses()));
        FunctionProcess process = pool.acquire();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(process, call), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            // Deno cannot cancel one request, and the handler may be stuck in a loop: stop the whole process.
            log.warn("{}: no response within {} ms, stopping it", process, settings.callTimeout().toMillis());
            pool.release(process);
            pool.retire(process);
            throw new FunctionException(FunctionException.Kind.TIMEOUT,
                    "Function \"" + function.name() + "\" did not respond within " + settings.callTimeout().toSeconds() + " s");
        } catch (IOException e) {
            pool.release(process);
            pool.retire(process);
            String what = process.isAlive() ? "dropped the connection" : "crashed (exit code " + process.exitCode() + ")";
            log.warn("{}: {} during a call: {}", process, what, e instanceof ConnectException ? "connection refused" : e.toString());
            throw new FunctionException(FunctionException.Kind.FAILED, "Function \"" + function.name() + "\" crashed");
        } catch (InterruptedException e) {
            pool.release(process);
            Thread.currentThread().interrupt();
            throw new FunctionException(FunctionException.Kind.FAILED, "Interrupted");
        } catch (RuntimeException e) {
            pool.release(process);
            throw e;
        }
        return new FunctionReply(response.statusCode(), response.headers().map(), response.body(), () -> pool.release(process));
    }

    private HttpRequest request(FunctionProcess process, FunctionCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.port() + call.pathAndQuery()))
                .timeout(settings.callTimeout())
                .method(call.method(), call.body().length == 0 && !hasBody(call.method())
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            for (String v : values) {
                try {
                    b.header(name, v);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK client sets itself (or an invalid value): not forwarded
                }
            }
        });
        return b.build();
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private ProcessBuilder command(String appId, FunctionCatalog.Function function) {
        List<String> read = new ArrayList<>(List.of(function.dir().toString(), denoDir.toString()));
        catalogs.get(appId).sharedDir().ifPresent(s -> read.add(s.toString()));
        List<String> cmd = new ArrayList<>(List.of(deno.orElseThrow().toString(), "run", "--no-prompt", "--no-lock",
                "--allow-net", "--allow-env",
                "--allow-read=" + String.join(",", read.stream().map(p -> p.replace(",", ",,")).toList())));
        Optional<Path> config = Arrays.stream(new String[] {"deno.json", "deno.jsonc"})
                .map(function.dir()::resolve).filter(Files::isRegularFile).findFirst();
        if (config.isPresent()) cmd.addAll(List.of("--config", config.get().toString()));
        else cmd.add("--no-config");
        cmd.add(bootstrap.toString());
        cmd.add(function.entry().toUri().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(function.dir().toFile());
        Map<String, String> env = pb.environment();
        Map<String, String> inherited = Map.copyOf(env);
        env.clear();
        for (String name : PASSED_ENV) {
            if (inherited.containsKey(name)) env.put(name, inherited.get(name));
        }
        env.putAll(secrets.all(appId)); // names are checked on write: never DENO_*, HOME or PATH
        env.put("DENO_DIR", denoDir.toString());
        env.put("DENO_NO_PACKAGE_JSON", "1"); // a package.json above the project must not turn on npm resolution
        env.put("DENO_NO_UPDATE_CHECK", "1");
        env.put("NO_COLOR", "1");
        // Trust what the machine trusts too (a company proxy's CA), not only Deno's bundled list.
        env.putIfAbsent("DENO_TLS_CA_STORE", "mozilla,system");
        return pb;
    }

    private void writeBootstrap() {
        try (InputStream in = FunctionHost.class.getResourceAsStream(BOOTSTRAP)) {
            if (in == null) throw new IllegalStateException(BOOTSTRAP + " is missing from the server's resources");
            byte[] content = in.readAllBytes();
            Files.createDirectories(bootstrap.getParent());
            Files.createDirectories(denoDir);
            if (!Files.exists(bootstrap) || !Arrays.equals(Files.readAllBytes(bootstrap), content)) Files.write(bootstrap, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bootstrap, e);
        }
    }

    private void reap() {
        long now = System.nanoTime();
        long idle = settings.idleTimeout().toNanos();
        pools.values().forEach(p -> p.reap(idle, now));
    }

    /**
     * Keeps what the functions print in {@code logs} too (besides the server log), from the next
     * process started on. The host closes it when it closes.
     */
    public void logTo(FunctionLogs logs) {
        this.logs = logs;
    }

    /** Where the functions' output is kept, when it is. */
    public Optional<FunctionLogs> logs() {
        return Optional.ofNullable(logs);
    }

    private FunctionProcess.Output output(String appId, String name, String label) {
        FunctionLogs sink = logs;
        return sink == null ? FunctionProcess.Output.serverLog(label) : sink.output(appId, name, label, secrets.all(appId).values());
    }

    /**
     * Reads the functions of {@code appId} from disk again after its files changed: new functions
     * become callable and removed ones unknown. The warm processes of removed functions and of those
     * whose folder holds a {@code changed} path (of every function when a change is outside all function
     * folders, as in {@code base44/shared/}) are drained: calls in flight finish, the next call starts
     * the new code. A folder that cannot be read keeps the previous catalog.
     *
     * @return the names of the functions whose processes were drained
     */
    public synchronized Set<String> reload(String appId, Collection<Path> changed) {
        Path dir = projectDirs.get(appId);
        if (dir == null) return Set.of();
        FunctionCatalog before = catalogs.get(appId);
        FunctionCatalog after;
        try {
            after = FunctionCatalog.scan(dir);
        } catch (RuntimeException e) {
            log.warn("app {}: functions not reloaded: {}", appId, e.getMessage());
            return Set.of();
        }
        if (!after.all().isEmpty()) writeBootstrap();
        catalogs.put(appId, after);
        List<Path> folders = new ArrayList<>();
        before.all().values().forEach(f -> folders.add(f.dir()));
        after.all().values().forEach(f -> folders.add(f.dir()));
        boolean everything = changed.stream().anyMatch(p -> folders.stream().noneMatch(p::startsWith));
        Set<String> drained = new TreeSet<>();
        for (FunctionCatalog.Function old : before.all().values()) {
            FunctionCatalog.Function now = after.all().get(old.name());
            boolean stale = everything || !old.equals(now) || changed.stream().anyMatch(p -> p.startsWith(old.dir()));
            if (!stale) continue;
            FunctionPool pool = pools.remove(key(appId, old.name()));
            if (pool != null) {
                pool.drain();
                drained.add(old.name());
            }
        }
        log.info("app {}: functions reloaded ({} found{})", appId, after.all().size(),
                drained.isEmpty() ? "" : ", restarting " + String.join(", ", drained));
        return drained;
    }

    /** The project folders whose functions this host runs, by app id. */
    public Map<String, Path> projectDirs() {
        return Map.copyOf(projectDirs);
    }

    private static String key(String appId, String name) {
        return appId + "\u0000" + name;
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        pools.values().forEach(FunctionPool::close);
        http.close();
        FunctionLogs sink = logs;
        if (sink != null) sink.close();
    }
}
