package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entity's schema, as read from {@code base44/entities/*.jsonc} by {@link SchemaParser}.
 * Immutable and thread-safe (NB: {@link #rls()} is a shared node; treat it as read-only).
 *
 * @param name canonical entity name (as written in the schema)
 * @param fields top-level property definitions by field name, in file order
 * @param required fields required on create
 * @param rls the raw entity-level rules object, or null when absent
 * @param indexes the declared indexes (Homebase extension {@code "indexes"}), each a list of one
 *     or more field paths, a leading {@code -} meaning descending; see {@link SchemaParser}
 * @param builtInRules the field rules ({@code rls} objects) of declared built-in fields, whose
 *     declarations are otherwise ignored: a {@code read} rule still hides the built-in value
 */
public record EntitySchema(String name, Map<String, FieldDef> fields, List<String> required, JsonNode rls,
                           List<List<String>> indexes, Map<String, JsonNode> builtInRules) {

    /**
     * The fields the platform keeps for every record (its metadata). A declaration of one in a
     * schema is ignored (the hosted platform accepts such schemas), and they are never taken from
     * a request body. Other names the platform uses internally ({@code entity_name},
     * {@code app_id}, {@code environment}, {@code deleted_date}) are ordinary fields here.
     */
    public static final Set<String> BUILT_IN_FIELDS = Set.of(
            "id", "_id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample", "is_deleted");

    /** Copies the collections so the schema is immutable. */
    public EntitySchema {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        required = List.copyOf(required);
        indexes = indexes == null ? List.of() : indexes.stream().map(List::copyOf).toList();
        builtInRules = builtInRules == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(builtInRules));
    }

    /** A schema without rules on declared built-in fields. */
    public EntitySchema(String name, Map<String, FieldDef> fields, List<String> required, JsonNode rls, List<List<String>> indexes) {
        this(name, fields, required, rls, indexes, Map.of());
    }

    /** A schema without declared indexes. */
    public EntitySchema(String name, Map<String, FieldDef> fields, List<String> required, JsonNode rls) {
        this(name, fields, required, rls, List.of());
    }

    /** Whether {@code field} is a declared top-level property. */
    public boolean hasField(String field) {
        return fields.containsKey(field);
    }

    /** The declared top-level property {@code field}. */
    public Optional<FieldDef> field(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** Whether {@code field} is listed in the top-level {@code required}. */
    public boolean isRequired(String field) {
        return required.contains(field);
    }
}
