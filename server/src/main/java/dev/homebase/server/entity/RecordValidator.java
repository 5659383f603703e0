package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Prepares incoming record bodies for storage: drops unknown and system keys, applies defaults,
 * coerces and validates. PLACEHOLDER: drops unknown keys and checks required only.
 */
public final class RecordValidator {
    private final boolean strict;

    /** @param strict also enforce enum, format, lengths, pattern and min/max ({@code strictValidation}) */
    public RecordValidator(boolean strict) {
        this.strict = strict;
    }

    /** The custom fields to store for a create. @throws ValidationException */
    public ObjectNode forCreate(EntitySchema schema, ObjectNode body) {
        ObjectNode out = body.objectNode();
        body.properties().forEach(e -> { if (schema.hasField(e.getKey())) out.set(e.getKey(), e.getValue()); });
        for (String r : schema.required()) {
            if (!out.hasNonNull(r)) throw new ValidationException("Error in field " + r + ": Field required");
        }
        return out;
    }

    /** The custom fields to merge for an update (provided fields only). @throws ValidationException */
    public ObjectNode forUpdate(EntitySchema schema, ObjectNode patch) {
        ObjectNode out = patch.objectNode();
        patch.properties().forEach(e -> { if (schema.hasField(e.getKey())) out.set(e.getKey(), e.getValue()); });
        return out;
    }

    boolean strict() {
        return strict;
    }
}
