package dev.homebase.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.AccessRules;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.FieldUpdateRules;
import dev.homebase.server.entity.RecordValidator;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * What a change to a user's custom fields must pass, for one caller: the field update rules of the
 * app's User schema (fields the caller may not write are dropped silently, as for every entity;
 * the service role passes all), then the schema itself (unknown keys dropped, values validated).
 * Without a User schema every custom key is dropped (api-contract §3.1, §4.19, §5.5). Built-in
 * fields never reach it: they keep their own rules in {@link AccountService}. Immutable.
 */
public final class UserFields {
    private final EntitySchema schema;
    private final RecordValidator validator;
    private final FieldUpdateRules rules;

    private UserFields(EntitySchema schema, RecordValidator validator, FieldUpdateRules rules) {
        this.schema = schema;
        this.validator = validator;
        this.rules = rules;
    }

    /**
     * The custom-field checks of the app's User schema for {@code caller}.
     *
     * @param schema the app's User schema, if it declares one
     * @param rules the access rules of that schema (ignored when there is no schema)
     */
    public static UserFields of(Optional<EntitySchema> schema, RecordValidator validator, AccessRules rules, Principal caller) {
        return schema.isPresent()
                ? new UserFields(schema.get(), validator, FieldUpdateRules.of(rules, caller))
                : new UserFields(null, validator, FieldUpdateRules.NONE);
    }

    /**
     * The custom fields of {@code patch} to store on {@code current}, checked and validated, and
     * {@code unset} trimmed (in place) to the keys the caller may remove.
     *
     * @throws dev.homebase.server.entity.ValidationException when a permitted value does not fit the schema
     */
    ObjectNode permitted(Connection c, RecordStore store, UserRecord current, ObjectNode patch, Set<String> unset)
            throws SQLException {
        if (schema == null) return Json.object();
        ObjectNode allowed = patch.deepCopy();
        rules.dropForbidden(c, store, new EntityScope(current.appId(), "User", "prod"), asRecord(current), allowed, unset);
        return validator.forUpdate(schema, allowed);
    }

    /** The user as a record for rule conditions: the public User record (§3.3) without the system fields. */
    private static StoredRecord asRecord(UserRecord u) {
        ObjectNode data = u.toJson();
        data.remove(java.util.List.of("id", "created_date", "updated_date"));
        return new StoredRecord(u.id(), data, u.createdDate(), u.updatedDate(), null, null, false);
    }
}
