package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.TestDatabases;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Row and field rules through the record operations, for the four kinds of caller (anonymous,
 * owner, another user, admin) and the service role, on both databases.
 */
class AccessRulesTest {
    private static final String SCHEMA = """
        { "name": "Note",
          "properties": {
            "title":  { "type": "string" },
            "team":   { "type": "string" },
            "salary": { "type": "number", "rls": { "read": { "user_condition": { "role": "hr" } } } },
            "secret": { "type": "string", "rls": { "read": { "created_by": "{{user.email}}" },
                                                    "write": { "user_condition": { "role": "admin" } } } },
            "locked": { "type": "boolean", "rls": { "write": false } } },
          "rls": {
            "create": true,
            "read":   { "$or": [ { "created_by": "{{user.email}}" }, { "team": "{{user.data.team}}" },
                                 { "user_condition": { "role": "admin" } } ] },
            "update": { "created_by": "{{user.email}}" },
            "delete": { "user_condition": { "role": "admin" } } } }
        """;

    private static final Principal ANON = Principal.ANONYMOUS;
    private static final Principal ANA = user("u1", "ana@example.com", "user", "red");
    private static final Principal BOB = user("u2", "bob@example.com", "user", "blue");
    private static final Principal CARL = user("u3", "carl@example.com", "user", "red");
    private static final Principal ADMIN = user("u4", "root@example.com", "admin", "none");
    private static final Principal HR = user("u5", "hr@example.com", "hr", "none");
    private static final Principal SERVICE = new Principal.Service();

