package dev.homebase.server.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.ImportFile;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.EntityScope;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity routes ({@code /api/apps/{appId}/entities/...}): list, get, create, bulk create,
 * update, bulk update, update many, upsert, aggregate, import, count, delete, delete many. Each handler reads
 * as resolve, validate, execute, respond.
 * The entity routes ({@code /api/apps/{appId}/entities/...}): list, cursor pages, get, create,
 * bulk create, update, delete, delete many. Each handler reads as resolve, validate, execute, respond.
 * What an entity is served from is chosen once per request ({@link EntityEndpoint}): the app's
 * records, or the users table for the built-in User entity; the handlers do not tell them apart.
 */
final class EntityApi {
    private static final Logger log = LoggerFactory.getLogger(EntityApi.class);

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
    private final long maxUploadBytes;
    private final PageCursors cursors;
    private final UserEntityApi users;
    /** The request attribute holding the chosen {@link EntityEndpoint}. */
    private static final String ENDPOINT = "homebase.entityEndpoint";

    EntityApi(Apps apps, RecordService records, Bodies bodies, Callers callers, long maxUploadBytes, UserEntityApi users, PageCursors cursors) {
        this.cursors = cursors;
        this.users = users;
        this.maxUploadBytes = maxUploadBytes;
        this.apps = apps;
        this.records = records;
        this.bodies = bodies;
        this.callers = callers;
    }

    /**
     * The endpoint of the route's entity: the built-in User entity ({@link UserEntityApi}, which resolves the caller
     * itself when it runs) or the app's records (resolved here: an unknown app or entity is a 404, an invalid token a
     * 401). Each handler asks once; only the {@link #recordsOnly} routes ask twice, and keep it ({@link #kept}).
     */
    private EntityEndpoint endpoint(Context ctx) {
        return "user".equalsIgnoreCase(ctx.pathParam("entity")) ? users : new RecordEndpoint(records, resolve(ctx));
    }

    /** {@link #endpoint}, chosen once per request and kept in the request (for the routes that ask twice). */
    private EntityEndpoint kept(Context ctx) {
        EntityEndpoint chosen = ctx.attribute(ENDPOINT);
        if (chosen == null) {
            chosen = endpoint(ctx);
            ctx.attribute(ENDPOINT, chosen);
        }
        return chosen;
    }

    void list(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        JsonNode q = queryParam(ctx);
        String sort = ctx.queryParam("sort");
        int limit = listLimit(ctx.queryParam("limit"));
        int skip = intParam(ctx, "skip", 0);
        endpoint.list(ctx, q, sort, limit, skip, fields(ctx));
    }

