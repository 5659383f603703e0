package dev.homebase.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.util.Set;

/**
 * A stored user of one app.
 *
 * @param appId the app
 * @param id the user id (24 hex characters)
 * @param email the lower-cased email, unique per app
 * @param fullName the display name
 * @param role {@code "admin"}, {@code "user"} or an app-defined role
 * @param passwordHash the Argon2id PHC string, or null (invited, no password yet)
 * @param verified whether the email address was proven
 * @param disabled true when an admin disabled the account; null otherwise
 * @param data the custom fields (from the app's {@code User} schema)
 * @param tokenVersion bumped on password change or reset; tokens carrying an older one are refused
 * @param createdDate naive-UTC timestamp
 * @param updatedDate naive-UTC timestamp
 */
public record UserRecord(String appId, String id, String email, String fullName, String role, String passwordHash,
                         boolean verified, Boolean disabled, ObjectNode data, int tokenVersion,
                         String createdDate, String updatedDate) {

    /** Fields of the User record that are not custom fields; custom data can never override them. */
    public static final Set<String> BUILT_IN = Set.of("id", "email", "full_name", "role", "is_verified", "is_service",
            "disabled", "app_id", "created_date", "updated_date", "created_by", "created_by_id", "collaborator_role",
            "_app_role", "is_sample", "password", "password_hash");

    public UserRecord {
        data = data == null ? Json.object() : data;
    }

    /** Whether the account was disabled. */
    public boolean isDisabled() {
        return Boolean.TRUE.equals(disabled);
    }

    /** The principal this user signs in as. */
    public Principal.User principal() {
        return new Principal.User(id, email, role, data);
    }

    /** The public User record (api-contract §3.3): built-in fields plus the custom fields, flat. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("email", email);
        out.put("full_name", fullName);
        out.put("role", role);
        out.put("is_verified", verified);
        out.put("is_service", false);
        if (disabled == null) out.putNull("disabled");
        else out.put("disabled", disabled);
        out.put("app_id", appId);
        out.put("created_date", createdDate);
        out.put("updated_date", updatedDate);
        data.properties().forEach(e -> {
            if (!BUILT_IN.contains(e.getKey())) out.set(e.getKey(), e.getValue());
        });
        return out;
    }
}
