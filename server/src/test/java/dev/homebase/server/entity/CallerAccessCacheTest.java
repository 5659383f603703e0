package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import org.junit.jupiter.api.Test;

/**
 * The compiled rules kept per (rules, caller): an equal caller reuses them, a caller whose role or fields changed and
 * reloaded rules get their own, two caches (two servers in one JVM) share nothing, and a cache stays bounded. (The rules' effect through the record operations, on both
 * databases, is AccessRulesTest's.)
 */
class CallerAccessCacheTest {
    private static final String SCHEMA = """
        { "name": "Note",
          "properties": {
            "title":  { "type": "string" },
            "team":   { "type": "string" },
            "salary": { "type": "number", "rls": { "read": { "user_condition": { "role": "hr" } } } } },
          "rls": {
            "read":   { "$or": [ { "created_by": "{{user.email}}" }, { "team": "{{user.data.team}}" } ] },
            "update": { "team": "{{user.data.team}}" },
            "delete": { "user_condition": { "role": "admin" } } } }
        """;

    private static AccessRules rules() throws Exception {
        return AccessRules.of(SchemaParser.parse(Json.parse(SCHEMA), "note.jsonc"));
    }

    private static Principal user(String id, String email, String role, String team) {
        ObjectNode data = Json.object();
        data.put("team", team);
        return new Principal.User(id, email, role, data);
    }

    private final CallerAccessCache cache = new CallerAccessCache();

    @Test
    void anEqualCallerReusesTheCompiledRules() throws Exception {
        AccessRules rules = rules();
        CallerAccess first = cache.of(rules, user("u1", "ana@example.com", "user", "red"));
        CallerAccess again = cache.of(rules, user("u1", "ana@example.com", "user", "red"));
        assertSame(first, again);
        assertEquals(CallerAccess.compiled(rules, user("u1", "ana@example.com", "user", "red")).read, again.read);
        assertSame(cache.of(rules, new Principal.Service()), cache.of(rules, new Principal.Service()));
    }

    @Test
    void aChangedCallerIsCompiledForItsNewValuesAtOnce() throws Exception {
        AccessRules rules = rules();
        Principal red = user("u1", "ana@example.com", "user", "red");
        Principal blue = user("u1", "ana@example.com", "user", "blue"); // the same user after a change of a custom field
        Principal admin = user("u1", "ana@example.com", "admin", "red"); // ... and after a change of role
        CallerAccess before = cache.of(rules, red);
        CallerAccess afterField = cache.of(rules, blue);
        assertNotEquals(before.update, afterField.update);
        assertEquals(CallerAccess.compiled(rules, blue).update, afterField.update);
        assertTrue(RuleCompiler.isNothing(cache.of(rules, red).delete));
        assertEquals(new dev.homebase.server.query.Filter.All(), cache.of(rules, admin).delete);
        assertTrue(RuleCompiler.isNothing(cache.of(rules, Principal.ANONYMOUS).read));
    }

    @Test
    void reloadedRulesAreNotAnsweredFromTheOldOnes() throws Exception {
        Principal ana = user("u1", "ana@example.com", "user", "red");
        AccessRules before = rules(), reloaded = rules(); // equal by value, another instance: an app reloaded
        assertNotSame(cache.of(before, ana), cache.of(reloaded, ana));
        String edited = SCHEMA.replace("\"update\": { \"team\"", "\"update\": { \"title\"");
        assertNotEquals(SCHEMA, edited);
        AccessRules changed = AccessRules.of(SchemaParser.parse(Json.parse(edited), "note.jsonc"));
        assertNotEquals(cache.of(before, ana).update, cache.of(changed, ana).update);
    }

    @Test
    void twoCachesShareNothing() throws Exception {
        AccessRules rules = rules();
        Principal ana = user("u1", "ana@example.com", "user", "red");
        CallerAccessCache other = new CallerAccessCache();
        CallerAccess here = cache.of(rules, ana);
        assertEquals(0, other.size());
        assertNotSame(here, other.of(rules, ana));
        assertEquals(1, cache.size());
        assertEquals(1, other.size());
    }

    @Test
    void theCacheStaysBounded() throws Exception {
        AccessRules rules = rules();
        for (int i = 0; i <= CallerAccessCache.MAX_ENTRIES + 10; i++) {
            cache.of(rules, user("u" + i, "user" + i + "@example.com", "user", "red"));
            assertTrue(cache.size() <= CallerAccessCache.MAX_ENTRIES);
        }
        assertTrue(cache.size() > 0);
    }
}
