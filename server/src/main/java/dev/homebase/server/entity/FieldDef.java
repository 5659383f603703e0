package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One property definition of an entity schema (recursive for {@code items} and nested
 * {@code properties}), as produced by {@link SchemaParser}.
 *
 * <p>Optional constraints are {@code null} when the schema does not state them. NB: the
 * {@link JsonNode} components are shared, not copied on access; treat them as read-only.
 *
 * @param types the declared type, or the members of a union, in schema order (never empty)
 * @param items the element definition of an array, or null
 * @param properties nested property definitions of an object, in file order (empty when none)
 * @param required nested property names required inside an object value (empty when none)
 * @param enumValues allowed values ({@code enum}); empty means no restriction
 * @param defaultValue the {@code default} (already coerced to the field's type), or null when
 *     absent; a JSON {@code "default": null} is a {@code NullNode}
 * @param format the {@code format} hint, or null
 * @param minLength {@code minLength}, or null
 * @param maxLength {@code maxLength}, or null
 * @param pattern the compiled {@code pattern}, or null
 * @param minimum {@code minimum}, or null
 * @param maximum {@code maximum}, or null
 * @param rls the raw field-level security rules ({@code rls} object), or null when absent
 * @param definition the whole raw definition, for keys not modelled here ({@code title},
 *     {@code description}, {@code enumNames}, {@code $ref}, ...)
 */
public record FieldDef(List<FieldType> types, FieldDef items, Map<String, FieldDef> properties,
                       List<String> required, List<JsonNode> enumValues, JsonNode defaultValue,
                       String format, Integer minLength, Integer maxLength, Pattern pattern,
                       BigDecimal minimum, BigDecimal maximum, JsonNode rls, JsonNode definition) {

    /** Copies the collections so the definition is immutable. */
    public FieldDef {
        types = List.copyOf(types);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        required = List.copyOf(required);
        enumValues = List.copyOf(enumValues);
    }

    /** Whether {@code type} is the declared type or one of the union's members. */
    public boolean allows(FieldType type) {
        return types.contains(type);
    }

    /** The nested property {@code name} of an object definition. */
    public Optional<FieldDef> field(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** Whether the schema gives a {@code default} (possibly {@code null}). */
    public boolean hasDefault() {
        return defaultValue != null;
    }
}
