package dev.homebase.server.entity;

import java.util.Locale;
import java.util.Optional;

/**
 * One JSON type an entity property may declare in its {@code type} (alone or in a union).
 *
 * <p>{@link #BINARY} comes from the Base44 skill docs and is validated as a string (a URL or base64).
 */
public enum FieldType {
    /** A JSON string. */
    STRING,
    /** Any JSON number. */
    NUMBER,
    /** A JSON number without a fractional part. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A JSON array, elements checked against {@code items}. */
    ARRAY,
    /** A JSON object, members checked against nested {@code properties}. */
    OBJECT,
    /** Only JSON {@code null}. */
    NULL,
    /** A string holding a URL or base64 data; validated exactly like {@link #STRING}. */
    BINARY;

    /** The name used in schemas, e.g. {@code "integer"}. */
    public String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name} in a schema (exact, lower-case spelling), if there is one. */
    public static Optional<FieldType> fromSchemaName(String name) {
        for (FieldType type : values()) {
            if (type.schemaName().equals(name)) return Optional.of(type);
        }
        return Optional.empty();
    }

    /** The word used in {@code Input should be a valid <word>} messages ({@code binary} reads as string). */
    String messageName() {
        return this == BINARY ? "string" : schemaName();
    }
}
