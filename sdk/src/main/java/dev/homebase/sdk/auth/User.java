package dev.homebase.sdk.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A User record (api-contract §3.3): built-in fields through accessors, custom fields through
 * {@link #get(String)}. Immutable and thread-safe.
 */
public final class User {
    private final Map<String, Object> fields;

    /**
     * Wraps the fields of a User record.
     *
     * @param fields the record as sent by the server
     */
    public User(Map<String, ?> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /**
     * Returns the user id.
     *
     * @return the id, or null
     */
    public String id() {
        return string("id");
    }

    /**
     * Returns the email.
     *
     * @return the email, or null
     */
    public String email() {
        return string("email");
    }

    /**
     * Returns the full name.
     *
     * @return the name, or null
     */
    public String fullName() {
        return string("full_name");
    }

    /**
     * Returns the app role, usually {@code "admin"} or {@code "user"}.
     *
     * @return the role, or null
     */
    public String role() {
        return string("role");
    }

    /**
     * Returns any field, built-in or custom.
     *
     * @param field the field name
     * @return the value, or null
     */
    public Object get(String field) {
        return fields.get(field);
    }

    /**
     * Returns all fields.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        return fields;
    }

    private String string(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof User u && fields.equals(u.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "User" + fields;
    }
}
