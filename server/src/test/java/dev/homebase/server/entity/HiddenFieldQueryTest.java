package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.TestDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing a caller gets back may depend on a field value it cannot read (issue 12, item 1): the
 * salary oracle and its relatives through every query path, on both databases. {@code salary} is
 * readable by role {@code hr} only (a role rule), {@code ssn} by nobody ({@code read: false}),
 * {@code note} by the record's creator only (a record condition).
 */
class HiddenFieldQueryTest {
    private static final String SCHEMA = """
        { "name": "Employee",
          "properties": {
            "name":    { "type": "string" },
            "team":    { "type": "string" },
            "touched": { "type": "number" },
            "grade":   { "type": "number", "rls": { "write": false } },
            "salary":  { "type": "number", "rls": { "read": { "user_condition": { "role": "hr" } } } },
            "ssn":     { "type": "string", "rls": { "read": false } },
            "note":    { "type": "string", "rls": { "read": { "created_by": "{{user.email}}" } } } },
          "rls": { "create": true, "read": true, "update": true, "delete": true } }
        """;

    private static final Principal ANA = user("u1", "ana@example.com", "user");
    private static final Principal BOB = user("u2", "bob@example.com", "user");
    private static final Principal CARL = user("u3", "carl@example.com", "user");
    private static final Principal HR = user("u5", "hr@example.com", "hr");
    private static final Principal SERVICE = new Principal.Service();

    private static Principal user(String id, String email, String role) {
        return new Principal.User(id, email, role, Json.object());
    }