    /**
     * A cursor page (api-contract §4.3): records in sort order, or with {@code distinct} the
     * distinct values of a field. A follow-up may send only {@code cursor} and {@code limit}; any
     * {@code q}, {@code sort}, {@code fields} or {@code distinct} it also sends must equal the
     * cursor's.
     */
    void listPage(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        JsonNode q = queryParam(ctx);
        String sort = blankToNull(ctx.queryParam("sort"));
        List<String> fields = fields(ctx);
        String distinct = blankToNull(ctx.queryParam("distinct"));
        String cursor = blankToNull(ctx.queryParam("cursor"));
        String scope = endpoint.scope(ctx);
        PageCursors.Walk walk = new PageCursors.Walk(scope, q, sort, fields, distinct, null);
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        if (cursor != null) walk = continued(cursors.open(appId, cursor), walk);
        int limit = pageLimit(ctx, walk.distinct() != null ? MAX_DISTINCT_PAGE : MAX_PAGE);
        RecordService.KeysetPage page;
        try {
            page = walk.distinct() != null
                    ? endpoint.distinctAfter(ctx, walk.q(), walk.distinct(), limit, walk.position())
                    : endpoint.listAfter(ctx, walk.q(), walk.sort(), walk.fields(), limit, walk.position());
        } catch (IllegalArgumentException e) {
            throw PageCursors.invalid(); // a position that does not fit the walk's sort
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_cursor", page.hasMore()
                ? cursors.issue(appId, new PageCursors.Walk(scope, walk.q(), walk.sort(), walk.fields(), walk.distinct(), page.position()))
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
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.count(ctx, queryParam(ctx));
    }

    /** {@code POST .../aggregate}: errors use the coded envelope (api-contract §4.13). */
    void aggregate(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.authenticate(ctx); // a bad token is a 401 before the body is looked at
        ObjectNode body;
        try {
            body = bodies.objectOrEmpty(ctx);
        } catch (ApiException e) {
            if (e.status() != 400) throw e;
            throw ApiException.coded(400, "invalid_aggregate", e.getMessage());
        }
        RecordService.AggregateResult result;
        try {
            result = endpoint.aggregate(ctx, body);
        } catch (QueryException e) {
            throw ApiException.coded(400, "invalid_aggregate", e.getMessage());
        }
        json(ctx, 200, Map.of("rows", result.rows(), "truncated", result.truncated()));
    }

    void get(Context ctx) {
        endpoint(ctx).get(ctx);
    }

    void create(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        // An empty body is no body (the client declares JSON even then): a record of defaults.
        endpoint.create(ctx, bodies.objectOrEmpty(ctx));
    }

    void bulkCreate(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.bulkCreate(ctx, objects(ctx, MAX_BULK));
    }

    void bulkUpdate(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.bulkUpdate(ctx, objects(ctx, MAX_BULK_UPDATE));
    }

    void upsert(Context ctx) {
        EntityContext ec = kept(ctx).records(ctx);
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
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.update(ctx, bodies.objectOrEmpty(ctx));
    }

    void delete(Context ctx) {
        endpoint(ctx).delete(ctx);
    }

    void deleteMany(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        endpoint.deleteMany(ctx, bodies.objectOrEmpty(ctx));
    }

    /**
     * {@code handler} for the entities served as records; for the built-in User entity, which these
     * routes (upsert, import) do not serve, a 403 (after the caller's token is checked).
     */
    io.javalin.http.Handler recordsOnly(io.javalin.http.Handler handler) {
        return ctx -> {
            kept(ctx).records(ctx);
            handler.handle(ctx);
        };
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

    /** {@code PATCH .../update-many}: {@code {"query": filter, "data": update operators}} (api-contract §4.11). */
    void updateMany(Context ctx) {
        EntityEndpoint endpoint = endpoint(ctx);
        ObjectNode body = bodies.object(ctx);
        JsonNode query = body.get("query");
        if (query != null && !query.isNull() && !query.isObject()) throw ApiException.badRequest("\"query\" must be a filter object");
        if (!body.has("data")) throw ApiException.badRequest("\"data\" must be an object of update operators");
        endpoint.updateMany(ctx, query == null || query.isNull() ? null : query, body.get("data"));
    }

    /**
     * {@code POST .../import}: a multipart upload with one file part {@code file}, CSV or a JSON
     * array (see {@link ImportFile}), created all or nothing (api-contract §4.15). Content problems
     * answer 200 with {@code "status": "error"}; a refused create rule is a 403; an upload over
     * {@link #maxUploadBytes} is a 413.
     */
    void importRecords(Context ctx) {
        EntityContext ec = kept(ctx).records(ctx);
        if (ctx.req().getContentLengthLong() > maxUploadBytes) throw uploadTooLarge();
        if (!ctx.isMultipartFormData()) throw ApiException.unsupportedMediaType("Content-Type must be multipart/form-data");
        UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // Jetty's ServletException arrives undeclared, through Kotlin
            if (isTooLarge(e)) throw uploadTooLarge();
            throw ApiException.badRequest("Could not read the multipart body");
        }
        if (file == null) throw ApiException.badRequest("The upload needs a file part named 'file'");
        if (file.size() > maxUploadBytes) throw uploadTooLarge();
        List<ObjectNode> rows;
        try (InputStream in = file.content()) {
            rows = ImportFile.read(in, file.filename(), file.contentType(), ec.schema(), ImportFile.MAX_ROWS);
        } catch (ImportFile.FormatException e) {
            importError(ctx, e.getMessage());
            return;
        } catch (IOException e) {
            throw ApiException.badRequest("Could not read the uploaded file");
        } finally {
            deleteParts(ctx);
        }
        if (rows.isEmpty()) {
            importError(ctx, "The file has no data rows");
            return;
        }
        try {
            List<ObjectNode> created = records.importRecords(ec, rows);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "success");
            out.put("details", "Successfully imported " + created.size() + " entities with RLS enforcement");
            out.put("output", created);
            json(ctx, 200, out);
        } catch (RecordService.ImportRowException e) {
            importError(ctx, e.getMessage());
        }
    }

