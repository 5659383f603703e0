package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.query.QueryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access rules of one entity: row rules for each operation (with {@code write} as the
 * fallback of create, update and delete) and field rules for fields that have them.
 *
 * @param read row rule for every read (list, get, count, realtime)
 * @param create row rule for creates, checked against the incoming record
 * @param update row rule for updates, checked against the stored record
 * @param delete row rule for deletes, checked against the stored record
 * @param fieldRead fields with a read rule: the field is removed where it fails
 * @param fieldCreate fields with a create (or write) rule: the incoming value is dropped where it fails
 * @param fieldUpdate fields with an update (or write) rule: the incoming value is dropped where it fails
 */
public record AccessRules(AccessRule read, AccessRule create, AccessRule update, AccessRule delete,
                          Map<String, AccessRule> fieldRead, Map<String, AccessRule> fieldCreate,
                          Map<String, AccessRule> fieldUpdate) {

    /** Reads the rules of a schema. @throws SchemaException for a malformed rule value */
    public static AccessRules of(EntitySchema schema) {
        JsonNode rls = ScopeKeys.inRules(schema.rls(), schema);
        String where = "entity " + schema.name() + " rls";
        AccessRule write = rule(rls, "write", where);
        Map<String, AccessRule> fieldRead = new LinkedHashMap<>();
        Map<String, AccessRule> fieldCreate = new LinkedHashMap<>();
        Map<String, AccessRule> fieldUpdate = new LinkedHashMap<>();
        schema.fields().forEach((name, field) -> {
            JsonNode f = ScopeKeys.inRules(field.rls(), schema);
            if (f == null || f.isNull() || !f.isObject()) return;
            String at = "entity " + schema.name() + " field " + name + " rls";
            AccessRule fieldWrite = rule(f, "write", at);
            if (f.has("read")) fieldRead.put(name, AccessRule.of(f.get("read"), at + ".read"));
            AccessRule c = f.has("create") ? AccessRule.of(f.get("create"), at + ".create") : fieldWrite;
            AccessRule u = f.has("update") ? AccessRule.of(f.get("update"), at + ".update") : fieldWrite;
            if (!(c instanceof AccessRule.Everyone)) fieldCreate.put(name, c);
            if (!(u instanceof AccessRule.Everyone)) fieldUpdate.put(name, u);
        });
        schema.builtInRules().forEach((name, declared) -> {
            JsonNode f = ScopeKeys.inRules(declared, schema);
            if (f.has("read")) fieldRead.put(name, AccessRule.of(f.get("read"), "entity " + schema.name() + " field " + name + " rls.read"));
        });
        AccessRules rules = new AccessRules(
                rule(rls, "read", where),
                has(rls, "create") ? rule(rls, "create", where) : write,
                has(rls, "update") ? rule(rls, "update", where) : write,
                has(rls, "delete") ? rule(rls, "delete", where) : write,
                Map.copyOf(fieldRead), Map.copyOf(fieldCreate), Map.copyOf(fieldUpdate));
        rules.check(schema.name());
        return rules;
    }

    /** Compiles every condition once for a sample user, so a malformed rule stops the app at load. */
    private void check(String entity) {
        Principal sample = new Principal.User("sample", "sample@example.com", "user", null);
        List<AccessRule> all = new ArrayList<>(List.of(read, create, update, delete));
        all.addAll(fieldRead.values());
        all.addAll(fieldCreate.values());
        all.addAll(fieldUpdate.values());
        for (AccessRule rule : all) {
            try {
                RuleCompiler.compile(rule, sample);
            } catch (QueryException e) {
                throw new SchemaException("entity " + entity + " rls: " + e.getMessage());
            }
        }
    }

    private static boolean has(JsonNode rls, String key) {
        return rls != null && rls.isObject() && rls.has(key);
    }

    private static AccessRule rule(JsonNode rls, String key, String where) {
        return has(rls, key) ? AccessRule.of(rls.get(key), where + "." + key) : AccessRule.EVERYONE;
    }
}
