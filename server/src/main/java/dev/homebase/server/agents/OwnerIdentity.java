package dev.homebase.server.agents;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.TokenService;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.store.Database;
import java.util.Optional;

/**
 * Who an agent run acts as: the conversation's owner, exactly as if they had sent the request themselves. A user
 * owner is read from the users table at the start of each run (a deleted or disabled user's run ends), with a fresh
 * access token for its function calls; a visitor is the anonymous principal, without a token. Thread-safe.
 */
final class OwnerIdentity {
    /** How long the service token of a service-role run's function calls lasts. */
    private static final java.time.Duration TOKEN_TTL = java.time.Duration.ofMinutes(30);

    private final Database db;
    private final UserStore users;
    private final TokenService tokens;

    OwnerIdentity(Database db, UserStore users, TokenService tokens) {
        this.db = db;
        this.users = users;
        this.tokens = tokens;
    }

    /**
     * The principal and bearer token (null for a visitor) of an owner.
     *
     * @param principal what entity tools run as
     * @param token what function tools send as {@code Authorization: Bearer}, or null
     */
    record Acting(Principal principal, String token) {}

    /** The owner as a caller now; empty when the user no longer exists or was disabled. */
    Optional<Acting> of(String appId, Owner owner) {
        if (owner.isVisitor()) return Optional.of(new Acting(Principal.ANONYMOUS, null));
        if (owner.isService()) return Optional.of(new Acting(new Principal.Service(), tokens.issueService(appId, null, null, TOKEN_TTL)));
        Optional<UserRecord> found = db.read(c -> users.findById(c, appId, owner.userId()));
        if (found.isEmpty() || found.get().isDisabled()) return Optional.empty();
        return Optional.of(new Acting(found.get().principal(), tokens.issueUser(found.get())));
    }
}
