package dev.homebase.server.http;

import dev.homebase.server.entity.RecordService;
import dev.homebase.server.site.SiteHandler;
import io.javalin.Javalin;

/**
 * The HTTP server: Javalin on Jetty 12 with virtual threads, the route table and the error mapper.
 */
public final class HttpServer implements AutoCloseable {
    /** Largest JSON body accepted on the API. */
    public static final long MAX_JSON_BYTES = 16L * 1024 * 1024;

    private final Javalin javalin;

    /**
     * Builds and starts the server.
     *
     * @param host address to bind
     * @param port port to bind (0 picks a free one)
     */
    public HttpServer(String host, int port, Apps apps, RecordService records, SiteHandler site) {
        EntityApi entities = new EntityApi(apps, records, new Bodies(MAX_JSON_BYTES));
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_JSON_BYTES;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.exception(Exception.class, ErrorMapper::handle);
            Routes.register(config.routes, entities, site);
        }).start();
    }

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
