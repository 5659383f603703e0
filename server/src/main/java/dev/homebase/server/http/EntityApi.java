package dev.homebase.server.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.EntityScope;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entity routes ({@code /api/apps/{appId}/entities/...}): list, get, create, bulk create,
 * update, delete, delete many. Each handler reads as resolve, validate, execute, respond.
 */
final class EntityApi {
    /** Most records one list request returns; larger limits are clamped. */
    static final int MAX_LIMIT = 5000;
    /** Most elements one bulk create takes. */
    static final int MAX_BULK = 5000;
    /** Most items one bulk update takes. */
    static final int MAX_BULK_UPDATE = 500;
    /** Longest {@code q} parameter accepted, in characters. */
    static final int MAX_QUERY_CHARS = 64 * 1024;

    private final Apps apps;
    private final RecordService records;
    private final Bodies bodies;
    private final Callers callers;

    EntityApi(Apps apps, RecordService records, Bodies bodies, Callers callers) {
        this.apps = apps;
        this.records = records;
        this.bodies = bodies;
        this.callers = callers;
    }

    void list(Context ctx) {
        EntityContext ec = resolve(ctx);
        JsonNode q = queryParam(ctx);
        int limit = intParam(ctx, "limit", MAX_LIMIT);
        int skip = intParam(ctx, "skip", 0);
        List<ObjectNode> out = records.list(ec, q, ctx.queryParam("sort"), Math.min(limit == 0 ? MAX_LIMIT : limit, MAX_LIMIT), skip, fields(ctx));
        json(ctx, 200, out);
    }

    void count(Context ctx) {
        EntityContext ec = resolve(ctx);
        json(ctx, 200, Map.of("count", records.count(ec, queryParam(ctx))));
    }

    void get(Context ctx) {
        EntityContext ec = resolve(ctx);
        json(ctx, 200, records.get(ec, ctx.pathParam("id")));
    }

    void create(Context ctx) {
        EntityContext ec = resolve(ctx);
        ObjectNode body = bodies.object(ctx);
        json(ctx, 201, records.create(ec, body));
    }

    void bulkCreate(Context ctx) {
        EntityContext ec = resolve(ctx);
        json(ctx, 201, records.bulkCreate(ec, objects(ctx, MAX_BULK)));
    }

    void bulkUpdate(Context ctx) {
        EntityContext ec = resolve(ctx);
        json(ctx, 200, records.bulkUpdate(ec, objects(ctx, MAX_BULK_UPDATE)));
    }

    void upsert(Context ctx) {
        EntityContext ec = resolve(ctx);
        ObjectNode body = bodies.object(ctx);
        JsonNode recordsNode = body.get("records");
        if (recordsNode == null || !recordsNode.isArray()) throw ApiException.coded(400, "invalid_upsert", "\"records\" must be an array");
        if (recordsNode.size() > MAX_BULK_UPDATE) {
            throw ApiException.coded(400, "invalid_upsert", "At most " + MAX_BULK_UPDATE + " records per upsert");
        }
        JsonNode keyNode = body.get("key");
        List<String> key = new ArrayList<>();
        if (keyNode != null && keyNode.isTextual()) key.add(keyNode.textValue());
        else if (keyNode != null && keyNode.isArray()) keyNode.forEach(k -> key.add(k.isTextual() ? k.textValue() : ""));
        if (key.isEmpty() || key.contains("")) throw ApiException.coded(400, "invalid_upsert", "\"key\" must be a field name or an array of field names");
        try {
            RecordService.UpsertResult result = records.upsert(ec, key, RecordService.objects((ArrayNode) recordsNode));
            json(ctx, 200, Map.of("created", result.created(), "updated", result.updated(), "records", result.records()));
        } catch (IllegalArgumentException e) {
            throw ApiException.coded(400, "invalid_upsert", e.getMessage());
        }
    }

    void update(Context ctx) {
        EntityContext ec = resolve(ctx);
        ObjectNode body = bodies.object(ctx);
        json(ctx, 200, records.update(ec, ctx.pathParam("id"), body));
    }

    void delete(Context ctx) {
        EntityContext ec = resolve(ctx);
        records.delete(ec, ctx.pathParam("id"));
        json(ctx, 200, Map.of("success", true));
    }

    void deleteMany(Context ctx) {
        EntityContext ec = resolve(ctx);
        ObjectNode filter = bodies.objectOrEmpty(ctx);
        int deleted = records.deleteMany(ec, filter);
        json(ctx, 200, Map.of("success", true, "deleted", deleted));
    }

    /** The body as an array of at most {@code max} objects. @throws ApiException 400 otherwise */
    private List<ObjectNode> objects(Context ctx, int max) {
        ArrayNode body = bodies.array(ctx);
        if (body.size() > max) throw ApiException.badRequest("At most " + max + " records per request");
        try {
            return RecordService.objects(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private EntityContext resolve(Context ctx) {
        Apps.HostedApp app = apps.get(ctx.pathParam("appId"));
        String name = ctx.pathParam("entity");
        EntitySchema schema = app.project().entity(name)
                .orElseThrow(() -> ApiException.notFound("Entity \"" + name + "\" not found"));
        Principal caller = callers.of(ctx, app.project().appId());
        String env = dataEnv(ctx.header("X-Data-Env"), caller);
        return new EntityContext(schema, new EntityScope(app.project().appId(), schema.name(), env), caller, app.validator(),
                app.rules(schema));
    }

    /** {@code X-Data-Env}, else the service token's {@code data_env}, else prod (api-contract §1.6). */
    private static String dataEnv(String header, Principal caller) {
        if ("dev".equals(header) || "prod".equals(header)) return header;
        if (caller instanceof Principal.Service s && "dev".equals(s.dataEnv())) return "dev";
        return "prod";
    }

    private static JsonNode queryParam(Context ctx) {
        String raw = ctx.queryParam("q");
        if (raw == null || raw.isBlank()) return null;
        if (raw.length() > MAX_QUERY_CHARS) throw ApiException.badRequest("Query parameter 'q' is too long");
        try {
            JsonNode q = Json.parse(raw);
            if (!q.isObject()) throw ApiException.badRequest("Invalid query parameter 'q': it must be a JSON object");
            return q;
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("Invalid query parameter 'q': nested too deeply");
        } catch (IOException e) {
            throw ApiException.badRequest("Invalid query parameter 'q'");
        }
    }

    private static int intParam(Context ctx, String name, int absent) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return absent;
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 0) throw ApiException.badRequest("Query parameter '" + name + "' must not be negative");
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter '" + name + "' must be an integer");
        }
    }

    private static List<String> fields(Context ctx) {
        List<String> out = new ArrayList<>();
        for (String raw : ctx.queryParams("fields")) {
            Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        for (String raw : ctx.queryParams("fields[]")) {
            if (!raw.isBlank()) out.add(raw.strip());
        }
        return out;
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
