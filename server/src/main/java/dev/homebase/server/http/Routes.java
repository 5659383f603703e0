package dev.homebase.server.http;

import dev.homebase.server.site.SiteHandler;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * The whole route table, in one place. Literal sub-routes come before {@code /{id}} routes, and
 * the catch-alls come last: Javalin tries routes in the order they are added.
 */
final class Routes {
    private static final String ENTITY = "/api/apps/{appId}/entities/{entity}";

    private Routes() {}

    static void register(RoutesConfig r, EntityApi entities, AppApi app, SiteHandler site) {
        r.before(ctx -> {
            RequestIds.assign(ctx);
            Cors.headers(ctx);
        });
        r.options("/<path>", Cors::preflight);

        r.get("/api/health", ctx -> EntityApi.json(ctx, 200, Map.of("status", "ok")));

        // Entities (api-contract §4). Literal sub-paths first.
        r.post(ENTITY + "/bulk", entities::bulkCreate);
        r.get(ENTITY, entities::list);
        r.post(ENTITY, entities::create);
        r.delete(ENTITY, entities::deleteMany);
        r.get(ENTITY + "/{id}", entities::get);
        r.put(ENTITY + "/{id}", entities::update);
        r.delete(ENTITY + "/{id}", entities::delete);

        // What every browser client sends by itself (api-contract §11, §13).
        r.post("/api/apps/{appId}/analytics/track/batch", app::trackBatch);
        r.post("/api/app-logs/{appId}/log-user-in-app/<page>", app::logUserInApp);

        // Anything else under /api is an unknown route; outside /api, GET serves the app's site.
        r.get("/api/<path>", Routes::unknown);
        r.post("/api/<path>", Routes::unknown);
        r.put("/api/<path>", Routes::unknown);
        r.patch("/api/<path>", Routes::unknown);
        r.delete("/api/<path>", Routes::unknown);
        r.get("/<path>", site::serve);
        r.get("/", site::serve);
    }

    private static void unknown(io.javalin.http.Context ctx) {
        throw ApiException.notFound("No route for " + ctx.method() + " " + ctx.path());
    }
}