    /** Removes the upload's spooled temporary files now rather than at the end of the request. */
    private static void deleteParts(Context ctx) {
        try {
            for (Part part : ctx.req().getParts()) part.delete();
        } catch (Exception e) { // best effort: Jetty also removes them when the request completes
            log.debug("could not delete upload parts", e);
        }
    }

    private static void importError(Context ctx, String details) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "error");
        out.put("details", details);
        out.put("output", null);
        json(ctx, 200, out);
    }

    private ApiException uploadTooLarge() {
        return ApiException.tooLarge("Upload is larger than " + maxUploadBytes + " bytes");
    }

    /** Whether Jetty refused the multipart body for its size (its exception types vary by path). */
    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("exceeded") || m.contains("exceeds") || m.contains("too large")) return true;
        }
        return false;
    }

    private EntityContext resolve(Context ctx) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String name = ctx.pathParam("entity");
        EntitySchema schema = app.project().entity(name)
                .orElseThrow(() -> ApiException.notFound("Entity \"" + name + "\" not found"));
        Principal caller = callers.of(ctx, app.project().appId());
        String env = dataEnv(ctx.header("X-Data-Env"), caller);
        return new EntityContext(schema, new EntityScope(app.project().appId(), schema.name(), env), caller, app.validator(),
                app.rules(schema));
    }

    /** {@code X-Data-Env}, else the service token's {@code data_env}, else prod (api-contract §1.6). */
    static String dataEnv(String header, Principal caller) {
        if ("dev".equals(header) || "prod".equals(header)) return header;
        if (caller instanceof Principal.Service s && "dev".equals(s.dataEnv())) return "dev";
        return "prod";
    }

    /** {@code q} as a JSON object, or null when absent. @throws ApiException 400 when too long, nested too deeply or not an object */
    static JsonNode queryParam(Context ctx) {
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

    /**
     * The array list's {@code limit} as the contract chooses (api-contract §4.2): absent, zero,
     * negative or not a number means the maximum; a fraction is cut to its whole part; anything
     * larger than the maximum is clamped. Never an error: apps pass odd values positionally.
     */
    static int listLimit(String raw) {
        if (raw == null || raw.isBlank()) return MAX_LIMIT;
        try {
            java.math.BigDecimal value = new java.math.BigDecimal(raw.strip());
            if (value.signum() <= 0) return MAX_LIMIT;
            java.math.BigDecimal whole = value.setScale(0, java.math.RoundingMode.DOWN);
            if (whole.signum() == 0) return 1;
            return whole.compareTo(java.math.BigDecimal.valueOf(MAX_LIMIT)) > 0 ? MAX_LIMIT : whole.intValue();
        } catch (NumberFormatException e) {
            return MAX_LIMIT;
        }
    }

    /** A whole, non-negative query parameter, {@code absent} when absent. @throws ApiException 400 otherwise */
    static int intParam(Context ctx, String name, int absent) {
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
        JsonAnswers.send(ctx, status, Json.write(body));
    }
}
