package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.agents.AgentException;
import dev.homebase.server.agents.AgentService;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent routes (api-contract §14) under {@code /api/apps/{appId}/agents}: list, create and get conversations,
 * add a message (the v2 path, and the older one). The caller is a user, the service role, or an anonymous visitor
 * named by {@code X-Base44-Anonymous-Id}; {@link AgentService} decides ownership. WhatsApp and Telegram connections
 * are not available: their browser links answer 501 with a page (or JSON) that says so.
 */
final class AgentsApi {
    /** The header of the browser's anonymous visitor id. */
    static final String VISITOR = "X-Base44-Anonymous-Id";

    private final Apps apps;
    private final Bodies bodies;
    private final Callers callers;
    private final AgentService agents;

    AgentsApi(Apps apps, Bodies bodies, Callers callers, AgentService agents) {
        this.apps = apps;
        this.bodies = bodies;
        this.callers = callers;
        this.agents = agents;
    }

    /** {@code GET .../agents/conversations}: {@code q} (bracket notation or JSON), sort, limit, skip, fields. */
    void list(Context ctx) {
        String appId = appId(ctx);
        Principal caller = callers.of(ctx, appId);
        JsonNode q = query(ctx);
        String sort = ctx.queryParam("sort") != null ? ctx.queryParam("sort") : ctx.queryParam("sort_by");
        int limit = EntityApi.intParam(ctx, "limit", 100);
        int skip = EntityApi.intParam(ctx, "skip", 0);
        List<String> fields = new ArrayList<>(ctx.queryParams("fields[]"));
        for (String raw : ctx.queryParams("fields")) for (String f : raw.split(",")) if (!f.isBlank()) fields.add(f.strip());
        respond(ctx, 200, () -> agents.list(appId, caller, ctx.header(VISITOR), q, sort, limit, skip, fields));
    }

    /** {@code POST .../agents/conversations}. */
    void create(Context ctx) {
        String appId = appId(ctx);
        Principal caller = callers.of(ctx, appId);
        JsonNode body = bodies.json(ctx);
        respond(ctx, 200, () -> agents.create(appId, caller, ctx.header(VISITOR), body));
    }

    /** {@code GET .../agents/conversations/{id}}. */
    void get(Context ctx) {
        String appId = appId(ctx);
        Principal caller = callers.of(ctx, appId);
        respond(ctx, 200, () -> agents.get(appId, caller, ctx.header(VISITOR), ctx.pathParam("id")));
    }

    /** {@code POST .../agents/conversations/v2/{id}/messages} (and the pre-v2 path). */
    void addMessage(Context ctx) {
        String appId = appId(ctx);
        Principal caller = callers.of(ctx, appId);
        JsonNode body = bodies.json(ctx);
        respond(ctx, 200, () -> agents.addMessage(appId, caller, ctx.header(VISITOR), ctx.pathParam("id"), body));
    }

    /** {@code GET .../agents/{agent}/whatsapp} and {@code /telegram}: a browser link; not available here. */
    void messengerLink(Context ctx) {
        appId(ctx);
        String messenger = ctx.path().endsWith("/telegram") ? "Telegram" : "WhatsApp";
        String message = messenger + " connections of agents are not available in Homebase; talk to the agent in the app instead";
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.status(501).contentType("text/html; charset=utf-8").result("<!doctype html><meta charset=\"utf-8\"><title>Not available</title>"
                    + "<h1>Not available</h1><p>" + message + ".</p>");
            return;
        }
        throw new ApiException(501, "not_implemented", "NotImplementedError", message, Map.of());
    }

    private String appId(Context ctx) {
        return apps.require(ctx.pathParam("appId")).project().appId();
    }

    private static void respond(Context ctx, int status, Supplier<Object> work) {
        Object out;
        try {
            out = work.get();
        } catch (AgentException e) {
            throw switch (e.status()) {
                case 401 -> new ApiException(401, "unauthorized", "UnauthorizedError", e.getMessage(), Map.of());
                case 403 -> ApiException.forbidden(e.getMessage());
                case 404 -> ApiException.notFound(e.getMessage());
                default -> new ApiException(e.status(), "bad_request", "BadRequestError", e.getMessage(), Map.of());
            };
        }
        EntityApi.json(ctx, status, out);
    }

    /**
     * The filter: {@code q} as a JSON object, or in axios's bracket notation ({@code q[agent_name]=x},
     * {@code q[metadata.priority]=high}, {@code q[metadata][priority]=high}, {@code q[tags][]=a&q[tags][]=b} → {@code $in}).
     * Bracket values are strings, as they arrive.
     */
    static JsonNode query(Context ctx) {
        JsonNode json = EntityApi.queryParam(ctx);
        if (json != null) return json;
        ObjectNode q = null;
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("q[")) continue;
            boolean many = key.endsWith("[]");
            String inner = many ? key.substring(2, key.length() - 2) : key.substring(2);
            if (!inner.endsWith("]")) throw ApiException.badRequest("Invalid query parameter '" + key + "'");
            String path = inner.substring(0, inner.length() - 1).replace("][", ".");
            if (path.isBlank() || path.contains("[") || path.contains("]")) throw ApiException.badRequest("Invalid query parameter '" + key + "'");
            if (q == null) q = Json.object();
            if (many) {
                ArrayNode in = q.putObject(path).putArray("$in");
                e.getValue().forEach(in::add);
            } else {
                q.put(path, e.getValue().get(e.getValue().size() - 1));
            }
        }
        return q;
    }
}
