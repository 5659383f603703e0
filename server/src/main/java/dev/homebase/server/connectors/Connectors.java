package dev.homebase.server.connectors;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.homebase.server.internal.StateRows;
import dev.homebase.server.store.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth connections of an app to third-party APIs (api-contract §8): the app's own account (an
 * admin connects it with {@code homebase connectors connect <type>}) and each app user's
 * ({@code connectAppUser}). Connecting is the authorization code flow with a random single-use state
 * (kept in the database, so the callback may land on any node) and PKCE; tokens are sealed by
 * {@link TokenCipher} before they are stored. {@link #connection} hands out an access token,
 * refreshing it first when it expires within {@link #REFRESH_MARGIN}; of all nodes, the one that
 * claims the row refreshes (the others wait for its result). A refresh the provider refuses marks
 * the connection {@code needs_reconnect}, which every later read reports. Speaks domain; thread-safe.
 */
public final class Connectors {
    private static final Logger log = LoggerFactory.getLogger(Connectors.class);
    /** A token that expires sooner than this is refreshed before it is handed out. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** How long a node holds the right to refresh a connection. */
    private static final Duration CLAIM = Duration.ofSeconds(20);
    /** How long a started connect may take. */
    static final Duration STATE_TTL = Duration.ofMinutes(10);

    /** What a caller gets: the access token and the connector's connection config (strings), or null. */
    public record Connection(String accessToken, Map<String, String> connectionConfig) {}

    /** A finished connect: which app, connector and user (empty for the app's own account). */
    public record Connected(String appId, String connector, String userId) {}

    private final Function<String, Map<String, ConnectorConfig>> configs;
    private final BiFunction<String, String, Optional<String>> secrets;
    private final ConnectionStore store;
    private final TokenCipher cipher;
    private final TokenEndpoint tokens;
    private final Clock clock;

    /**
     * @param configs the declared connectors of an app, by app id
     * @param secrets an app's secret by app id and name
     * @param cipher seals the stored tokens
     */
    public Connectors(Function<String, Map<String, ConnectorConfig>> configs, BiFunction<String, String, Optional<String>> secrets,
                      Database db, TokenCipher cipher, Clock clock) {
        this.configs = configs;
        this.secrets = secrets;
        this.store = new ConnectionStore(db, clock);
        this.cipher = cipher;
        this.tokens = new TokenEndpoint(clock);
        this.clock = clock;
    }

    /** The declaration of connector {@code type}. @throws ConnectorException 404 when the app declares none */
    public ConnectorConfig config(String appId, String type) {
        ConnectorConfig c = configs.apply(appId).get(type);
        if (c == null) {
            throw ConnectorException.notFound("Connector connection not found: the app declares no connector \"" + type
                    + "\" (base44/connectors/" + (ConnectorConfig.TYPE.matcher(type).matches() ? type : "<type>") + ".jsonc)");
        }
        return c;
    }

    /**
     * Starts a connect: stores a state and returns the provider's authorization URL.
     *
     * @param userId the app user connecting their own account, or {@code ""} for the app's account
     * @param redirectUri this server's connector callback URL
     * @throws ConnectorException 404 for an undeclared connector or one whose client secret is not set
     */
    public URI start(String appId, String type, String userId, URI redirectUri) {
        ConnectorConfig c = config(appId, type);
        secret(appId, c); // fail now, not after the person granted access
        String verifier = new CodeVerifier().getValue();
        String state = store.putState(new ConnectionStore.Pending(appId, type, userId, verifier, redirectUri.toString(),
                clock.millis() + STATE_TTL.toMillis()), StateRows.random());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", c.clientId());
        q.put("redirect_uri", redirectUri.toString());
        if (!c.scopes().isEmpty()) q.put("scope", String.join(" ", c.scopes()));
        q.put("state", state);
        q.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue());
        q.put("code_challenge_method", "S256");
        c.authorizationParams().forEach(q::putIfAbsent);
        String base = c.authorizationUrl().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?")
                + q.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
    }

    /**
     * Finishes a connect the provider redirected back with: takes the state (once), redeems the code
     * and stores the tokens.
     *
     * @throws ConnectorException 400 for an unknown, used or expired state or a provider error; 502
     *     when the provider cannot be reached or refuses the code
     */
    public Connected finish(String state, String code, String error) {
        ConnectionStore.Pending p = store.takeState(state)
                .orElseThrow(() -> ConnectorException.badRequest("This connect link has expired or was already used. Please start again."));
        if (error != null) {
            log.info("Connecting {} for app {} ended at the provider: {}", p.connector(), p.appId(), error);
            throw ConnectorException.badRequest("The connection was cancelled or refused at the provider.");
        }
        if (code == null || code.isBlank()) throw ConnectorException.badRequest("The provider sent no authorization code.");
        ConnectorConfig c = config(p.appId(), p.connector());
        TokenEndpoint.Tokens t;
        try {
            t = tokens.redeem(c.tokenUrl(), c.clientId(), secret(p.appId(), c), code, p.redirectUri(), p.codeVerifier());
        } catch (TokenEndpoint.Refused e) {
            log.warn("The token endpoint of connector {} (app {}) refused the code: {}", c.type(), p.appId(), e.getMessage());
            throw new ConnectorException(502, "PROVIDER_REFUSED", "The provider refused the authorization code. Please start again.");
        } catch (TokenEndpoint.Unreachable e) {
            log.warn("The token endpoint of connector {} (app {}) failed: {}", c.type(), p.appId(), e.getMessage());
            throw new ConnectorException(502, "PROVIDER_UNREACHABLE", "The provider could not be reached. Please try again.");
        }
        String row = row(p.connector(), p.userId());
        store.save(p.appId(), p.connector(), p.userId(), cipher.seal(p.appId(), row + "/access", t.accessToken()),
                cipher.seal(p.appId(), row + "/refresh", t.refreshToken()), t.expiresAt(), t.scope());
        log.info("Connector {} of app {} connected ({})", p.connector(), p.appId(), p.userId().isEmpty() ? "app account" : "user " + p.userId());
        return new Connected(p.appId(), p.connector(), p.userId());
    }

    /**
     * The connection of {@code type} for {@code userId} ({@code ""}: the app's own), with a fresh
     * access token.
     *
     * @throws ConnectorException 404 when there is none (code {@code NOT_FOUND}) or it needs a
     *     reconnect (code {@code NEEDS_RECONNECT}); 502 when an expired token cannot be refreshed now
     */
    public Connection connection(String appId, String type, String userId) {
        ConnectorConfig c = config(appId, type);
        String row = row(type, userId);
        for (int attempt = 0; ; attempt++) {
            ConnectionStore.Row r = store.find(appId, type, userId).orElseThrow(() -> ConnectorException.notFound(
                    "Connector connection not found"));
            if (ConnectionStore.NEEDS_RECONNECT.equals(r.status())) throw needsReconnect(type, userId, r.statusReason());
            long now = clock.millis();
            if (r.expiresAt() == null || r.expiresAt() - now > REFRESH_MARGIN.toMillis()) {
                return new Connection(cipher.open(appId, row + "/access", r.accessToken()), c.connectionConfig());
            }
            if (r.refreshToken() == null) {
                if (r.expiresAt() > now) return new Connection(cipher.open(appId, row + "/access", r.accessToken()), c.connectionConfig());
                store.needsReconnect(appId, type, userId, "expired (no refresh token)");
                throw needsReconnect(type, userId, "expired (no refresh token)");
            }
            if (store.claimRefresh(appId, type, userId, r.expiresAt(), CLAIM.toMillis())) return refresh(c, appId, userId, r);
            // Another node refreshes it: wait for its result (a new expiry, or a status).
            if (attempt > CLAIM.toMillis() / 100) throw new ConnectorException(502, "REFRESH_PENDING", "The token refresh did not finish in time.");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(503, "INTERRUPTED", "Interrupted while the token was refreshed.");
            }
        }
    }

    private Connection refresh(ConnectorConfig c, String appId, String userId, ConnectionStore.Row r) {
        String row = row(c.type(), userId);
        try {
            TokenEndpoint.Tokens t = tokens.refresh(c.tokenUrl(), c.clientId(), secret(appId, c), cipher.open(appId, row + "/refresh",
                    r.refreshToken()));
            store.save(appId, c.type(), userId, cipher.seal(appId, row + "/access", t.accessToken()),
                    cipher.seal(appId, row + "/refresh", t.refreshToken()), t.expiresAt(), t.scope() != null ? t.scope() : r.scope());
            return new Connection(t.accessToken(), c.connectionConfig());
        } catch (TokenEndpoint.Refused e) {
            log.warn("Connector {} of app {} needs a reconnect: the provider refused the refresh ({})", c.type(), appId, e.getMessage());
            store.needsReconnect(appId, c.type(), userId, "refresh refused: " + e.getMessage());
            throw needsReconnect(c.type(), userId, "refresh refused: " + e.getMessage());
        } catch (TokenEndpoint.Unreachable e) {
            store.releaseClaim(appId, c.type(), userId);
            log.warn("Refreshing connector {} of app {} failed: {}", c.type(), appId, e.getMessage());
            if (r.expiresAt() > clock.millis()) return new Connection(cipher.open(appId, row + "/access", r.accessToken()), c.connectionConfig());
            throw new ConnectorException(502, "PROVIDER_UNREACHABLE", "The connector's token expired and the provider could not be reached to refresh it.");
        } catch (RuntimeException e) {
            store.releaseClaim(appId, c.type(), userId);
            throw e;
        }
    }

    /** Deletes the connection of {@code type} for {@code userId}; whether there was one. */
    public boolean disconnect(String appId, String type, String userId) {
        config(appId, type);
        return store.delete(appId, type, userId);
    }

    private static ConnectorException needsReconnect(String type, String userId, String reason) {
        String how = userId.isEmpty() ? "an admin must connect it again (homebase connectors connect " + type + ")"
                : "the user must connect it again (connectAppUser)";
        return new ConnectorException(404, "NEEDS_RECONNECT", "The " + type + " connection needs a reconnect: " + reason + "; " + how + ".");
    }

    private String secret(String appId, ConnectorConfig c) {
        return secrets.apply(appId, c.clientSecretName()).filter(s -> !s.isBlank()).orElseThrow(() -> {
            log.warn("Connector {} of app {} is declared but the secret {} is not set (homebase secrets set {}=...)",
                    c.type(), appId, c.clientSecretName(), c.clientSecretName());
            return ConnectorException.notFound("The connector " + c.type() + " is not set up yet: its client secret "
                    + c.clientSecretName() + " is not set.");
        });
    }

    /** The row a token belongs to, bound into its ciphertext. */
    private static String row(String type, String userId) {
        return "connector/" + type + "/" + userId;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
