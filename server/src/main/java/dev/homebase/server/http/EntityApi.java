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
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.EntityScope;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity routes ({@code /api/apps/{appId}/entities/...}): list, cursor pages, get, create,
 * bulk create, update, delete, delete many. Each handler reads as resolve, validate, execute, respond.
 */
final class EntityApi {
    /** Most records one list request returns; larger limits are clamped. */
    static final int MAX_LIMIT = 5000;
    /** Most elements one bulk create takes. */
    static final int MAX_BULK = 5000;
    /** Most items one bulk update takes. */
    static final int MAX_BULK_UPDATE = 500;
    /** Most records one cursor page returns ({@code v2/list}, api-contract §4.18). */
    static final int MAX_PAGE = 5000;
    /** Most distinct values one cursor page returns. */
    static final int MAX_DISTINCT_PAGE = 1000;
    /** Items per cursor page when the request names no limit. */
    static final int DEFAULT_PAGE = 100;
    /** Longest {@code q} parameter accepted, in characters. */
    static final int MAX_QUERY_CHARS = 64 * 1024;

    private final Apps apps;
    private final RecordService records;
    private final Bodies bodies;
    private final Callers callers;
    private final PageCursors cursors = new PageCursors();

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

    /**
     * A cursor page (api-contract §4.3): records in sort order, or with {@code distinct} the
     * distinct values of a field. A follow-up may send only {@code cursor} and {@code limit}; any
     * {@code q}, {@code sort}, {@code fields} or {@code distinct} it also sends must equal the
     * cursor's.
     */
    void listPage(Context ctx) {
        EntityContext ec = resolve(ctx);
        JsonNode q = queryParam(ctx);
        String sort = blankToNull(ctx.queryParam("sort"));
        List<String> fields = fields(ctx);
        String distinct = blankToNull(ctx.queryParam("distinct"));
        String cursor = blankToNull(ctx.queryParam("cursor"));
        String scope = ec.scope().appId() + "/" + ec.scope().entity() + "/" + ec.scope().env();
        PageCursors.Walk walk = new PageCursors.Walk(scope, q, sort, fields, distinct, null);
        if (cursor != null) walk = continued(cursors.open(cursor), walk);
        int limit = pageLimit(ctx, walk.distinct() != null ? MAX_DISTINCT_PAGE : MAX_PAGE);
        RecordService.KeysetPage page;
        try {
            page = walk.distinct() != null
                    ? records.distinctAfter(ec, walk.q(), walk.distinct(), limit, walk.position())
                    : records.listAfter(ec, walk.q(), walk.sort(), walk.fields(), limit, walk.position());
        } catch (IllegalArgumentException e) {
            throw PageCursors.invalid(); // a position that does not fit the walk's sort
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_cursor", page.hasMore()
                ? cursors.issue(new PageCursors.Walk(scope, walk.q(), walk.sort(), walk.fields(), walk.distinct(), page.position()))
                : null);
        body.put("has_more", page.hasMore());
        json(ctx, 200, body);
    }

    /** The cursor's walk, after checking that whatever the request also sent agrees with it. */
    private static PageCursors.Walk continued(PageCursors.Walk from, PageCursors.Walk sent) {
        if (!from.scope().equals(sent.scope())) throw differentQuery();
        if (sent.q() != null && !sent.q().equals(from.q())) throw differentQuery();
        if (sent.distinct() != null && !sent.distinct().equals(from.distinct())) throw differentQuery();
        if (sent.sort() != null && (from.distinct() != null || !Sort.parse(sent.sort()).equals(Sort.parse(from.sort())))) {
            throw ApiException.coded(400, "invalid_cursor", "Cursor was issued for a different sort");
        }
        if (!sent.fields().isEmpty() && (from.distinct() != null || !sent.fields().equals(from.fields()))) throw differentQuery();
        return from;
    }

    private static ApiException differentQuery() {
        return ApiException.coded(400, "invalid_cursor", "Cursor was issued for a different query");
    }

    /** {@code limit}: absent gives {@link #DEFAULT_PAGE}; otherwise an integer from 1 to {@code max}. */
    private static int pageLimit(Context ctx, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) return Math.min(DEFAULT_PAGE, max);
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1 && value <= max) return value;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.coded(400, "invalid_limit", "Query parameter 'limit' must be an integer from 1 to " + max);
    }

    private static String blankToNull(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
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
        ArrayNode body = bodies.array(ctx);
        if (body.size() > MAX_BULK) throw ApiException.badRequest("At most " + MAX_BULK + " records per bulk request");
        List<ObjectNode> items;
        try {
            items = RecordService.objects(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        json(ctx, 201, records.bulkCreate(ec, items));
    }

    void bulkUpdate(Context ctx) {
        EntityContext ec = resolve(ctx);
        ArrayNode body = bodies.array(ctx);
        if (body.size() > MAX_BULK_UPDATE) throw ApiException.badRequest("At most " + MAX_BULK_UPDATE + " records per bulk update");
        List<ObjectNode> items;
        try {
            items = RecordService.objects(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        json(ctx, 200, records.bulkUpdate(ec, items));
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