    private static Principal user(String id, String email, String role, String team) {
        ObjectNode data = Json.object();
        data.put("team", team);
        return new Principal.User(id, email, role, data);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void rowAndFieldRules(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse(SCHEMA), "note.jsonc");
        AccessRules rules = AccessRules.of(schema);
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()));
            java.util.function.Function<Principal, EntityContext> as = p ->
                    new EntityContext(schema, new EntityScope("app", "Note", "prod"), p, new RecordValidator(false), rules);

            ObjectNode a1 = service.create(as.apply(ANA), body("{\"title\":\"a1\",\"team\":\"red\",\"salary\":10,\"secret\":\"s\",\"locked\":true}"));
            ObjectNode b1 = service.create(as.apply(BOB), body("{\"title\":\"b1\",\"team\":\"blue\"}"));
            service.create(as.apply(ANON), body("{\"title\":\"anon\",\"team\":\"green\"}"));

            // Field write rules: ana may not write "secret" (admin only) nor "locked" (nobody).
            assertFalse(a1.has("secret"), a1.toString());
            assertFalse(a1.has("locked"), a1.toString());
            assertFalse(a1.has("salary"), "salary is for hr only: " + a1);
            assertEquals("ana@example.com", a1.get("created_by").asText());

            // Reads: the rule is part of the query.
            assertEquals(Set.of(), titles(service.list(as.apply(ANON), null, null, 50, 0, List.of())));
            assertEquals(Set.of("a1"), titles(service.list(as.apply(ANA), null, null, 50, 0, List.of())));
            assertEquals(Set.of("b1"), titles(service.list(as.apply(BOB), null, null, 50, 0, List.of())));
            assertEquals(Set.of("a1"), titles(service.list(as.apply(CARL), null, null, 50, 0, List.of())), "same team");
            assertEquals(Set.of("a1", "b1", "anon"), titles(service.list(as.apply(ADMIN), null, null, 50, 0, List.of())));
            assertEquals(Set.of("a1", "b1", "anon"), titles(service.list(as.apply(SERVICE), null, null, 50, 0, List.of())));
            assertEquals(1, service.list(as.apply(ADMIN), null, null, 1, 0, List.of()).size(), "limit counts permitted rows");

            // Field read rules decided per record by the database.
            String id = a1.get("id").asText();
            assertTrue(service.get(as.apply(SERVICE), id).has("salary"));
            assertFalse(service.get(as.apply(CARL), id).has("salary"));
            assertFalse(service.get(as.apply(ANA), id).has("secret"), "ana could not write it, so it is absent");
            ObjectNode byService = service.update(as.apply(SERVICE), id, body("{\"secret\":\"x\",\"salary\":5}"));
            assertEquals("x", byService.get("secret").asText());
            assertEquals("x", service.get(as.apply(ANA), id).get("secret").asText(), "creator reads secret");
            assertFalse(service.get(as.apply(CARL), id).has("secret"), "teammate does not");
            assertFalse(service.list(as.apply(CARL), null, null, 50, 0, List.of()).get(0).has("secret"));

            // Hidden records are not found; updates need the update rule.
            String bid = b1.get("id").asText();
            assertThrows(RecordNotFoundException.class, () -> service.get(as.apply(ANA), bid));
            assertThrows(RecordNotFoundException.class, () -> service.update(as.apply(CARL), id, body("{\"title\":\"x\"}")));
            assertEquals("a2", service.update(as.apply(ANA), id, body("{\"title\":\"a2\"}")).get("title").asText());

            // Deletes: admin only; hidden from others as not found.
            assertThrows(RecordNotFoundException.class, () -> service.delete(as.apply(ANA), id));
            assertEquals(0, service.deleteMany(as.apply(ANA), null));
            service.delete(as.apply(ADMIN), id);
            assertEquals(2, service.deleteMany(as.apply(SERVICE), null));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void createRulesAndTemplatesAreValuesNotSql(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse("""
            { "name": "Post", "properties": { "owner": { "type": "string" }, "title": { "type": "string" } },
              "rls": { "create": { "owner": "{{user.email}}" }, "read": { "owner": { "$in": ["{{user.email}}", "public"] } },
                       "delete": false } }
            """), "post.jsonc");
        AccessRules rules = AccessRules.of(schema);
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()));
            java.util.function.Function<Principal, EntityContext> as = p ->
                    new EntityContext(schema, new EntityScope("app", "Post", "prod"), p, new RecordValidator(false), rules);
            Principal evil = user("u9", "x' OR '1'='1", "user", "t");
            service.create(as.apply(ANA), body("{\"owner\":\"ana@example.com\",\"title\":\"mine\"}"));
            assertThrows(PermissionDeniedException.class, () -> service.create(as.apply(ANA), body("{\"owner\":\"bob@example.com\"}")));
            assertThrows(PermissionDeniedException.class, () -> service.create(as.apply(ANON), body("{\"owner\":\"\"}")));
            assertThrows(PermissionDeniedException.class,
                    () -> service.bulkCreate(as.apply(ANA), List.of(body("{\"owner\":\"ana@example.com\"}"), body("{\"owner\":\"bob@example.com\"}"))));
            service.create(as.apply(SERVICE), body("{\"owner\":\"public\",\"title\":\"pub\"}"));
            assertEquals(Set.of("mine", "pub"), titles(service.list(as.apply(ANA), null, null, 50, 0, List.of())));
            assertEquals(Set.of("pub"), titles(service.list(as.apply(evil), null, null, 50, 0, List.of())));
            assertEquals(Set.of("pub"), titles(service.list(as.apply(BOB), null, null, 50, 0, List.of())), "bulk was all or nothing");
            assertThrows(PermissionDeniedException.class, () -> service.deleteMany(as.apply(ANA), null));
        }
    }

    @Test
    void malformedRulesStopTheAppAtLoad() throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse("""
            { "name": "Bad", "properties": { "a": { "type": "string" } }, "rls": { "read": { "a": { "$where": "1" } } } }
            """), "bad.jsonc");
        SchemaException e = assertThrows(SchemaException.class, () -> AccessRules.of(schema));
        assertTrue(e.getMessage().contains("$where"), e.getMessage());
    }

    /**
     * Rules through arrays (a record condition on {@code parts.owner}, a {@code user_condition} on
     * {@code data.teams.name}) and rules on the record's scope: {@code entity_name} means the entity
     * unless the schema declares a field of that name, which then is the record's own field. REST
     * (SQL) and realtime (in memory) agree.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void rulesThroughArraysAndOnTheScope(TestDatabases.Kind kind) throws Exception {
        EntitySchema kit = SchemaParser.parse(Json.parse("""
            { "name": "Kit",
              "properties": { "title": { "type": "string" },
                              "parts": { "type": "array", "items": { "type": "object" } } },
              "rls": { "read": { "$or": [ { "parts.owner": "{{user.email}}" },
                                          { "user_condition": { "data.teams.name": "ops" }, "entity_name": "Kit" } ] } } }
            """), "kit.jsonc");
        EntitySchema log = SchemaParser.parse(Json.parse("""
            { "name": "ActivityLog",
              "properties": { "title": { "type": "string" }, "entity_name": { "type": "string" } },
              "rls": { "read": { "entity_name": "Task" } } }
            """), "activity_log.jsonc");
        ObjectNode opsData = Json.object();
        opsData.putArray("teams").addObject().put("name", "ops");
        Principal ops = new Principal.User("u9", "ops@example.com", "user", opsData);
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()));
            java.util.function.BiFunction<EntitySchema, Principal, EntityContext> as = (schema, p) -> new EntityContext(schema,
                    new EntityScope("app", schema.name(), "prod"), p, new RecordValidator(false), AccessRules.of(schema));

            ObjectNode anas = service.create(as.apply(kit, SERVICE),
                    body("{\"title\":\"anas\",\"parts\":[{\"owner\":\"bob@example.com\"},{\"owner\":\"ana@example.com\"}]}"));
            service.create(as.apply(kit, SERVICE), body("{\"title\":\"bobs\",\"parts\":[{\"owner\":\"bob@example.com\"}]}"));
            assertEquals(Set.of("anas"), titles(service.list(as.apply(kit, ANA), null, null, 50, 0, List.of())));
            assertEquals(Set.of("anas", "bobs"), titles(service.list(as.apply(kit, BOB), null, null, 50, 0, List.of())));
            assertEquals(Set.of("anas", "bobs"), titles(service.list(as.apply(kit, ops), null, null, 50, 0, List.of())),
                    "user_condition through the caller's array, and entity_name meaning the entity");
            assertEquals(Set.of(), titles(service.list(as.apply(kit, CARL), null, null, 50, 0, List.of())));
            assertTrue(service.visibleTo(as.apply(kit, ANA), anas).isPresent(), "realtime agrees");
            assertTrue(service.visibleTo(as.apply(kit, CARL), anas).isEmpty());

            ObjectNode task = service.create(as.apply(log, SERVICE), body("{\"title\":\"t\",\"entity_name\":\"Task\"}"));
            ObjectNode note = service.create(as.apply(log, SERVICE), body("{\"title\":\"n\",\"entity_name\":\"Note\"}"));
            assertEquals("Task", task.get("entity_name").asText(), "an ordinary field is stored and returned");
            assertEquals(Set.of("t"), titles(service.list(as.apply(log, ANA), null, null, 50, 0, List.of())),
                    "a declared entity_name is the record's field, not the entity");
            assertTrue(service.visibleTo(as.apply(log, ANA), task).isPresent());
            assertTrue(service.visibleTo(as.apply(log, ANA), note).isEmpty());
        }
    }

    /** A declared built-in field is ignored, but its read rule still hides the platform's value. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDeclaredCreatorKeepsItsReadRule(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse("""
            { "name": "Post",
              "properties": { "title": { "type": "string" },
                              "created_by": { "type": "string", "rls": { "read": { "user_condition": { "role": "admin" } } } } } }
            """), "post.jsonc");
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()));
            java.util.function.Function<Principal, EntityContext> as = p ->
                    new EntityContext(schema, new EntityScope("app", "Post", "prod"), p, new RecordValidator(false), AccessRules.of(schema));
            ObjectNode post = service.create(as.apply(ANA), body("{\"title\":\"p\",\"created_by\":\"evil@example.com\"}"));
            assertFalse(post.has("created_by"), post.toString());
            String id = post.get("id").asText();
            assertEquals("ana@example.com", service.get(as.apply(ADMIN), id).get("created_by").asText());
            assertFalse(service.get(as.apply(BOB), id).has("created_by"));
            assertFalse(service.list(as.apply(BOB), null, null, 50, 0, List.of()).getFirst().has("created_by"));
            assertTrue(service.visibleTo(as.apply(BOB), service.get(as.apply(SERVICE), id)).orElseThrow().get("created_by") == null);
        }
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) Json.parse(json);
    }

    private static Set<String> titles(List<ObjectNode> records) {
        return records.stream().map(r -> r.path("title").asText()).collect(Collectors.toSet());
    }
}
