package dev.homebase.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.homebase.server.internal.Sha256;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies the app's JWTs (HS256 with the app's key from {@link AppKeys}).
 *
 * <p>User tokens: {@code {sub: email, user_id, app_id, role, ver, iat, exp}}; {@code ver} is the
 * user's token version, so a password change or reset revokes every older token. Service tokens:
 * {@code {sub: "service", kind: "service", app_id, data_env, on_behalf_of?, iat, exp}}.
 *
 * <p>Verification is strict: only HS256 is accepted (so {@code alg: none} and every other algorithm
 * are refused before any key is used), the signature must match, {@code exp} and {@code iat} must
 * be present and {@code exp} in the future, and {@code app_id} must be the app being called.
 * Thread-safe.
 */
public final class TokenService {
    /** The only accepted signing algorithm. */
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.HS256);
    /** Tolerance for clocks slightly ahead when checking {@code iat}. */
    private static final Duration SKEW = Duration.ofSeconds(60);

    /** What a verified token says. */
    public sealed interface Verified {
        /** A user token. */
        record UserToken(String email, String userId, String role, int version) implements Verified {}

        /** A service-role token. */
        record ServiceToken(String dataEnv, String onBehalfOf) implements Verified {}
    }

    /** Most verified tokens remembered; when full, all are forgotten (cheap; they verify again). */
    static final int MAX_REMEMBERED = 10_000;

    /** A token that verified, until it expires. */
    private record Remembered(Verified verified, Instant expires) {}

    private final AppKeys keys;
    private final Clock clock;
    private final Duration userTtl;
    /**
     * Tokens that verified, by app and SHA-256 of the token (the token itself is not kept): parsing and checking a JWT
     * again on every request of the same session is most of the cost of authenticating it. Only the signature and
     * claims are remembered: whether the user still exists, is enabled and has the token's version is checked on every
     * request by {@link Authenticator}. Refused tokens are never remembered.
     */
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    /**
     * @param keys the per-app keys
     * @param clock the time source (tests inject one)
     * @param userTtl how long user tokens are valid
     */
    public TokenService(AppKeys keys, Clock clock, Duration userTtl) {
        this.keys = keys;
        this.clock = clock;
        this.userTtl = userTtl;
    }

    /** A new access token for {@code user}. */
    public String issueUser(UserRecord user) {
        return issueUser(user, userTtl);
    }

    /** A new access token for {@code user}, valid for {@code ttl} (shorter than usual: the dashboard's app switch). */
    public String issueUser(UserRecord user, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.email())
                .claim("user_id", user.id())
                .claim("app_id", user.appId())
                .claim("role", user.role())
                .claim("ver", user.tokenVersion())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        return sign(user.appId(), claims);
    }

    /**
     * A new service-role token.
     *
     * @param dataEnv {@code "dev"}, {@code "prod"} or null
     * @param onBehalfOf the end user's token to carry, or null
     */
    public String issueService(String appId, String dataEnv, String onBehalfOf, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("service")
                .claim("kind", "service")
                .claim("app_id", appId)
                .claim("data_env", dataEnv)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (onBehalfOf != null) claims.claim("on_behalf_of", onBehalfOf);
        return sign(appId, claims.build());
    }

    /**
     * Checks {@code token} for {@code appId}.
     *
     * @throws AuthException 401 (always the same message) for any token that is not valid
     */
    public Verified verify(String appId, String token) {
        String key = appId + ":" + digest(token);
        Remembered known = verified.get(key);
        if (known != null) {
            if (clock.instant().isBefore(known.expires())) return known.verified();
            verified.remove(key);
        }
        Remembered fresh = verifyNow(appId, token);
        if (verified.size() >= MAX_REMEMBERED) verified.clear();
        verified.put(key, fresh);
        return fresh.verified();
    }

    private static String digest(String token) {
        return Base64.getEncoder().withoutPadding().encodeToString(Sha256.of(token));
    }

    /** Checks {@code token} in full: signature, algorithm, times and claims. */
    private Remembered verifyNow(String appId, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // Allow-list the algorithm before touching the key: refuses "none", RS/ES/PS and HS384/512.
            if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) throw AuthException.unauthorized();
            if (jwt.getHeader().getCriticalParams() != null && !jwt.getHeader().getCriticalParams().isEmpty()) {
                throw AuthException.unauthorized();
            }
            if (!jwt.verify(new MACVerifier(keys.signingKey(appId)))) throw AuthException.unauthorized();
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date exp = c.getExpirationTime();
            Date iat = c.getIssueTime();
            if (exp == null || iat == null || !now.isBefore(exp.toInstant()) || iat.toInstant().isAfter(now.plus(SKEW))) {
                throw AuthException.unauthorized();
            }
            if (!appId.equals(c.getStringClaim("app_id"))) throw AuthException.unauthorized();
            if ("service".equals(c.getStringClaim("kind"))) {
                if (!"service".equals(c.getSubject())) throw AuthException.unauthorized();
                return new Remembered(new Verified.ServiceToken(c.getStringClaim("data_env"), c.getStringClaim("on_behalf_of")),
                        exp.toInstant());
            }
            String userId = c.getStringClaim("user_id");
            Integer version = c.getIntegerClaim("ver");
            if (c.getSubject() == null || userId == null || version == null) throw AuthException.unauthorized();
            return new Remembered(new Verified.UserToken(c.getSubject(), userId, c.getStringClaim("role"), version), exp.toInstant());
        } catch (ParseException | JOSEException | IllegalArgumentException | ClassCastException e) {
            throw AuthException.unauthorized();
        }
    }

    private String sign(String appId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(keys.signingKey(appId)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
