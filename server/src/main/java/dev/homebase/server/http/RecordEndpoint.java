package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.RecordService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * An app entity through the entity routes: its records, under its schema and access rules
 * ({@link RecordService}). Bound to one request's resolved entity and caller.
 */
final class RecordEndpoint implements EntityEndpoint {
    private final RecordService records;
    private final EntityContext ec;

    RecordEndpoint(RecordService records, EntityContext ec) {
        this.records = records;
        this.ec = ec;
    }

    @Override
    public void list(Context ctx, JsonNode q, String sort, int limit, int skip, List<String> fields) {
        text(ctx, records.listJson(ec, q, sort, limit, skip, fields));
    }

    @Override
    public String scope(Context ctx) {
        return ec.scope().appId() + "/" + ec.scope().entity() + "/" + ec.scope().env();
    }

    @Override
    public RecordService.KeysetPage listAfter(Context ctx, JsonNode q, String sort, List<String> fields, int limit, List<Object> position) {
        return records.listAfter(ec, q, sort, fields, limit, position);
    }

    @Override
    public RecordService.KeysetPage distinctAfter(Context ctx, JsonNode q, String field, int limit, List<Object> position) {
        return records.distinctAfter(ec, q, field, limit, position);
    }

    @Override
    public void count(Context ctx, JsonNode q) {
        EntityApi.json(ctx, 200, Map.of("count", records.count(ec, q)));
    }

    @Override
    public void authenticate(Context ctx) {
        // Resolved when the endpoint was chosen.
    }

    @Override
    public RecordService.AggregateResult aggregate(Context ctx, JsonNode body) {
        return records.aggregate(ec, body);
    }

    @Override
    public void get(Context ctx) {
        text(ctx, records.getJson(ec, ctx.pathParam("id")));
    }

    @Override
    public void create(Context ctx, ObjectNode body) {
        JsonAnswers.send(ctx, 201, records.createJson(ec, body));
    }

    @Override
    public void bulkCreate(Context ctx, List<ObjectNode> bodies) {
        EntityApi.json(ctx, 201, records.bulkCreate(ec, bodies));
    }

    @Override
    public void bulkUpdate(Context ctx, List<ObjectNode> items) {
        EntityApi.json(ctx, 200, records.bulkUpdate(ec, items));
    }

    @Override
    public void update(Context ctx, ObjectNode patch) {
        JsonAnswers.send(ctx, 200, records.updateJson(ec, ctx.pathParam("id"), patch));
    }

    @Override
    public void delete(Context ctx) {
        records.delete(ec, ctx.pathParam("id"));
        EntityApi.json(ctx, 200, Map.of("success", true));
    }

    @Override
    public void deleteMany(Context ctx, ObjectNode query) {
        int deleted = records.deleteMany(ec, query);
        EntityApi.json(ctx, 200, Map.of("success", true, "deleted", deleted));
    }

    @Override
    public void updateMany(Context ctx, JsonNode query, JsonNode data) {
        RecordService.UpdateManyResult result = records.updateMany(ec, query, data);
        EntityApi.json(ctx, 200, Map.of("success", true, "updated", result.updated(), "has_more", result.hasMore()));
    }

    /** A 200 answer whose body is JSON text already. */
    private static void text(Context ctx, String json) {
        JsonAnswers.send(ctx, 200, json);
    }

    @Override
    public EntityContext records(Context ctx) {
        return ec;
    }
}
