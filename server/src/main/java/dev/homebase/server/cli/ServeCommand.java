package dev.homebase.server.cli;

import static dev.homebase.server.internal.EnvNumbers.positive;

import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.MailSettings;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.functions.DenoBinary;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.agents.AgentCatalog;
import dev.homebase.server.agents.AgentSettings;
import dev.homebase.server.agents.AgentWatcher;
import dev.homebase.server.functions.FunctionWatcher;
import dev.homebase.server.integrations.extract.ExtractLimits;
import dev.homebase.server.integrations.custom.IntegrationWatcher;
import dev.homebase.server.project.EntityWatcher;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.DatabaseUrl;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import dev.homebase.server.store.QueryLimits;
import dev.homebase.server.store.sqlite.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homebase serve}: runs the server for one or more project folders until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve Base44 projects: the API, realtime and the built site on one port.")
final class ServeCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PROJECT_DIR", description = "Project folders (each containing base44/). Default: .")
    List<Path> projects = List.of();

    @Option(names = "--port", description = "Port (default: $HOMEBASE_PORT or 4400; 0 picks a free port)")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default: $HOMEBASE_HOST or 127.0.0.1)")
    String host;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    @Override
    public Integer call() {
        SqliteSynchronous.fromEnvironment(); // a bad value stops here, with one line naming the variable
        List<Path> dirs = projects.isEmpty() ? List.of(Path.of(".")) : projects;
        Path dataDir = data != null ? data : Env.path("HOMEBASE_DATA").orElse(dirs.get(0).resolve(".homebase"));
        ServerConfig config = new ServerConfig(
                dirs.stream().map(p -> p.toAbsolutePath().normalize()).toList(),
                host != null ? host : Env.string("HOMEBASE_HOST").orElse("127.0.0.1"),
                port != null ? port : Env.integer("HOMEBASE_PORT").orElse(ServerConfig.DEFAULT_PORT),
                dataDir,
                ServerConfig.databaseUrl(db != null ? db : Env.string("HOMEBASE_DB").orElse(null), dataDir),
                extractLimits(System::getenv)); // a bad HOMEBASE_EXTRACT_* value stops here, in one line
        boolean watch = watchFunctions();
        boolean watchSchemas = watchEntities();
        DatabaseUrl.parse(config.databaseUrl()); // a bad URL stops here, before anything is written
        config.projects().forEach(ProjectLoader::load); // a mistyped project folder too, before the data folder is made
        // A bad agent file or HOMEBASE_AGENT_* value too, in one line naming it.
        AgentSettings.fromEnvironment(System::getenv);
        new AgentCatalog(config.projects().stream().map(ProjectLoader::load)
                .collect(java.util.stream.Collectors.toMap(Project::appId, Project::dir, (a, b) -> a)));
        DataFolder.requireWritable(dataDir);
        DenoBinary.checkOverride().ifPresent(problem -> {
            throw new StartException(ExitCode.DENO_UNUSABLE, problem);
        });
        App app = startApp(config);
        FunctionWatcher watcher = watch ? FunctionWatcher.start(app.functions(), Duration.ofMillis(200)) : null;
        AgentWatcher agentWatcher = watch ? AgentWatcher.start(app.agents().catalog(), Duration.ofMillis(200)) : null;
        EntityWatcher entityWatcher = watchSchemas ? EntityWatcher.start(app.entityReloader(), Duration.ofMillis(200)) : null;
        // Custom integration files reload with the same switch as the entity files (HOMEBASE_ENTITIES_WATCH).
        IntegrationWatcher integrationWatcher = watchSchemas ? IntegrationWatcher.start(app.customIntegrations(), Duration.ofMillis(200)) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Shutdown.onSignal(() -> {
            if (watcher != null) watcher.close();
            if (agentWatcher != null) agentWatcher.close();
            if (entityWatcher != null) entityWatcher.close();
            if (integrationWatcher != null) integrationWatcher.close();
            app.close();
            stopped.countDown();
        });
        for (Project p : app.projects()) {
            System.out.println("Homebase listening on http://" + config.host() + ":" + app.port() + " (app " + p.appId() + ")");
        }
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Schema reload of the entity files: on unless {@code HOMEBASE_ENTITIES_WATCH=off}. */
    static boolean watchEntities() {
        String watch = Env.string("HOMEBASE_ENTITIES_WATCH").orElse("on");
        if (!watch.equals("on") && !watch.equals("off")) {
            throw new IllegalArgumentException("HOMEBASE_ENTITIES_WATCH must be on or off, got \"" + watch + "\"");
        }
        return watch.equals("on");
    }

    /**
     * Starts the server; a port that cannot be bound becomes {@link ExitCode#PORT_IN_USE}. The port is tried first on
     * its own, so that this fails fast, before the database is migrated, and without the web server's own error log.
     */
    private App startApp(ServerConfig config) {
        if (config.port() != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true); // as the web server binds: a port in TIME_WAIT is free
                probe.bind(new InetSocketAddress(config.host(), config.port()));
            } catch (BindException e) {
                throw portError(config, e);
            } catch (IOException e) {
                // not a bind failure (an unresolvable host name, say): the web server reports it
            }
        }
        try {
            AuthConfig auth = authConfig();
            FunctionSettings functions = functionSettings();
            RealtimeSettings realtime = realtimeSettings(System::getenv);
            QueryLimits queries = queryLimits(System::getenv);
            return App.start(config, AppOptions.defaults().withAuth(auth).withFunctions(functions).withRealtime(realtime)
                    .withQueryLimits(queries));
        } catch (RuntimeException e) {
            BindException bind = bindFailure(e);
            if (bind == null) throw e;
            throw portError(config, bind);
        }
    }

    private static StartException portError(ServerConfig config, BindException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        String where = config.host() + ":" + config.port();
        if (reason.contains("assign")) {
            return new StartException(ExitCode.PORT_IN_USE, "cannot listen on " + where + " (no such address on this machine); "
                    + "choose another address with --host / HOMEBASE_HOST", e);
        }
        if (reason.contains("permission")) {
            return new StartException(ExitCode.PORT_IN_USE, "cannot listen on " + where + " (permission denied: ports below 1024 "
                    + "need privileges); choose a port from 1024 up with --port / HOMEBASE_PORT", e);
        }
        return new StartException(ExitCode.PORT_IN_USE, "port " + config.port() + " on " + config.host() + " is already in use "
                + "(another Homebase?); stop that process or choose another port with --port / HOMEBASE_PORT", e);
    }

    private static BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) return b;
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof BindException b) return b;
            }
        }
        return null;
    }

    /** Hot reload of backend functions: on unless {@code HOMEBASE_FUNCTIONS_WATCH=off}. */
    static boolean watchFunctions() {
        String watch = Env.string("HOMEBASE_FUNCTIONS_WATCH").orElse("on");
        if (!watch.equals("on") && !watch.equals("off")) {
            throw new IllegalArgumentException("HOMEBASE_FUNCTIONS_WATCH must be on or off, got \"" + watch + "\"");
        }
        return watch.equals("on");
    }

    /**
     * Backend-function settings: {@code HOMEBASE_FUNCTIONS_HEAP_MB} caps the heap of each function process (default 256);
     * {@code HOMEBASE_FUNCTIONS_SANDBOX} confines Java functions: {@code auto} (default: when the machine allows it),
     * {@code required} (a start error when it does not) or {@code off}.
     */
    static FunctionSettings functionSettings() {
        FunctionSettings defaults = FunctionSettings.defaults();
        FunctionSettings settings = Env.integer("HOMEBASE_FUNCTIONS_HEAP_MB").map(defaults::withHeapLimitMb).orElse(defaults);
        return Env.string("HOMEBASE_FUNCTIONS_SANDBOX").map(settings::withSandbox).orElse(settings);
    }

    /**
     * Sign-in settings from {@code HOMEBASE_SMTP_*}, {@code HOMEBASE_ADMIN_*}, {@code HOMEBASE_PUBLIC_URL},
     * {@code HOMEBASE_ARGON2_MEMORY_KIB}/{@code _ITERATIONS} and {@code HOMEBASE_AUTH_RATE_LIMITS} (see {@link RateLimits#parse}).
     */
    static AuthConfig authConfig() {
        AuthConfig auth = AuthConfig.defaults();
        if (Env.string("HOMEBASE_ARGON2_MEMORY_KIB").isPresent() || Env.string("HOMEBASE_ARGON2_ITERATIONS").isPresent()) {
            auth = auth.withArgon(Env.integer("HOMEBASE_ARGON2_MEMORY_KIB").orElse(auth.argonMemoryKiB()),
                    Env.integer("HOMEBASE_ARGON2_ITERATIONS").orElse(auth.argonIterations()), auth.argonParallelism());
        }
        auth = auth.withRateLimits(RateLimits.parse(Env.string("HOMEBASE_AUTH_RATE_LIMITS").orElse("on")));
        if (Env.string("HOMEBASE_SMTP_HOST").isPresent()) {
            String tls = Env.string("HOMEBASE_SMTP_TLS").orElse(null);
            int defaultPort = "ssl".equals(tls) ? 465 : "starttls".equals(tls) ? 587 : 25;
            auth = auth.withSmtp(new MailSettings(Env.string("HOMEBASE_SMTP_HOST").get(),
                    Env.integer("HOMEBASE_SMTP_PORT").orElse(defaultPort),
                    Env.string("HOMEBASE_SMTP_USER").orElse(null),
                    Env.string("HOMEBASE_SMTP_PASSWORD").orElse(null),
                    tls,
                    Env.string("HOMEBASE_SMTP_FROM").orElse(null)));
        }
        var adminEmail = Env.string("HOMEBASE_ADMIN_EMAIL");
        var adminPassword = Optional.ofNullable(System.getenv("HOMEBASE_ADMIN_PASSWORD")).filter(p -> !p.isEmpty());
        if (adminEmail.isPresent() != adminPassword.isPresent()) {
            throw new IllegalArgumentException("Set both HOMEBASE_ADMIN_EMAIL and HOMEBASE_ADMIN_PASSWORD, or neither");
        }
        if (adminEmail.isPresent()) auth = auth.withAdmin(adminEmail.get(), adminPassword.get());
        return auth.withPublicUrl(Env.string("HOMEBASE_PUBLIC_URL").map(u -> u.replaceAll("/+$", "")).orElse(null));
    }

    /**
     * Realtime limits from {@code HOMEBASE_REALTIME_MAX_CONNECTIONS}, {@code _MAX_CONNECTIONS_PER_APP},
     * {@code _MAX_ROOMS_PER_CONNECTION}, {@code _PING_INTERVAL_MS}, {@code _PING_TIMEOUT_MS} and
     * {@code _DISPATCH_THREADS}; unset ones keep
     * {@link RealtimeSettings#defaults()}. The per-app limit defaults to the total when only the total is set.
     *
     * @param env reads one environment variable (null when unset)
     * @throws IllegalArgumentException naming the variable, for a value that is not a whole number from 1 up
     */
    static RealtimeSettings realtimeSettings(Function<String, String> env) {
        RealtimeSettings d = RealtimeSettings.defaults();
        int total = positive(env, "HOMEBASE_REALTIME_MAX_CONNECTIONS", d.maxConnections());
        int perApp = positive(env, "HOMEBASE_REALTIME_MAX_CONNECTIONS_PER_APP", Math.min(total, d.maxConnectionsPerApp()));
        int rooms = positive(env, "HOMEBASE_REALTIME_MAX_ROOMS_PER_CONNECTION", d.maxRoomsPerConnection());
        int interval = positive(env, "HOMEBASE_REALTIME_PING_INTERVAL_MS", (int) d.pingInterval().toMillis());
        int timeout = positive(env, "HOMEBASE_REALTIME_PING_TIMEOUT_MS", (int) d.pingTimeout().toMillis());
        int dispatchThreads = positive(env, "HOMEBASE_REALTIME_DISPATCH_THREADS", d.dispatchThreads());
        return d.withConnectionLimits(total, perApp).withMaxRoomsPerConnection(rooms)
                .withPing(Duration.ofMillis(interval), Duration.ofMillis(timeout)).withDispatchThreads(dispatchThreads);
    }

    /**
     * Database limits from {@code HOMEBASE_QUERY_TIMEOUT_MS} (how long one statement may run),
     * {@code HOMEBASE_DB_POOL_WAIT_MS} (how long a request waits for a connection) and {@code HOMEBASE_DB_POOL_SIZE}
     * (connections to PostgreSQL); unset ones keep {@link QueryLimits#defaults()}.
     *
     * @throws IllegalArgumentException naming the variable, for a value that is not a whole number from 1 up
     */
    static QueryLimits queryLimits(Function<String, String> env) {
        QueryLimits d = QueryLimits.defaults();
        return new QueryLimits(
                Duration.ofMillis(positive(env, "HOMEBASE_QUERY_TIMEOUT_MS", (int) d.statementTimeout().toMillis())),
                Duration.ofMillis(positive(env, "HOMEBASE_DB_POOL_WAIT_MS", (int) d.connectionWait().toMillis())),
                positive(env, "HOMEBASE_DB_POOL_SIZE", d.postgresPoolSize()));
    }

    /**
     * How much {@code ExtractDataFromUploadedFile} reads, from {@code HOMEBASE_EXTRACT_MAX_ROWS} and
     * {@code HOMEBASE_EXTRACT_MAX_BYTES} (at most {@link ExtractLimits#MAX_BYTES_LIMIT}); unset ones keep
     * {@link ExtractLimits#DEFAULT}'s.
     *
     * @throws IllegalArgumentException naming the variable, for a value that is not a whole number in range
     */
    static ExtractLimits extractLimits(Function<String, String> env) {
        ExtractLimits d = ExtractLimits.DEFAULT;
        return new ExtractLimits(positive(env, "HOMEBASE_EXTRACT_MAX_ROWS", d.maxRows()),
                positive(env, "HOMEBASE_EXTRACT_MAX_BYTES", (int) d.maxBytes(), (int) ExtractLimits.MAX_BYTES_LIMIT));
    }
}
