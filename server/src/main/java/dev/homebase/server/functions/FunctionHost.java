package dev.homebase.server.functions;

import dev.homebase.server.auth.TokenService;
import dev.homebase.server.ops.ServerMetrics;
import dev.homebase.server.project.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * Runs the backend functions of every hosted app: one {@link FunctionPool} of warm processes per
 * function, started on first call, stopped after the idle timeout. Thread-safe.
 *
 * <p>Each process is built by the {@link FunctionLauncher} of the function's runtime
 * ({@link DenoLauncher} for {@code entry.ts|js}, {@link JavaLauncher} for {@code Entry.java}) with a
 * clean environment: the server's own variables, which may hold database credentials, are not passed
 * on; the app's {@link FunctionSecrets} are. Neither runtime can read the server's files: Deno by its
 * permissions, Java by {@link FunctionSandbox} (where the machine allows it).
 *
 * <pre>{@code
 * try (FunctionReply reply = host.call(appId, function, call)) { ... copy reply.body() ... }
 * }</pre>
 */
public final class FunctionHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionHost.class);
    /** Variables passed through to function processes: network and locale settings only. */
    private static final List<String> PASSED_ENV = List.of("HOME", "TZ", "LANG", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "no_proxy", "NPM_CONFIG_REGISTRY", "DENO_CERT", "DENO_TLS_CA_STORE", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR");
    /** How much longer than a call its service token lives. */
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(1);

    private final Map<String, FunctionCatalog> catalogs = new ConcurrentHashMap<>();
    private final Map<String, Path> projectDirs = new ConcurrentHashMap<>();
    private final FunctionSettings settings;
    private final Map<FunctionCatalog.Runtime, FunctionLauncher> launchers;
    private final TokenService tokens;
    private final FunctionSecrets secrets;
    private final Supplier<String> apiUrl;
    private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final ScheduledExecutorService reaper;
    private volatile FunctionLogs logs;
    private final List<java.util.function.BiConsumer<String, FunctionCatalog>> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When each function's source was last (re)loaded, by {@link #key}: at start, then by {@link #reload} when it changed. */
    private final Map<String, Instant> loadedAt = new ConcurrentHashMap<>();

    /**
     * @param dataDir the server's data folder: holds the Deno bootstrap and cache and the compiled Java functions
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
        Instant started = Instant.now();
        for (Project p : projects) {
            FunctionCatalog catalog = FunctionCatalog.scan(p.dir());
            catalogs.put(p.appId(), catalog);
            projectDirs.put(p.appId(), p.dir());
            catalog.all().keySet().forEach(name -> loadedAt.put(key(p.appId(), name), started));
        }
        this.settings = settings;
        this.tokens = tokens;
        this.secrets = secrets;
        this.apiUrl = apiUrl;
        Path dir = dataDir.toAbsolutePath().normalize();
        this.launchers = Map.of(
                FunctionCatalog.Runtime.DENO, new DenoLauncher(deno, dir, settings),
                FunctionCatalog.Runtime.JAVA, new JavaLauncher(dir, settings));
        prepareLaunchers(catalogs.values());
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
        FunctionLauncher launcher = launchers.get(function.runtime());
        Optional<String> unavailable = launcher.unavailable();
        if (unavailable.isPresent()) {
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "Backend functions are not available: " + unavailable.get());
        }
        String label = appId + "/" + function.name();
        FunctionPool pool = pools.computeIfAbsent(key(appId, function.name()),
                k -> new FunctionPool(() -> {
                    long starting = System.nanoTime();
                    FunctionProcess started = FunctionProcess.start(label, command(launcher, label, appId, function),
                            settings.startTimeout().toMillis(), output(appId, function.name(), label));
                    ServerMetrics.coldStart(appId, function.name(), System.nanoTime() - starting);
                    return started;
                }, settings.maxProcesses()));
        long begun = System.nanoTime();
        String outcome = "failed";
        FunctionProcess process;
        try {
            process = pool.acquire();
        } catch (RuntimeException e) {
            ServerMetrics.functionCall(appId, function.name(), "failed", System.nanoTime() - begun); // could not start
            throw e;
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(process, call), HttpResponse.BodyHandlers.ofInputStream());
            outcome = "ok";
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            // Deno cannot cancel one request, and the handler may be stuck in a loop: stop the whole process.
            log.warn("{}: no response within {} ms, stopping it", process, settings.callTimeout().toMillis());
            pool.release(process);
            pool.retire(process);
            throw new FunctionException(FunctionException.Kind.TIMEOUT,
                    "Function \"" + function.name() + "\" did not respond within " + settings.callTimeout().toSeconds() + " s");
        } catch (IOException e) {
            outcome = "crashed";
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
        } finally {
            ServerMetrics.functionCall(appId, function.name(), outcome, System.nanoTime() - begun);
        }
        return new FunctionReply(response.statusCode(), response.headers().map(), response.body(), () -> pool.release(process));
    }

    private HttpRequest request(FunctionProcess process, FunctionCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(LocalUri.of(process.port(), call.pathAndQuery()))
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

    /** The launcher's process with the clean environment: a few network and locale variables, and the app's secrets. */
    private ProcessBuilder command(FunctionLauncher launcher, String label, String appId, FunctionCatalog.Function function) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> inherited = System.getenv();
        for (String name : PASSED_ENV) {
            if (inherited.containsKey(name)) env.put(name, inherited.get(name));
        }
        env.putAll(secrets.all(appId)); // names are checked on write: never DENO_*, HOMEBASE_*, HOME or PATH
        return launcher.command(label, function, catalogs.get(appId).sharedDir(), env);
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
        try {
            prepareLaunchers(List.of(after));
        } catch (RuntimeException e) { // a runtime that cannot run here (a required sandbox missing): its calls answer 503
            log.warn("app {}: {}", appId, e.getMessage());
        }
        catalogs.put(appId, after);
        recordLoads(appId, before, after, changed);
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
        for (var listener : reloadListeners) {
            try {
                listener.accept(appId, after);
            } catch (RuntimeException e) {
                log.warn("app {}: after reloading the functions: {}", appId, e.toString());
            }
        }
        return drained;
    }

    /** The apps' secrets, which each new process gets as environment variables. */
    public FunctionSecrets secrets() {
        return secrets;
    }

    /**
     * Drains the warm processes of every function of {@code appId} (calls in flight finish), so the next call starts a
     * process with the app's secrets as stored now: a secret set or deleted while serving is seen by the next call.
     *
     * @return the names of the functions whose processes were drained
     */
    public Set<String> restartApp(String appId) {
        String prefix = key(appId, "");
        Set<String> drained = new TreeSet<>();
        for (String k : List.copyOf(pools.keySet())) {
            if (!k.startsWith(prefix)) continue;
            FunctionPool pool = pools.remove(k);
            if (pool != null) {
                pool.drain();
                drained.add(k.substring(prefix.length()));
            }
        }
        if (!drained.isEmpty()) log.info("app {}: secrets changed, restarting {}", appId, String.join(", ", drained));
        return drained;
    }

    /**
     * Has {@code listener} told, after each {@link #reload}, the app id and its functions as now read
     * (the automations re-read their {@code function.jsonc} files then).
     */
    public void onReload(java.util.function.BiConsumer<String, FunctionCatalog> listener) {
        reloadListeners.add(listener);
    }

    /**
     * Notes the load time of each function of {@code after} that is new, whose entry changed, or whose folder holds
     * a {@code changed} path (every function, for a change outside all function folders, as in {@code base44/shared/});
     * the others keep theirs, and removed functions lose theirs.
     */
    private void recordLoads(String appId, FunctionCatalog before, FunctionCatalog after, Collection<Path> changed) {
        Instant now = Instant.now();
        List<Path> folders = new ArrayList<>();
        before.all().values().forEach(f -> folders.add(f.dir()));
        after.all().values().forEach(f -> folders.add(f.dir()));
        boolean everything = changed.stream().anyMatch(p -> folders.stream().noneMatch(p::startsWith));
        for (FunctionCatalog.Function f : after.all().values()) {
            boolean reloaded = everything || !f.equals(before.all().get(f.name())) || changed.stream().anyMatch(p -> p.startsWith(f.dir()));
            if (reloaded || !loadedAt.containsKey(key(appId, f.name()))) loadedAt.put(key(appId, f.name()), now);
        }
        before.all().keySet().stream().filter(name -> !after.all().containsKey(name)).forEach(name -> loadedAt.remove(key(appId, name)));
    }

    /**
     * When the server last (re)loaded the source of function {@code name} of {@code appId}: when it started, or
     * when hot reload last saw the function's files (or {@code base44/shared/}) change. Kept by this node, in memory.
     */
    public Optional<Instant> loadedAt(String appId, String name) {
        return Optional.ofNullable(loadedAt.get(key(appId, name)));
    }

    /** The functions of {@code appId} as last read, if it is hosted here. */
    public Optional<FunctionCatalog> catalog(String appId) {
        return Optional.ofNullable(catalogs.get(appId));
    }

    /** Prepares (once more, harmlessly) the launcher of every runtime these catalogs use. */
    private void prepareLaunchers(Collection<FunctionCatalog> used) {
        launchers.forEach((runtime, launcher) -> {
            if (used.stream().noneMatch(c -> c.all().values().stream().anyMatch(f -> f.runtime() == runtime))) return;
            launcher.prepare();
            launcher.unavailable().ifPresent(why -> log.warn("{} functions cannot run: {}; they will answer 503", runtime, why));
        });
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
