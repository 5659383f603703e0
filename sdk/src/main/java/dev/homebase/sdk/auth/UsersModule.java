package dev.homebase.sdk.auth;

import java.util.Map;

/** User administration, the Java form of {@code base44.users} (user client only). Thread-safe. */
public interface UsersModule {
    /**
     * Invites a user ({@code POST /apps/{appId}/runtime/users/invite-user}).
     *
     * @param userEmail the email
     * @param role      {@code "user"} or {@code "admin"}
     * @return the server's answer
     * @throws IllegalArgumentException {@code Invalid role: "<r>". Role must be either "user" or "admin".}
     */
    Map<String, Object> inviteUser(String userEmail, String role);
}
