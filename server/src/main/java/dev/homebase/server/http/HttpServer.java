package dev.homebase.server.http;

import dev.homebase.server.applogs.AppLogs;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.integrations.extract.DataExtraction;
import dev.homebase.server.project.Apps;
import dev.homebase.server.site.SiteHandler;
import dev.homebase.server.store.PoolShares;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP server: Javalin on Jetty 12 with virtual threads, the route table and the error mapper.
 */
public final class HttpServer implements AutoCloseable {
    /** Largest JSON body accepted on the API. */
    public static final long MAX_JSON_BYTES = 16L * 1024 * 1024;

    /** Largest import upload (api-contract §1.7, §4.18: 50 MB). */
    public static final long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    /** Largest request line plus headers accepted (the filter {@code q} travels in the URL). */
    static final int MAX_HEADER_BYTES = 256 * 1024;

    private final Javalin javalin;
    private final AppLogs appLogs;

    /**
     * Builds and starts the server.
     *
     * @param host address to bind
     * @param port port to bind (0 picks a free one)
     * @param functions runs the apps' backend functions
     * @param mounts endpoints other modules install on the same server (the realtime socket)
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site, AuthServices auth,
                      FunctionHost functions, Consumer<JavalinConfig> mounts) {
        this(host, port, apps, records, site, auth, functions, mounts, NodeMetrics.none(), null, null, null);
    }

    /**
     * Like the other constructor, with what {@code GET /api/apps/{appId}/metrics} reports and where
     * page views and analytics events are kept (null: accepted, not kept). The server closes
     * {@code appLogs} when it closes, after its last request. {@code ai} serves InvokeLLM, GenerateImage and
     * the AI gateway (null: they answer 503). {@code integrations} serves the Core file and mail
     * integrations and {@code /media/}; null leaves them unavailable (501, 404).
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site, AuthServices auth,
                      FunctionHost functions, Consumer<JavalinConfig> mounts, NodeMetrics metrics, AppLogs appLogs,
                      IntegrationServices integrations, AiRoutes ai) {
        this(host, port, apps, records, site, auth, functions, mounts, metrics, appLogs, integrations, ai, null);
    }

    /**
     * Like the other constructors, with the connectors and SSO tokens of api-contract §8 and §9 (null:
     * no connector is declared and no SSO token is kept; those routes answer 404).
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site, AuthServices auth,
                      FunctionHost functions, Consumer<JavalinConfig> mounts, NodeMetrics metrics, AppLogs appLogs,
                      IntegrationServices integrations, AiRoutes ai, ConnectorRoutes connectors) {
        this(host, port, apps, records, site, auth, functions, mounts, metrics, appLogs, integrations, ai, connectors, null);
    }

    /**
     * Like the other constructors, with what the dashboard's Activity and Settings pages read (null: the settings
     * summary answers 503 and the realtime count is 0).
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site, AuthServices auth,
                      FunctionHost functions, Consumer<JavalinConfig> mounts, NodeMetrics metrics, AppLogs appLogs,
                      IntegrationServices integrations, AiRoutes ai, ConnectorRoutes connectors, DashboardSources dashboard) {
        this.appLogs = appLogs;
        Bodies bodies = new Bodies(MAX_JSON_BYTES);
        Callers callers = new Callers(auth.authenticator());
        EntityApi entities = new EntityApi(apps, records, bodies, callers, MAX_UPLOAD_BYTES,
                new UserEntityApi(apps, auth.accounts(), callers, java.time.Clock.systemUTC()), new PageCursors(auth.keys()));
        AuthApi authApi = new AuthApi(apps, auth, callers, bodies);
        UserApi users = new UserApi(apps, auth, callers, bodies);
        AppApi app = new AppApi(apps, bodies, callers, appLogs);
        FunctionApi functionApi = new FunctionApi(apps, functions, callers, AppHosts.fromEnvironment(apps));
        TrustedProxies proxies = TrustedProxies.fromEnvironment();
        OAuthApi oauth = new OAuthApi(apps, auth.social(), auth.limiter(), auth.limits(), auth.publicUrl());
        AiRoutes aiRoutes = ai != null ? ai : AiRoutes.none();
        // One check of who may call the Core integrations (files, mail and AI), from each app's "integrations" settings.
        IntegrationAccess access = new IntegrationAccess(callers, integrations == null ? null : integrations.settings());
        AiApi aiApi = new AiApi(apps, bodies, callers, access, aiRoutes.services(), auth.publicUrl(), aiRoutes.quota());
        this.javalin = Javalin.create(config -> {
            SegmentRouter.install(config.unsafe); // before any route: Javalin's matching, after a cheap first pass
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_JSON_BYTES;
            // Uploads larger than this fail while Jetty reads them; parts over 1 MB are spooled to disk.
            config.jetty.multipartConfig.cacheDirectory(System.getProperty("java.io.tmpdir"));
            long maxUpload = integrations == null ? MAX_UPLOAD_BYTES : Math.max(MAX_UPLOAD_BYTES, integrations.files().settings().maxUploadBytes());
            // A little over the limit: the handlers refuse a file past it after reading the body whole, so the client's
            // connection stays usable and it reads the 413; only far larger bodies are cut off by Jetty.
            config.jetty.multipartConfig.maxFileSize(maxUpload + 512 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUpload + 1024 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.host = host;
            config.jetty.port = port;
            // Long filters travel in the query string; EntityApi enforces its own, smaller limit on q.
            // NB: Jetty's per-connection header cache matches values case-insensitively by default, so after
            // "Authorization: Bearer T" on a kept-alive connection, "bearer T" would be read as "Bearer T".
            // The per-connection cache itself is off: it keeps header values seen on a connection in a trie, and behind a
            // proxy or with a client pool every request carries another user's token, which refilled (and cleared) the
            // trie on each request: ~10 % of the server's CPU on get by id.
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setHeaderCacheCaseSensitive(true);
                http.setHeaderCacheSize(0);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.routes.exception(Exception.class, ErrorMapper::handle);
            mounts.accept(config); // before the route table: its catch-all GET serves the site
            // Each caller's transactions hold at most a share of the connection pool (store/PoolShares):
            // the caller is the bearer token, or the address for anonymous requests.
            config.routes.before(ctx -> PoolShares.actingFor(callerKey(ctx)));
            config.routes.after(ctx -> PoolShares.done());
            if (!proxies.isEmpty()) config.routes.before(proxies::mark); // X-Forwarded-* from HOMEBASE_TRUSTED_PROXIES only
            Routes.register(config.routes, entities, authApi, users, app, functionApi, new LoginPage(apps, auth.publicUrl()), oauth, site,
                    new MetricsApi(apps, callers, metrics), new PublicSettingsApi(apps, auth.authenticator()), new Unavailable(apps),
                    integrations == null ? null : new IntegrationsApi(apps, access, bodies, integrations),
                    integrations == null ? null : new MediaApi(apps, integrations.files()), aiApi,
                    new OpsApi(apps, auth.authenticator(), metrics),
                    aiRoutes.agents() == null ? null : new AgentsApi(apps, bodies, callers, aiRoutes.agents()),
                    integrations == null ? null : new ExtractApi(apps, bodies, access, new DataExtraction(integrations.files(),
                            integrations.extractLimits(), aiRoutes.services()::extractStructured), auth.publicUrl()),
                    new ConnectorsApi(apps, callers, bodies, connectors == null ? null : connectors.connectors(),
                            connectors == null ? null : connectors.sso(), auth.publicUrl()),
                    new DashboardRoutes(new DashboardApi(apps, callers), new DashboardUsersApi(apps, callers, auth.accounts()),
                            new DashboardAppsApi(apps, callers, auth.accounts(), auth.serverAdmin()),
                            new DashboardDataApi(apps, callers, records),
                            new DashboardOpsApi(apps, callers, bodies, appLogs, dashboard, functions, java.time.Clock.systemUTC())));
            config.requestLogger.http(RequestMetrics::record); // GET /metrics: requests by route template and status
        }).start();
    }

    /** Who a request's database work is counted for: its Authorization header, else its address. */
    private static String callerKey(io.javalin.http.Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization != null ? "auth:" + authorization : "ip:" + ctx.ip();
    }

