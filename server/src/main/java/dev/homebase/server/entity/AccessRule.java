package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One access rule of an entity or field (api-contract §5.4, §5.5), as written in the schema:
 * everyone, nobody but the service role, or a condition on the caller and the record.
 */
public sealed interface AccessRule {

    /** {@code true}, absent, {@code null}, {@code ""} or {@code {}}: everyone, anonymous included. */
    record Everyone() implements AccessRule {}

    /** {@code false}: nobody but the service role. */
    record Nobody() implements AccessRule {}

    /** An object rule: {@code user_condition}, record-field conditions, {@code $or/$and/$nor}. */
    record Condition(JsonNode condition) implements AccessRule {}

    /** The rule every absent key means. */
    AccessRule EVERYONE = new Everyone();

    /** Reads a rule value. @throws SchemaException for a value that is not a rule (a number, say) */
    static AccessRule of(JsonNode value, String where) {
        if (value == null || value.isNull() || value.isMissingNode()) return EVERYONE;
        if (value.isBoolean()) return value.booleanValue() ? EVERYONE : new Nobody();
        if (value.isTextual() && value.textValue().isEmpty()) return EVERYONE;
        if (value.isObject()) return value.isEmpty() ? EVERYONE : new Condition(value);
        throw new SchemaException(where + ": a rule must be true, false or an object");
    }
}
