package dev.homebase.server.http;

import dev.homebase.server.applogs.AppLogs;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.project.Apps;
import dev.homebase.server.site.SiteHandler;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
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
        this(host, port, apps, records, site, auth, functions, mounts, NodeMetrics.none(), null);
    }

    /**
     * Like the other constructor, with what {@code GET /api/apps/{appId}/metrics} reports and where
     * page views and analytics events are kept (null: accepted, not kept). The server closes
     * {@code appLogs} when it closes, after its last request.
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site, AuthServices auth,
                      FunctionHost functions, Consumer<JavalinConfig> mounts, NodeMetrics metrics, AppLogs appLogs) {
        this.appLogs = appLogs;
        Bodies bodies = new Bodies(MAX_JSON_BYTES);
        Callers callers = new Callers(auth.authenticator());
        EntityApi entities = new EntityApi(apps, records, bodies, callers, MAX_UPLOAD_BYTES,
                new UserEntityApi(apps, auth.accounts(), callers, java.time.Clock.systemUTC()), new PageCursors(auth.keys()));
        AuthApi authApi = new AuthApi(apps, auth, callers, bodies);
        UserApi users = new UserApi(apps, auth, callers, bodies);
        AppApi app = new AppApi(apps, bodies, callers, appLogs);
        FunctionApi functionApi = new FunctionApi(apps, functions, callers, AppHosts.fromEnvironment(apps));
        OAuthApi oauth = new OAuthApi(apps, auth.social(), auth.limiter(), auth.limits(), auth.publicUrl());
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_JSON_BYTES;
            // Uploads larger than this fail while Jetty reads them; parts over 1 MB are spooled to disk.
            config.jetty.multipartConfig.cacheDirectory(System.getProperty("java.io.tmpdir"));
            config.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_BYTES + 64 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.host = host;
            config.jetty.port = port;
            // Long filters travel in the query string; EntityApi enforces its own, smaller limit on q.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.routes.exception(Exception.class, ErrorMapper::handle);
            mounts.accept(config); // before the route table: its catch-all GET serves the site
            Routes.register(config.routes, entities, authApi, users, app, functionApi, new LoginPage(apps, auth.publicUrl()), oauth, site,
                    new MetricsApi(apps, callers, metrics), new PublicSettingsApi(apps, auth.authenticator()), new Unavailable(apps),
                    new OpsApi(apps, auth.authenticator(), metrics));
            config.requestLogger.http(RequestMetrics::record); // GET /metrics: requests by route template and status
        }).start();
    }

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    /** Where page views and analytics events are kept, or null. */
    public AppLogs appLogs() {
        return appLogs;
    }

    @Override
    public void close() {
        javalin.stop();
        if (appLogs != null) appLogs.close();
    }
}
