package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.RecordService;
import io.javalin.http.Context;
import java.util.List;

/**
 * How the entity routes serve one entity, chosen once per request by the entity's name
 * ({@link EntityApi}): the app's entities are records ({@link RecordEndpoint}), the built-in User
 * entity is the users table under its own rules ({@link UserEntityApi}, api-contract §3.2). The
 * routes parse and check the request; an endpoint runs it and, where it answers itself, writes the
 * response. Implementations are thread-safe or bound to one request.
 */
interface EntityEndpoint {

    /** Answers a page of matches ({@code GET .../{entity}}). */
    void list(Context ctx, JsonNode q, String sort, int limit, int skip, List<String> fields);

    /** The scope a cursor of this entity is bound to. */
    String scope(Context ctx);

    /** A records-mode cursor page. @throws IllegalArgumentException when {@code position} does not fit the sort */
    RecordService.KeysetPage listAfter(Context ctx, JsonNode q, String sort, List<String> fields, int limit, List<Object> position);

    /** A distinct-values cursor page. @throws IllegalArgumentException when {@code position} does not fit */
    RecordService.KeysetPage distinctAfter(Context ctx, JsonNode q, String field, int limit, List<Object> position);

    /** Answers {@code {"count": n}}. */
    void count(Context ctx, JsonNode q);

    /** Resolves the app and the caller (an invalid token is a 401) before a body is read. */
    void authenticate(Context ctx);

    /** An aggregate (api-contract §4.13). @throws dev.homebase.server.query.QueryException for a bad spec */
    RecordService.AggregateResult aggregate(Context ctx, JsonNode body);

    /** Answers the record of the route's {@code id}. */
    void get(Context ctx);

    /** Answers a create. */
    void create(Context ctx, ObjectNode body);

    /** Answers a bulk create. */
    void bulkCreate(Context ctx, List<ObjectNode> bodies);

    /** Answers a bulk update. */
    void bulkUpdate(Context ctx, List<ObjectNode> items);

    /** Answers an update of the route's {@code id}. */
    void update(Context ctx, ObjectNode patch);

    /** Answers a delete of the route's {@code id}. */
    void delete(Context ctx);

    /** Answers a delete of every match of {@code query}. */
    void deleteMany(Context ctx, ObjectNode query);

    /** Answers an update-many (api-contract §4.11); {@code query} null matches everything. */
    void updateMany(Context ctx, JsonNode query, JsonNode data);

    /**
     * The resolved entity, for the routes only records have (upsert, import).
     *
     * @throws ApiException 403 for an entity that is not served as records
     */
    EntityContext records(Context ctx);
}
