package dev.homebase.server.http;

import io.javalin.http.Context;

/**
 * CORS for browsers that call the API from another origin (api-contract §1.5): the caller's origin
 * is reflected with credentials allowed, and {@code x-base44-connector-error} is exposed so the
 * client can read it.
 */
final class Cors {
    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String HEADERS = "Authorization, Content-Type, Accept, X-App-Id, X-Origin-URL, "
            + "X-Base44-Anonymous-Id, Base44-Functions-Version, Base44-State, X-Data-Env, on-behalf-of, X-Bypass-RLS";

    private Cors() {}

    /** Adds the CORS headers to every answer to a request that names an origin. */
    static void headers(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return;
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Allow-Credentials", "true");
        ctx.header("Access-Control-Expose-Headers", "x-base44-connector-error, X-Request-Id");
        ctx.header("Vary", "Origin");
    }

    /** Answers a preflight request. */
    static void preflight(Context ctx) {
        String requested = ctx.header("Access-Control-Request-Headers");
        ctx.header("Access-Control-Allow-Methods", METHODS);
        ctx.header("Access-Control-Allow-Headers", requested != null && !requested.isBlank() ? requested : HEADERS);
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }
}
