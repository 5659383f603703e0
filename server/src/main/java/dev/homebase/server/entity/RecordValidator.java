package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Prepares incoming record bodies for storage (contract §4.5, §4.7, §4.19): drops {@code _id},
 * built-in and undeclared keys, applies defaults (create only), checks {@code required} (create
 * only), checks and coerces types, and in strict mode also enum, format, lengths, pattern and
 * range (see {@link ConstraintChecker} for those messages). Immutable and thread-safe; never
 * mutates its input.
 *
 * <p>Messages are exactly the contract's: {@code Error in field <path>: Field required} and
 * {@code Error in field <path>: Input should be a valid <type>} (unions: {@code valid string or
 * null}), with paths such as {@code tags[2]} and {@code address.city}. Fields are checked in
 * schema order and the first failure is thrown. {@code null} is accepted for any field that is not
 * required; on update a required field may not be set to null unless its type allows null.
 *
 * <pre>{@code
 * RecordValidator validator = new RecordValidator(project.strictValidation());
 * ObjectNode data = validator.forCreate(schema, body); // caller adds id, dates, created_by
 * }</pre>
 */
public final class RecordValidator {
    private final boolean strict;
    private final ValueChecker checker;

    /**
     * A validator for one project.
     *
     * @param strict also enforce enum, format, lengths, pattern and min/max ({@code strictValidation})
     */
    public RecordValidator(boolean strict) {
        this.strict = strict;
        this.checker = new ValueChecker(strict);
    }

    /**
     * The custom fields to store for a create: declared fields of {@code body}, plus defaults for
     * absent ones, validated and coerced, in schema order.
     *
     * @throws ValidationException for the first invalid field
     */
    public ObjectNode forCreate(EntitySchema schema, ObjectNode body) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, FieldDef> entry : schema.fields().entrySet()) {
            String name = entry.getKey();
            FieldDef def = entry.getValue();
            JsonNode value = body.get(name);
            if (value == null && def.hasDefault()) value = def.defaultValue();
            boolean required = schema.isRequired(name);
            if (required && (value == null || value.isNull())) throw new ValidationException(name, "Field required");
            if (value != null) out.set(name, checker.check(def, value, name, !required));
        }
        return out;
    }

    /**
     * The custom fields to merge for an update: only the declared fields present in
     * {@code patch}, validated and coerced; no defaults and no required check.
     *
     * @throws ValidationException for the first invalid field
     */
    public ObjectNode forUpdate(EntitySchema schema, ObjectNode patch) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, FieldDef> entry : schema.fields().entrySet()) {
            String name = entry.getKey();
            JsonNode value = patch.get(name);
            if (value != null) out.set(name, checker.check(entry.getValue(), value, name, !schema.isRequired(name)));
        }
        return out;
    }

    /** Whether strict checks are on. */
    public boolean strict() {
        return strict;
    }
}