    /** Pairs of filters on Ann's hidden values: the first holds for the real value, the second does not. */
    private static final List<String[]> PROBES = List.of(
            new String[] {"{\"salary\":{\"$gt\":149999}}", "{\"salary\":{\"$gt\":150000}}"},
            new String[] {"{\"salary\":{\"$lte\":150000}}", "{\"salary\":{\"$lte\":149999}}"},
            new String[] {"{\"data.salary\":{\"$gte\":150000}}", "{\"data.salary\":{\"$gte\":150001}}"},
            new String[] {"{\"salary\":150000}", "{\"salary\":1}"},
            new String[] {"{\"salary\":{\"$in\":[150000,2]}}", "{\"salary\":{\"$in\":[1,2]}}"},
            new String[] {"{\"salary\":{\"$ne\":1}}", "{\"salary\":{\"$ne\":150000}}"},
            new String[] {"{\"salary\":{\"$not\":{\"$gt\":150000}}}", "{\"salary\":{\"$not\":{\"$gt\":149999}}}"},
            new String[] {"{\"$or\":[{\"salary\":150000},{\"team\":\"none\"}]}", "{\"$or\":[{\"salary\":1},{\"team\":\"none\"}]}"},
            new String[] {"{\"$and\":[{\"salary\":{\"$gt\":1}},{\"salary\":{\"$lt\":150001}}]}",
                    "{\"$and\":[{\"salary\":{\"$gt\":150000}},{\"salary\":{\"$lt\":150001}}]}"},
            new String[] {"{\"$nor\":[{\"salary\":1}]}", "{\"$nor\":[{\"salary\":150000}]}"},
            new String[] {"{\"ssn\":{\"$regex\":\"^123\"}}", "{\"ssn\":{\"$regex\":\"^124\"}}"},
            new String[] {"{\"data.ssn\":{\"$regex\":\"^123-45\"}}", "{\"data.ssn\":{\"$regex\":\"^123-46\"}}"},
            new String[] {"{\"note\":\"ann-note\"}", "{\"note\":\"other\"}"},
            new String[] {"{\"note\":{\"$regex\":\"^ann\"}}", "{\"note\":{\"$regex\":\"^bob\"}}"});

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void hiddenValuesDoNotShapeAnyAnswer(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse(SCHEMA), "employee.jsonc");
        AccessRules rules = AccessRules.of(schema);
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()));
            Function<Principal, EntityContext> as = p ->
                    new EntityContext(schema, new EntityScope("app", "Employee", "prod"), p, new RecordValidator(false), rules);
            // Created in an order unlike their salary order, so a sort on salary would show.
            String ann = service.create(as.apply(ANA), body("{\"name\":\"Ann\",\"team\":\"t\",\"salary\":150000,\"ssn\":\"123-45-6789\","
                    + "\"note\":\"ann-note\",\"grade\":3}")).get("id").asText();
            service.update(as.apply(SERVICE), ann, body("{\"grade\":3}"));
            service.create(as.apply(BOB), body("{\"name\":\"Bob\",\"team\":\"t\",\"salary\":90000,\"ssn\":\"987\",\"note\":\"bob-note\"}"));
            service.create(as.apply(BOB), body("{\"name\":\"Cy\",\"team\":\"t\",\"salary\":200000,\"ssn\":\"555\",\"note\":\"cy-note\"}"));
            service.create(as.apply(ANA), body("{\"name\":\"Di\",\"team\":\"t\",\"salary\":10,\"ssn\":\"000\",\"note\":\"di-note\"}"));

            // The oracle: each probe and its negative give the same answer to a caller who cannot read the field.
            for (String[] probe : PROBES) {
                boolean noteProbe = probe[0].contains("note");
                Principal blind = noteProbe ? BOB : CARL; // bob did not create Ann's record
                JsonNode yes = ann(probe[0]);
                JsonNode no = ann(probe[1]);
                String what = probe[0] + " vs " + probe[1];
                assertEquals(service.count(as.apply(blind), yes), service.count(as.apply(blind), no), "count " + what);
                assertEquals(ids(service.list(as.apply(blind), yes, null, 50, 0, List.of())),
                        ids(service.list(as.apply(blind), no, null, 50, 0, List.of())), "list " + what);
                assertEquals(ids(service.listAfter(as.apply(blind), yes, "salary", List.of(), 10, null).items()),
                        ids(service.listAfter(as.apply(blind), no, "salary", List.of(), 10, null).items()), "cursor page " + what);
                assertEquals(aggregateCount(service, as.apply(blind), yes), aggregateCount(service, as.apply(blind), no), "aggregate " + what);
                assertEquals(service.distinctAfter(as.apply(blind), yes, "name", 10, null).items(),
                        service.distinctAfter(as.apply(blind), no, "name", 10, null).items(), "distinct " + what);
                // Someone who may read the field still filters on it.
                Principal seeing = noteProbe ? ANA : HR;
                if (!probe[0].contains("ssn")) {
                    assertNotEquals(service.count(as.apply(seeing), yes), service.count(as.apply(seeing), no), "visible " + what);
                }
                assertNotEquals(service.count(as.apply(SERVICE), yes), service.count(as.apply(SERVICE), no), "service " + what);
            }
            // A hidden field is missing for the caller: $exists false matches it, $exists true does not.
            assertEquals(1, service.count(as.apply(CARL), ann("{\"ssn\":{\"$exists\":false}}")));
            assertEquals(0, service.count(as.apply(CARL), ann("{\"ssn\":{\"$exists\":true}}")));
            assertEquals(0, service.count(as.apply(BOB), ann("{\"note\":{\"$exists\":true}}")));
            assertEquals(1, service.count(as.apply(ANA), ann("{\"note\":{\"$exists\":true}}")));
            assertEquals(1, service.count(as.apply(HR), ann("{\"ssn\":{\"$exists\":false}}")), "ssn is missing for hr too");

            // Sorts and cursor pages: a hidden field sorts as missing for every record, so the id order decides.
            List<String> byId = ids(service.list(as.apply(SERVICE), null, "id", 50, 0, List.of()));
            for (String sort : List.of("salary", "data.salary", "ssn", "note")) {
                Principal blind = CARL;
                assertEquals(byId, ids(service.list(as.apply(blind), null, sort, 50, 0, List.of())), "sort " + sort);
                assertEquals(byId.reversed(), ids(service.list(as.apply(blind), null, "-" + sort, 50, 0, List.of())), "sort -" + sort);
                assertEquals(byId, walk(service, as.apply(blind), sort), "cursor pages by " + sort);
            }
            List<String> bySalary = List.of("Di", "Bob", "Ann", "Cy");
            assertEquals(bySalary, names(service.list(as.apply(HR), null, "salary", 50, 0, List.of())), "hr sorts by salary");
            // A record condition: Ana sees the notes of her own records (Ann, Di) and sorts them; Bob's sort as missing.
            List<String> byNote = names(service.list(as.apply(ANA), null, "note", 50, 0, List.of()));
            assertEquals(List.of("Ann", "Di"), byNote.subList(2, 4), "visible notes after the missing ones: " + byNote);
            List<String> walked = new ArrayList<>();
            for (String id : walk(service, as.apply(ANA), "-note")) walked.add(service.get(as.apply(SERVICE), id).get("name").asText());
            assertEquals(List.of("Di", "Ann"), walked.subList(0, 2), "cursor pages by -note: " + walked);

            // Distinct values and aggregates of a hidden field: nothing to see.
            assertEquals(List.of(), service.distinctAfter(as.apply(CARL), null, "salary", 10, null).items());
            assertEquals(List.of(), service.distinctAfter(as.apply(CARL), null, "data.ssn", 10, null).items());
            assertEquals(4, service.distinctAfter(as.apply(HR), null, "salary", 10, null).items().size());
            List<ObjectNode> groups = service.aggregate(as.apply(CARL), Json.parse("{\"groupBy\":\"salary\",\"sum\":\"salary\"}")).rows();
            assertEquals(1, groups.size(), "one group of missing salaries: " + groups);
            assertTrue(groups.get(0).get("salary").isNull(), groups.toString());
            assertEquals(0, groups.get(0).get("sum_salary").asDouble(), groups.toString());
            List<ObjectNode> notes = service.aggregate(as.apply(BOB), Json.parse("{\"groupBy\":\"note\",\"max\":\"salary\"}")).rows();
            assertEquals(3, notes.size(), "bob's two notes and one missing group: " + notes);

            // update-many and delete-many act on what the caller can tell apart, never on hidden values.
            EntityContext carl = as.apply(CARL);
            assertEquals(0, service.updateMany(carl, ann("{\"salary\":{\"$gt\":149999}}"), Json.parse("{\"$inc\":{\"touched\":1}}")).updated());
            assertEquals(0, service.updateMany(carl, ann("{\"ssn\":{\"$regex\":\"^1\"}}"), Json.parse("{\"$inc\":{\"touched\":1}}")).updated());
            assertEquals(0, service.deleteMany(carl, ann("{\"salary\":{\"$gt\":149999}}")));
            assertEquals(0, service.deleteMany(carl, ann("{\"ssn\":\"123-45-6789\"}")));
            assertEquals(1, service.updateMany(as.apply(HR), ann("{\"salary\":{\"$gt\":149999}}"), Json.parse("{\"$inc\":{\"touched\":1}}")).updated());

            // Operators on fields the caller may not write are dropped; a $rename needs both ends writable and the source readable.
            service.updateMany(carl, ann("{}"), Json.parse("{\"$inc\":{\"grade\":5}}"));
            service.updateMany(carl, ann("{}"), Json.parse("{\"$rename\":{\"ssn\":\"team\"}}"));
            service.updateMany(carl, ann("{}"), Json.parse("{\"$rename\":{\"team\":\"grade\"}}"));
            service.updateMany(carl, ann("{}"), Json.parse("{\"$rename\":{\"grade\":\"touched\"}}"));
            // Operators whose outcome (or failure) depends on a hidden value are dropped: no 400 tells a string from a number.
            assertEquals(1, service.updateMany(carl, ann("{}"), Json.parse("{\"$inc\":{\"ssn\":1}}")).updated());
            assertEquals(1, service.updateMany(carl, ann("{}"), Json.parse("{\"$push\":{\"salary\":1}}")).updated());
            assertEquals(1, service.updateMany(carl, ann("{}"), Json.parse("{\"$max\":{\"salary\":999999}}")).updated());
            assertEquals(1, service.updateMany(carl, ann("{}"), Json.parse("{\"$set\":{\"ssn.part\":1}}")).updated());
            ObjectNode stored = service.get(as.apply(SERVICE), ann);
            assertEquals(150000, stored.get("salary").asInt(), stored.toString());
            assertEquals(3, stored.get("grade").asInt(), stored.toString());
            assertEquals("t", stored.get("team").asText(), "no hidden value renamed into a readable field: " + stored);
            assertEquals("123-45-6789", stored.get("ssn").asText(), stored.toString());
            assertEquals(1, stored.get("touched").asInt(), stored.toString());

            // A blind write of a whole field the caller may write but not read still works.
            service.updateMany(carl, ann("{}"), Json.parse("{\"$set\":{\"ssn\":\"000-00-0000\"}}"));
            assertEquals("000-00-0000", service.get(as.apply(SERVICE), ann).get("ssn").asText());

            // upsert by a hidden key never finds (and never writes into) Ann's record.
            RecordService.UpsertResult up = service.upsert(carl, List.of("salary"), List.of(body("{\"salary\":150000,\"name\":\"Mallory\"}")));
            assertEquals(1, up.created(), "created, not matched");
            assertEquals(0, up.updated());
            assertEquals("Ann", service.get(as.apply(SERVICE), ann).get("name").asText());
            RecordService.UpsertResult byHr = service.upsert(as.apply(HR), List.of("salary"), List.of(body("{\"salary\":200000,\"team\":\"u\"}")));
            assertEquals(1, byHr.updated(), "hr matches on salary");
        }
    }

    /** Ann's record and the probe, both required. */
    private static JsonNode ann(String probe) throws Exception {
        ObjectNode q = (ObjectNode) Json.parse(probe);
        ObjectNode out = Json.object();
        out.put("name", "Ann");
        out.setAll(q);
        return out;
    }

    private static long aggregateCount(RecordService service, EntityContext ctx, JsonNode query) {
        ObjectNode body = Json.object();
        body.set("query", query);
        return service.aggregate(ctx, body).rows().get(0).get("count").asLong();
    }

    /** Every record in {@code sort} order through cursor pages of two. */
    private static List<String> walk(RecordService service, EntityContext ctx, String sort) {
        List<String> out = new ArrayList<>();
        List<Object> position = null;
        do {
            RecordService.KeysetPage page = service.listAfter(ctx, null, sort, List.of(), 2, position);
            out.addAll(ids(page.items()));
            position = page.position();
        } while (position != null);
        return out;
    }

    private static List<String> ids(List<? extends JsonNode> records) {
        return records.stream().map(r -> r.get("id").asText()).toList();
    }

    private static List<String> names(List<? extends JsonNode> records) {
        return records.stream().map(r -> r.get("name").asText()).toList();
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) Json.parse(json);
    }
}
