package dev.homebase.server.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSO tokens (api-contract §9): the provider's access, refresh and ID tokens of each user's last
 * social sign-in, sealed by {@link TokenCipher} in {@code sso_tokens}. {@link #accessToken} refreshes
 * an access token that expires within a minute (once across nodes: a claim on the row), with the
 * provider's client id and secret; {@link #idToken} hands out the ID token as it came, refused
 * once expired. Who may ask (the service role for its on-behalf-of user only) is the web layer's
 * check. Thread-safe.
 */
public final class SsoTokens {
    private static final Logger log = LoggerFactory.getLogger(SsoTokens.class);
    private static final long CLAIM_MILLIS = 20_000;

    /** A provider's client credentials for a refresh: its client id and secret. */
    public record Client(String clientId, String secret) {}

    private record Row(String provider, String tokenUrl, String access, String refresh, String idToken, Long expiresAt) {}

    private final Database db;
    private final TokenCipher cipher;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final BiFunction<String, String, Optional<Client>> clients;

    /** @param clients the client credentials of an app's provider, by app id and provider name */
    public SsoTokens(Database db, TokenCipher cipher, Clock clock, BiFunction<String, String, Optional<Client>> clients) {
        this.db = db;
        this.cipher = cipher;
        this.endpoint = new TokenEndpoint(clock);
        this.clock = clock;
        this.clients = clients;
    }

    /** Keeps the tokens of a sign-in of {@code userId} with {@code provider} (replacing the previous sign-in's). */
    public void keep(String appId, String userId, String provider, URI tokenUrl, String access, String refresh, Long expiresAt,
                     String idToken) {
        String row = row(userId);
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_tokens (app_id, user_id, provider, token_url, access_token,"
                    + " refresh_token, id_token, expires_at, refresh_claim, updated_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
                    + " ON CONFLICT (app_id, user_id) DO UPDATE SET provider = excluded.provider, token_url = excluded.token_url,"
                    + " access_token = excluded.access_token, refresh_token = excluded.refresh_token, id_token = excluded.id_token,"
                    + " expires_at = excluded.expires_at, refresh_claim = 0, updated_date = excluded.updated_date")) {
                ps.setString(1, appId);
                ps.setString(2, userId);
                ps.setString(3, provider);
                ps.setString(4, tokenUrl == null ? null : tokenUrl.toString());
                ps.setString(5, cipher.seal(appId, row + "/access", access));
                ps.setString(6, cipher.seal(appId, row + "/refresh", refresh));
                ps.setString(7, cipher.seal(appId, row + "/id", idToken));
                if (expiresAt == null) ps.setNull(8, Types.BIGINT); else ps.setLong(8, expiresAt);
                ps.setString(9, Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
                ps.executeUpdate();
            }
        });
    }

    /**
     * The provider access token of {@code userId}, refreshed first when it expires within a minute.
     *
     * @throws ConnectorException 404 when none is stored, or it expired and cannot be refreshed
     */
    public String accessToken(String appId, String userId) {
        String row = row(userId);
        for (int attempt = 0; ; attempt++) {
            Row r = find(appId, userId).filter(x -> x.access() != null)
                    .orElseThrow(() -> ConnectorException.notFound("No access token stored"));
            long now = clock.millis();
            if (r.expiresAt() == null || r.expiresAt() - now > Connectors.REFRESH_MARGIN.toMillis()) return cipher.open(appId, row + "/access", r.access());
            Optional<Client> client = clients.apply(appId, r.provider());
            if (r.refresh() == null || r.tokenUrl() == null || client.isEmpty()) {
                if (r.expiresAt() > now) return cipher.open(appId, row + "/access", r.access());
                throw new ConnectorException(404, "TOKEN_EXPIRED", "The stored access token expired and cannot be refreshed; the user must sign in again");
            }
            if (claim(appId, userId, r.expiresAt())) {
                try {
                    TokenEndpoint.Tokens t = endpoint.refresh(URI.create(r.tokenUrl()), client.get().clientId(), client.get().secret(),
                            cipher.open(appId, row + "/refresh", r.refresh()));
                    keep(appId, userId, r.provider(), URI.create(r.tokenUrl()), t.accessToken(), t.refreshToken(), t.expiresAt(),
                            cipher.open(appId, row + "/id", r.idToken()));
                    return t.accessToken();
                } catch (TokenEndpoint.Refused | TokenEndpoint.Unreachable e) {
                    log.warn("Refreshing the {} access token of a user of app {} failed: {}", r.provider(), appId, e.getMessage());
                    release(appId, userId);
                    if (r.expiresAt() > clock.millis()) return cipher.open(appId, row + "/access", r.access());
                    throw new ConnectorException(404, "TOKEN_EXPIRED",
                            "The stored access token expired and the provider did not refresh it; the user must sign in again");
                }
            }
            if (attempt > CLAIM_MILLIS / 100) throw new ConnectorException(502, "REFRESH_PENDING", "The token refresh did not finish in time.");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(503, "INTERRUPTED", "Interrupted while the token was refreshed.");
            }
        }
    }

    /**
     * The raw OIDC ID token of {@code userId}'s last sign-in. Never refreshed.
     *
     * @throws ConnectorException 404 when none is stored; 410 when it has expired
     */
    public String idToken(String appId, String userId) {
        Row r = find(appId, userId).filter(x -> x.idToken() != null).orElseThrow(() -> ConnectorException.notFound("No ID token stored"));
        String token = cipher.open(appId, row(userId) + "/id", r.idToken());
        long exp = expiry(token);
        if (exp > 0 && exp * 1000 <= clock.millis()) {
            throw new ConnectorException(410, "TOKEN_EXPIRED", "The stored ID token has expired; the user must sign in again");
        }
        return token;
    }

    /** The {@code exp} claim of a JWT (seconds), or 0 when it has none or cannot be read. */
    private static long expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) return 0;
        try {
            JsonNode claims = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.path("exp").asLong(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private Optional<Row> find(String appId, String userId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, token_url, access_token, refresh_token, id_token, expires_at"
                    + " FROM sso_tokens WHERE app_id = ? AND user_id = ?")) {
                ps.setString(1, appId);
                ps.setString(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<Row>empty();
                    long exp = rs.getLong(6);
                    return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.wasNull() ? null : exp));
                }
            }
        });
    }

    private boolean claim(String appId, String userId, long expiresAt) {
        long now = clock.millis();
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sso_tokens SET refresh_claim = ? WHERE app_id = ? AND user_id = ?"
                    + " AND expires_at = ? AND refresh_claim < ?")) {
                ps.setLong(1, now + CLAIM_MILLIS);
                ps.setString(2, appId);
                ps.setString(3, userId);
                ps.setLong(4, expiresAt);
                ps.setLong(5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private void release(String appId, String userId) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sso_tokens SET refresh_claim = 0 WHERE app_id = ? AND user_id = ?")) {
                ps.setString(1, appId);
                ps.setString(2, userId);
                ps.executeUpdate();
            }
        });
    }

    private static String row(String userId) {
        return "sso/" + userId;
    }
}
