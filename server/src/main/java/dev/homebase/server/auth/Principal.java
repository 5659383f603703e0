package dev.homebase.server.auth;

/**
 * Who is calling: nobody in particular, a signed-in user, or the service role.
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

    /** A signed-in user of the app. */
    record User(String id, String email, String role) implements Principal {}

    /** The service role: trusted scripts and backend functions. Bypasses row and field rules. */
    record Service() implements Principal {
        @Override public String email() { return "service@homebase.local"; }
        @Override public String id() { return "service-role"; }
    }
}
