package dev.homebase.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;

/**
 * Who is calling: nobody in particular, a signed-in user, or the service role.
 *
 * <p>Resolved once per request by {@link Authenticator} from {@code Authorization: Bearer} (and,
 * for the service role, {@code on-behalf-of}).
 */
public sealed interface Principal {

    /** The anonymous caller (no Authorization header). */
    Principal ANONYMOUS = new Anonymous();

    /** The email written to {@code created_by} for records this principal creates, or null. */
    String email();

    /** The id written to {@code created_by_id} for records this principal creates, or null. */
    String id();

    /** No token. */
    record Anonymous() implements Principal {
        @Override public String email() { return null; }
        @Override public String id() { return null; }
    }

    /**
     * A signed-in user of the app.
     *
     * @param id the user's id
     * @param email the user's email (lower-cased)
     * @param role the app role ({@code "admin"}, {@code "user"} or an app-defined string)
     * @param data the user's custom fields (from the app's {@code User} schema); a copy, never null
     */
    record User(String id, String email, String role, ObjectNode data) implements Principal {
        public User {
            data = data == null ? Json.object() : data.deepCopy();
        }

        /** A user without custom fields. */
        public User(String id, String email, String role) {
            this(id, email, role, null);
        }

        /** Whether the user is an app admin ({@code role: "admin"}). */
        public boolean isAdmin() {
            return "admin".equals(role);
        }

        @Override
        public ObjectNode data() {
            return data.deepCopy();
        }
    }

    /**
     * The service role: trusted scripts and backend functions. Bypasses row and field rules.
     *
     * @param dataEnv the token's {@code data_env} claim ({@code "dev"}/{@code "prod"}), or null
     * @param onBehalfOf the end user named by a valid {@code on-behalf-of} header, or null. NB:
     *     authorization stays the service role's, and records it creates are still attributed to
     *     the service identity (api-contract §1.6).
     */
    record Service(String dataEnv, User onBehalfOf) implements Principal {
        /** A service principal with no data environment and no acting end user. */
        public Service() {
            this(null, null);
        }

        @Override public String email() { return "service@homebase.local"; }
        @Override public String id() { return "service-role"; }
    }
}
