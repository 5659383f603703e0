package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserFields;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.FieldReadRules;
import dev.homebase.server.entity.RecordIds;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import dev.homebase.server.entity.FieldDef;
import dev.homebase.server.entity.FieldType;
import dev.homebase.server.query.AggregateParser;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.HiddenFields;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.UpdateOperators;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Projection;
import dev.homebase.server.query.Sort;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in User entity through the generic entity routes (api-contract §3.2), served from the
 * {@code users} table. A regular user sees and updates only their own record; admins
 * ({@code role: "admin"}) and the service role see and update every user; only the service role
 * deletes (one or many). Bulk update and update-many follow the single-update rules per user, in one
 * transaction. Users are never created here: create answers the development server's unsaved echo,
 * upsert and import are refused. Filters, sorts and aggregates compile to SQL over the users presented
 * as records ({@code Dialect#usersAsRecords}), which holds only the public record. The User schema's
 * custom-field read rules apply to every answer, and a field they hide counts as missing in the
 * caller's filters, sorts and aggregates. The {@link EntityEndpoint} of the User entity.
 */
final class UserEntityApi implements EntityEndpoint {
    private static final Filter NEVER = new Filter.Not(new Filter.All());
    /** Built-in User fields a sort may name besides the record system fields. */
    private static final Set<String> SORTABLE = Set.of("email", "full_name", "role", "is_verified", "disabled");
    /** The built-in fields of the public User record (api-contract §3.3) an aggregate may name besides the system fields. */
    private static final Set<String> PUBLIC = Set.of("email", "full_name", "role", "is_verified", "is_service", "disabled", "app_id");

    private final Apps apps;
    private final AccountService accounts;
    private final Callers callers;
    private final RecordIds ids;
    private final Timestamps timestamps;

    UserEntityApi(Apps apps, AccountService accounts, Callers callers, Clock clock) {
        this.apps = apps;
        this.accounts = accounts;
        this.callers = callers;
        this.ids = new RecordIds(clock);
        this.timestamps = new Timestamps(clock);
    }

    private record Call(Apps.HostedApp app, String appId, Principal caller, FieldReadRules reads) {
        /** Admins and the service role see every user. */
        boolean seesAll() {
            return caller instanceof Principal.Service || caller instanceof Principal.User u && u.isAdmin();
        }

        /** The caller's own user id, or null (anonymous or service). */
        String self() {
            return caller instanceof Principal.User u ? u.id() : null;
        }

        Optional<EntitySchema> schema() {
            return app.project().entity("User");
        }
    }

    /** Resolves the app and the caller only: an unknown app is a 404 and a present but invalid token a 401. */
    @Override
    public void authenticate(Context ctx) {
        call(ctx);
    }

    private Call call(Context ctx) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String appId = app.project().appId();
        Principal caller = callers.of(ctx, appId);
        return new Call(app, appId, caller, readRules(app, caller));
    }

    /**
     * The read rules of the User schema's custom fields for {@code caller} (none without a schema;
     * the service role passes all). Built-in fields keep their own rules: a user always reads the
     * built-in fields of their own record, admins those of every user.
     */
    static FieldReadRules readRules(Apps.HostedApp app, Principal caller) {
        return app.project().entity("User")
                .map(schema -> FieldReadRules.of(app.rules(schema), caller, UserRecord.BUILT_IN))
                .orElse(FieldReadRules.NONE);
    }

    /** The public record of {@code user} as {@code caller} may read it (the User schema's field read rules applied). */
    static ObjectNode shown(Apps.HostedApp app, Principal caller, UserRecord user) {
        return readRules(app, caller).shown(user.toJson());
    }

    private static ObjectNode shown(Call call, UserRecord user) {
        return call.reads().shown(user.toJson());
    }

    /**
     * What a caller other than the service role may never read in a User record: the internal fields
     * kept out of the public record ({@link dev.homebase.server.auth.UserRecord#BUILT_IN} that
     * {@code toJson} never shows). Filters and sorts see them as missing, so no answer depends on
     * them. The custom fields the User schema's field read rules hide from the caller are added
     * ({@link #visibleWhen(Call)}).
     */
    private static final java.util.Map<String, Filter> INTERNAL = java.util.Map.of(
            "collaborator_role", NEVER, "_app_role", NEVER, "password", NEVER, "password_hash", NEVER);

    /**
     * Per field that may be hidden from the caller, the condition under which it may read it: the
     * internal fields and the custom fields under a read rule (nothing for the service role).
     */
    private static java.util.Map<String, Filter> visibleWhen(Call call) {
        if (call.caller() instanceof Principal.Service) return java.util.Map.of();
        java.util.Map<String, Filter> out = new java.util.LinkedHashMap<>(call.reads().visibleWhen());
        out.putAll(INTERNAL);
        return out;
    }

    /** The fields hidden from the caller: its filters and sorts see them as missing. */
    private static HiddenFields hidden(Call call) {
        return HiddenFields.of(visibleWhen(call));
    }

    /** The filter restricted to what the caller may see; null when the caller sees nothing. */
    private static Filter visible(Call call, JsonNode q) {
        Filter parsed = hidden(call).guard(FilterParser.parse(q));
        if (call.seesAll()) return parsed;
        if (call.self() == null) return null;
        return new Filter.And(List.of(new Filter.Eq("id", TextNode.valueOf(call.self())), parsed));
    }

    @Override
    public void list(Context ctx, JsonNode q, String sort, int limit, int skip, List<String> fields) {
        Call call = call(ctx);
        Filter filter = visible(call, q);
        List<ObjectNode> out = new ArrayList<>();
        if (filter != null) {
            for (UserRecord u : accounts.listUsers(call.appId(), filter, sortFor(call, sort), limit, skip)) {
                out.add(Projection.apply(shown(call, u), fields));
            }
        }
        EntityApi.json(ctx, 200, out);
    }

    /**
     * A records-mode cursor page of the users the caller may see (the same visibility, sort and
     * projection as {@link #list}); empty for a caller who sees nothing.
     *
     * @throws IllegalArgumentException when {@code position} does not fit the sort
     */
    @Override
    public RecordService.KeysetPage listAfter(Context ctx, JsonNode q, String sort, List<String> fields, int limit, List<Object> position) {
        Call call = call(ctx);
        Filter filter = visible(call, q);
        if (filter == null) return new RecordService.KeysetPage(List.of(), null);
        List<UserStore.KeyedUser> rows = accounts.listUsersAfter(call.appId(), filter, sortFor(call, sort), position, limit + 1);
        List<JsonNode> out = new ArrayList<>(Math.min(rows.size(), limit));
        for (UserStore.KeyedUser row : rows.subList(0, Math.min(rows.size(), limit))) {
            out.add(Projection.apply(shown(call, row.user()), fields));
        }
        return new RecordService.KeysetPage(out, rows.size() > limit ? rows.get(limit - 1).keys() : null);
    }

    /** The cursor scope of the User entity of the route's app. */
    @Override
    public String scope(Context ctx) {
        return apps.require(ctx.pathParam("appId")).project().appId() + "/User/users";
    }

    @Override
    public void count(Context ctx, JsonNode q) {
        Call call = call(ctx);
        Filter filter = visible(call, q);
        long count = filter == null ? 0 : accounts.countUsers(call.appId(), filter);
        EntityApi.json(ctx, 200, java.util.Map.of("count", count));
    }

    /**
     * An aggregate (api-contract §4.13) over the users the caller may see (the visibility of
     * {@link #list}), computed in SQL. Groups and metrics take the system fields, the public
     * built-in User fields and the app's User schema fields; protected and internal fields (the
     * password hash, token version, {@code _app_role}, ...) are refused with a 400.
     *
     * @throws QueryException for a spec that is malformed or names a field it may not
     */
    @Override
    public RecordService.AggregateResult aggregate(Context ctx, JsonNode body) {
        Call call = call(ctx);
        AggregateSpec spec = AggregateParser.parse(body);
        checkFields(call, spec);
        Filter visible = visible(call, null);
        Filter where = visible == null ? new Filter.Not(new Filter.All()) : new Filter.And(List.of(visible, hidden(call).guard(spec.query())));
        List<ObjectNode> rows = accounts.aggregateUsers(call.appId(), where, spec, visibleWhen(call));
        boolean truncated = rows.size() > spec.limit();
        return new RecordService.AggregateResult(truncated ? List.copyOf(rows.subList(0, spec.limit())) : rows, truncated);
    }

    /** Refuses a group, bucket or metric field outside the public User record, and numeric metrics of non-numbers. */
    private static void checkFields(Call call, AggregateSpec spec) {
        for (String field : spec.groupBy()) aggregatable(call, field, "groupBy");
        for (AggregateSpec.Metric metric : spec.metrics()) {
            aggregatable(call, metric.field(), metric.op().bodyKey());
            if (metric.op().numeric() && !numeric(call, metric.field())) {
                throw new QueryException("Field '" + metric.field() + "' is not a number: '" + metric.op().bodyKey()
                        + "' only takes numeric fields");
            }
        }
        if (spec.bucket() != null) aggregatable(call, spec.bucket().field(), "dateBucket");
    }

    private static void aggregatable(Call call, String field, String option) {
        String top = FieldPath.segments(field).getFirst();
        if (RecordService.SYSTEM_FIELDS.contains(field) || PUBLIC.contains(field)) return;
        if (!UserRecord.BUILT_IN.contains(top) && call.schema().map(s -> s.hasField(top)).orElse(false)) return;
        throw new QueryException("Field '" + field + "' in '" + option + "' cannot be aggregated: User has no such public field");
    }

    /** A custom User field the schema declares as a number (or an undeclared path inside one). */
    private static boolean numeric(Call call, String field) {
        List<String> segments = FieldPath.segments(field);
        if (RecordService.SYSTEM_FIELDS.contains(segments.getFirst()) || PUBLIC.contains(segments.getFirst())) return false;
        Optional<FieldDef> def = call.schema().flatMap(s -> s.field(segments.getFirst()));
        if (def.isEmpty()) return false;
        if (segments.size() > 1) return true;
        return def.get().allows(FieldType.NUMBER) || def.get().allows(FieldType.INTEGER);
    }

    @Override
    public void get(Context ctx) {
        Call call = call(ctx);
        String id = ctx.pathParam("id");
        if (!call.seesAll() && !id.equals(call.self())) throw notFound(id);
        UserRecord u = accounts.findUser(call.appId(), id).orElseThrow(() -> notFound(id));
        EntityApi.json(ctx, 200, shown(call, u));
    }

    @Override
    public void update(Context ctx, ObjectNode patch) {
        Call call = call(ctx);
        String id = ctx.pathParam("id");
        if (call.caller() instanceof Principal.Anonymous) throw ApiException.unauthorized();
        if (!call.seesAll() && !id.equals(call.self())) throw notFound(id);
        UserRecord u = accounts.updateUser(call.appId(), id, patch, call.seesAll(), customFields(call)).orElseThrow(() -> notFound(id));
        EntityApi.json(ctx, 200, shown(call, u));
    }

    /** Only the service role deletes users (api-contract §3.2); admins and users get 403. */
    @Override
    public void delete(Context ctx) {
        Call call = call(ctx);
        String id = ctx.pathParam("id");
        if (call.caller() instanceof Principal.Anonymous) throw ApiException.unauthorized();
        if (!(call.caller() instanceof Principal.Service)) throw ApiException.forbidden("Users cannot be deleted through the entity API");
        if (!accounts.deleteUser(call.appId(), id)) throw notFound(id);
        EntityApi.json(ctx, 200, java.util.Map.of("success", true));
    }

    /**
     * {@code PUT /entities/User/bulk} (api-contract §4.10 with the rules of §3.2): each item is an
     * update of one user by the rules of {@link #update}; a user may only name their own id. All or
     * nothing: a missing id, an unknown or invisible user is a 404 and a schema violation a 422,
     * and then nothing changes. Answers the updated users in input order.
     */
    @Override
    public void bulkUpdate(Context ctx, List<ObjectNode> items) {
        Call call = call(ctx);
        if (call.caller() instanceof Principal.Anonymous) throw ApiException.unauthorized();
        java.util.LinkedHashMap<String, ObjectNode> patches = new java.util.LinkedHashMap<>();
        for (ObjectNode item : items) {
            JsonNode id = item.get("id");
            if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw ApiException.notFound("Every item needs the id of the record to update");
            }
            if (!call.seesAll() && !id.textValue().equals(call.self())) throw notFound(id.textValue());
            ObjectNode patch = item.deepCopy();
            patch.remove("id");
            ObjectNode earlier = patches.get(id.textValue());
            if (earlier != null) earlier.setAll(patch); // the same user twice: one merged update
            else patches.put(id.textValue(), patch);
        }
        List<UserRecord> updated;
        try {
            updated = accounts.updateUsers(call.appId(), patches, call.seesAll(), customFields(call));
        } catch (java.util.NoSuchElementException e) {
            throw notFound(e.getMessage());
        }
        java.util.Map<String, ObjectNode> byId = new java.util.HashMap<>();
        updated.forEach(u -> byId.put(u.id(), shown(call, u)));
        EntityApi.json(ctx, 200, items.stream().map(i -> byId.get(i.get("id").textValue())).toList());
    }

    /**
     * {@code PATCH /entities/User/update-many} (api-contract §4.11 with the rules of §3.2): the
     * update operators applied to at most {@value RecordService#UPDATE_MANY_BATCH} of the users the
     * caller may see and update (a regular user: only themselves), in one transaction; protected
     * keys are skipped as in a single update, {@code role} changes only for admins and the service role.
     */
    @Override
    public void updateMany(Context ctx, JsonNode query, JsonNode data) {
        Call call = call(ctx);
        if (call.caller() instanceof Principal.Anonymous) throw ApiException.unauthorized();
        UpdateOperators operators = UpdateOperators.parse(data, RecordService.SYSTEM_FIELDS);
        for (String target : operators.renameTargets()) {
            // A built-in or undeclared target is dropped on write, so the rename would silently lose the value.
            String top = UpdateOperators.topField(target);
            if (UserRecord.BUILT_IN.contains(top) || !call.schema().map(s -> s.hasField(top)).orElse(false)) {
                throw ApiException.badRequest("Cannot $rename onto '" + top + "': it is not a custom field of User");
            }
        }
        Filter filter = visible(call, query);
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        for (String path : operators.paths()) touched.add(UpdateOperators.topField(path));
        String now = timestamps.now();
        AccountService.Matched result = accounts.updateMatching(call.appId(), filter, RecordService.UPDATE_MANY_BATCH, touched,
                record -> withoutReading(call, operators, record).apply(record, now), call.seesAll(), customFields(call));
        EntityApi.json(ctx, 200, java.util.Map.of("success", true, "updated", result.updated().size(), "has_more", result.hasMore()));
    }

    /**
     * The operators without those whose outcome depends on a custom field the caller may not read
     * in {@code record} (as for every entity, {@link UpdateOperators#withoutReading}), so neither
     * their effect nor their failure reveals the value.
     */
    private static UpdateOperators withoutReading(Call call, UpdateOperators operators, ObjectNode record) {
        Set<String> unreadable = call.reads().hiddenIn(record);
        return unreadable.isEmpty() ? operators : operators.withoutReading(unreadable);
    }

    /** {@code DELETE /entities/User} with a filter body: the service role only, as for a single delete. */
    @Override
    public void deleteMany(Context ctx, ObjectNode query) {
        Call call = call(ctx);
        if (call.caller() instanceof Principal.Anonymous) throw ApiException.unauthorized();
        if (!(call.caller() instanceof Principal.Service)) throw ApiException.forbidden("Users cannot be deleted through the entity API");
        int deleted = accounts.deleteUsers(call.appId(), FilterParser.parse(query));
        EntityApi.json(ctx, 200, java.util.Map.of("success", true, "deleted", deleted));
    }

    private static UserFields customFields(Call call) {
        return customFields(call.app(), call.caller());
    }

    /**
     * The checks of custom User fields for {@code caller}: the User schema's field write rules
     * (forbidden fields dropped silently; the service role passes all), then the schema (keys
     * outside it dropped, api-contract §4.19; with no schema, all are).
     */
    static UserFields customFields(Apps.HostedApp app, Principal caller) {
        Optional<EntitySchema> schema = app.project().entity("User");
        return UserFields.of(schema, app.validator(), schema.map(app::rules).orElse(null), caller);
    }

    /**
     * Create and bulk create save nothing: the development server answers an unsaved echo and
     * production silently fails (api-contract §3.2); users come from register and invite.
     */
    @Override
    public void create(Context ctx, ObjectNode body) {
        EntityApi.json(ctx, 200, echo(call(ctx), body));
    }

    @Override
    public void bulkCreate(Context ctx, List<ObjectNode> bodies) {
        Call call = call(ctx);
        EntityApi.json(ctx, 200, bodies.stream().map(b -> echo(call, b)).toList());
    }

    /** Cursor pages of distinct values are not served for users: the same 403 as upsert and import. */
    @Override
    public RecordService.KeysetPage distinctAfter(Context ctx, JsonNode q, String field, int limit, List<Object> position) {
        throw unsupported(ctx);
    }

    /** Upsert and import: users come from register and invite, never from records (api-contract §3.2). */
    @Override
    public dev.homebase.server.entity.EntityContext records(Context ctx) {
        throw unsupported(ctx);
    }

    private ApiException unsupported(Context ctx) {
        call(ctx); // an invalid token is still a 401
        return ApiException.forbidden("Users cannot be created through the entity API: they come from register or invite,"
                + " so upsert and import are not available for the built-in User entity");
    }

    private ObjectNode echo(Call call, ObjectNode body) {
        ObjectNode out = Json.object();
        Principal caller = call.caller();
        String email = caller instanceof Principal.User u ? u.email() : null;
        String userId = caller instanceof Principal.User u ? u.id() : null;
        out.put("created_by", email);
        out.put("created_by_id", userId);
        out.put("id", ids.next());
        String now = timestamps.now();
        out.put("created_date", now);
        out.put("updated_date", now);
        out.put("is_sample", false);
        out.setAll(body);
        return out;
    }

    /** The sort when it names a system, built-in User or schema field; otherwise the default. */
    private static Sort sortFor(Call call, String raw) {
        return hidden(call).guard(Sort.parseKnown(raw, top -> RecordService.SYSTEM_FIELDS.contains(top) || SORTABLE.contains(top)
                || call.schema().map(s -> s.hasField(top)).orElse(false)));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Entity User with ID " + id + " not found");
    }
}
