package dev.homebase.server.auth;

import dev.homebase.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * The server-wide admin: the user {@code HOMEBASE_ADMIN_EMAIL} that {@code serve} creates as an admin in every app it
 * serves. Only this user sees every app in the dashboard and may move from one app to another without signing in
 * again ({@link #switchTo}). Thread-safe.
 *
 * <p>Security: the caller is always an authenticated user of the app they call from, with role {@code admin} there
 * (checked by the caller of these methods through {@link Authenticator}); their address is compared with the
 * configured one in constant time; the target app's user is read fresh from the database and must be a verified,
 * enabled admin with the same address. The token handed out is short-lived ({@link #SWITCH_TTL}). Without
 * {@code HOMEBASE_ADMIN_EMAIL} nobody is the server admin.
 */
public final class ServerAdmin {
    /** How long a token issued by an app switch is valid. */
    public static final Duration SWITCH_TTL = Duration.ofHours(1);

    private final byte[] email; // normalised; null: no server admin configured
    private final Database db;
    private final UserStore users;
    private final TokenService tokens;

    /**
     * @param adminEmail {@code HOMEBASE_ADMIN_EMAIL}, if set
     * @param db where users are read
     * @param users how they are read
     * @param tokens issues the switched-to app's token
     */
    public ServerAdmin(Optional<String> adminEmail, Database db, UserStore users, TokenService tokens) {
        this.email = adminEmail.flatMap(Emails::normalize).map(e -> e.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.db = db;
        this.users = users;
        this.tokens = tokens;
    }

    /** Whether {@code caller} (an authenticated user of some app) is the server admin: an admin with that address. */
    public boolean is(Principal.User caller) {
        if (email == null || caller == null || !caller.isAdmin() || caller.email() == null) return false;
        // Constant time: the answer time must not reveal how much of the address matched.
        return MessageDigest.isEqual(email, Emails.normalize(caller.email()).orElse("").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A short-lived token of {@code targetAppId} for the server admin, who calls as {@code caller} from another app.
     *
     * @throws AuthException 403 when {@code caller} is not the server admin, or when the server admin's user in the
     *     target app is missing, not an admin, unverified or disabled (the same answer for each)
     */
    public String switchTo(Principal.User caller, String targetAppId) {
        if (!is(caller)) throw forbidden("Only the server admin (HOMEBASE_ADMIN_EMAIL) can switch apps");
        String address = new String(email, StandardCharsets.UTF_8);
        UserRecord target = db.read(c -> users.findByEmail(c, targetAppId, address))
                .filter(u -> u.role().equals("admin") && u.verified() && !u.isDisabled()
                        && MessageDigest.isEqual(email, u.email().getBytes(StandardCharsets.UTF_8)))
                .orElseThrow(() -> forbidden("The server admin is not an enabled admin of app " + targetAppId));
        return tokens.issueUser(target, SWITCH_TTL);
    }

    private static AuthException forbidden(String message) {
        return new AuthException(AuthException.Kind.FORBIDDEN, "forbidden", message);
    }
}
