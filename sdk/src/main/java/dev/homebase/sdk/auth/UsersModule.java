package dev.homebase.sdk.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

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

    /**
     * Invites a user without blocking; see {@link #inviteUser(String, String)}.
     *
     * @param userEmail the email
     * @param role      {@code "user"} or {@code "admin"}
     * @return completes with the server's answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     * @throws IllegalArgumentException for another role, before anything is sent
     */
    CompletableFuture<Map<String, Object>> inviteUserAsync(String userEmail, String role);
}
