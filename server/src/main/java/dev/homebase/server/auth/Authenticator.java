package dev.homebase.server.auth;

import dev.homebase.server.store.Database;
import java.util.Optional;

/**
 * Turns a request's credentials into a {@link Principal}.
 *
 * <p>No {@code Authorization} header means {@link Principal#ANONYMOUS}. A present header must be
 * exactly {@code Bearer <token>} with a token valid for the app: a user token whose user still
 * exists, is not disabled and has not changed password since, or a service token. Anything else
 * is refused with a 401 (api-contract §1.6: apps rely on 401 to detect an expired session). On a
 * service-role request, {@code on-behalf-of: Bearer <user token>} names the acting end user; it is
 * checked the same way (a service token there, as a function invoked by the service role sends it,
 * names no end user). The user is read through a {@link UserCache} when given one (changes to users
 * drop it on every node), and token signatures are remembered by {@link TokenService}. Thread-safe.
 *
 * <pre>{@code
 * Principal caller = authenticator.authenticate(appId, ctx.header("Authorization"), ctx.header("on-behalf-of"));
 * }</pre>
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final UserStore users;
    private final Database db;
    private final UserCache cache;

    /** An authenticator that reads the caller's user from the database on every request. */
    public Authenticator(TokenService tokens, UserStore users, Database db) {
        this(tokens, users, db, null);
    }

    /** An authenticator that reads callers through {@code cache} (null: from the database every time). */
    public Authenticator(TokenService tokens, UserStore users, Database db, UserCache cache) {
        this.tokens = tokens;
        this.users = users;
        this.db = db;
        this.cache = cache;
    }

    private Optional<UserRecord> find(String appId, String userId) {
        return cache != null ? cache.find(appId, userId) : db.read(c -> users.findById(c, appId, userId));
    }

    /**
     * The caller of a request to {@code appId}.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param onBehalfOf the {@code on-behalf-of} header, or null
     * @throws AuthException 401 for a present but invalid credential
     */
    public Principal authenticate(String appId, String authorization, String onBehalfOf) {
        if (authorization == null) return Principal.ANONYMOUS;
        return switch (tokens.verify(appId, bearer(authorization))) {
            case TokenService.Verified.UserToken u -> user(appId, u);
            case TokenService.Verified.ServiceToken s -> {
                Principal.User actingUser = null;
                if (onBehalfOf != null) {
                    // A function invoked by the service role gets the caller's service token as its "user" token
                    // (api-contract §6.2), and the SDK sends that back as on-behalf-of on its asServiceRole calls:
                    // a valid service token of this app there names no end user (it grants nothing the
                    // Authorization does not already grant). Anything else that does not verify is a 401.
                    actingUser = switch (tokens.verify(appId, bearer(onBehalfOf))) {
                        case TokenService.Verified.UserToken u -> user(appId, u);
                        case TokenService.Verified.ServiceToken ignored -> null;
                    };
                }
                yield new Principal.Service(s.dataEnv(), actingUser);
            }
        };
    }

    /** How a request's credential stands with an app, for answers that must not be a 401 (api-contract §12). */
    public enum Standing {
        /** No {@code Authorization} header. */
        NONE,
        /** A valid user or service token. */
        VALID,
        /** A token that is malformed, forged, expired, of another app or from before a password change: sign in again. */
        SIGNED_OUT,
        /** A genuine token of this app whose user no longer exists or was disabled: no access. */
        NOT_REGISTERED
    }

    /** How the {@code Authorization} header (or null) stands with {@code appId}; never throws for a bad credential. */
    public Standing standing(String appId, String authorization) {
        if (authorization == null) return Standing.NONE;
        TokenService.Verified verified;
        try {
            verified = tokens.verify(appId, bearer(authorization));
        } catch (AuthException e) {
            return Standing.SIGNED_OUT;
        }
        if (!(verified instanceof TokenService.Verified.UserToken token)) return Standing.VALID;
        // Read fresh, not through the cache: asked once per page load, and its answer is the page's whole decision.
        Optional<UserRecord> found = db.read(c -> users.findById(c, appId, token.userId()));
        if (found.isEmpty() || found.get().isDisabled()) return Standing.NOT_REGISTERED;
        UserRecord u = found.get();
        return u.tokenVersion() != token.version() || !u.email().equals(token.email()) ? Standing.SIGNED_OUT : Standing.VALID;
    }

    /** The user behind a user token, checked against the store. @throws AuthException 401 */
    public Principal.User userFromToken(String appId, String token) {
        if (!(tokens.verify(appId, token) instanceof TokenService.Verified.UserToken u)) throw AuthException.unauthorized();
        return user(appId, u);
    }

    private Principal.User user(String appId, TokenService.Verified.UserToken token) {
        Optional<UserRecord> found = find(appId, token.userId());
        UserRecord u = found.orElseThrow(AuthException::unauthorized);
        // A password change or reset bumps the version: every token issued before it stops working.
        if (u.tokenVersion() != token.version() || u.isDisabled() || !u.email().equals(token.email())) {
            throw AuthException.unauthorized();
        }
        return u.principal();
    }

    /** The token of a {@code Bearer <token>} header: one space, one token, nothing else. */
    private static String bearer(String header) {
        if (!header.startsWith(BEARER)) throw AuthException.unauthorized();
        String token = header.substring(BEARER.length());
        if (token.isEmpty() || hasSpaceOrControl(token)) throw AuthException.unauthorized();
        return token;
    }

    /** Whether {@code token} has a space or a control character (a plain loop: this runs on every request). */
    private static boolean hasSpaceOrControl(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) <= ' ') return true;
        }
        return false;
    }
}