    /**
     * What the AI routes run on (generated images are public files, served at {@code /media/}).
     *
     * @param services InvokeLLM, GenerateImage and the gateway
     * @param agents the agents' conversations (api-contract §14), or null (their routes are then not served)
     * @param quota the per-app and per-user limits of InvokeLLM and GenerateImage (null: none)
     */
    public record AiRoutes(dev.homebase.server.ai.AiServices services, dev.homebase.server.agents.AgentService agents,
                           dev.homebase.server.integrations.IntegrationQuota quota) {
        /** No agents, no limits. */
        public AiRoutes(dev.homebase.server.ai.AiServices services) {
            this(services, null, null);
        }

        /** No provider: the AI routes answer 503. */
        static AiRoutes none() {
            return new AiRoutes(new dev.homebase.server.ai.AiServices(dev.homebase.server.ai.AiSettings.none(), java.util.List.of(),
                    (appId, name) -> java.util.Optional.empty(), (appId, bytes, type) -> {
                        throw new IllegalStateException("no image store");
                    }));
        }
    }

    /**
     * What the connector and SSO routes run on.
     *
     * @param connectors the apps' connectors (api-contract §8)
     * @param sso the kept provider tokens of social sign-ins (§9)
     */
    public record ConnectorRoutes(dev.homebase.server.connectors.Connectors connectors, dev.homebase.server.connectors.SsoTokens sso) {}

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    /** Where page views and analytics events are kept, or null. */
    public AppLogs appLogs() {
        return appLogs;
    }

    /** A registered route: an HTTP method and a Javalin path pattern such as {@code /api/apps/{appId}/entities/{entity}}. */
    public record Route(String method, String path) {}

    /** Every registered route, in the order of the route table (before-handlers excluded); tests walk it. */
    public List<Route> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> new Route(e.method.name(), e.path))
                .toList();
    }

    /** The router that finds each request's handlers (SegmentRouterTest compares it with Javalin's own). */
    io.javalin.router.InternalRouter router() {
        return javalin.unsafe.internalRouter;
    }

    @Override
    public void close() {
        javalin.stop();
        if (appLogs != null) appLogs.close();
    }
}
