package dev.homebase.server.auth.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.AuthException;
import dev.homebase.server.config.OAuthProviderSettings;
import dev.homebase.server.store.Database;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Social login and SSO (api-contract §2.8), in two steps the web layer calls: {@link #start} (where
 * to send the browser, and a value to keep in a cookie) and {@link #finish} (the provider's
 * callback: check the state, the browser and the provider's answer, then find or create the user
 * by email and issue our access token). The providers: any OpenID Connect issuer, Facebook, Apple
 * and GitHub, one {@link OAuthProvider} class each. Speaks domain; thread-safe.
 *
 * <p>The providers of an app come from its {@code config.jsonc}; each one's client secret from the
 * app's secrets store, read at each sign-in (a {@code homebase secrets set} takes effect at once).
 */
public final class SocialLogin {
    private static final Logger log = LoggerFactory.getLogger(SocialLogin.class);

    /** Where to send the browser, and the value to set as the browser-binding cookie. */
    public record Started(URI authorizationUrl, String browserValue) {}

    /**
     * A finished sign-in.
     *
     * @param fromUrl where the app asked to return (already checked by the web layer at the start)
     * @param popupOrigin the app origin to post the token to in popup mode, or null
     */
    public record Finished(String accessToken, boolean newUser, String fromUrl, String popupOrigin) {}

    /** Where the provider's tokens of each finished sign-in go (SSO tokens, api-contract §9). */
    @FunctionalInterface
    public interface TokenSink {
        void keep(String appId, String userId, String provider, ProviderTokens tokens);
    }

    private final Function<String, Map<String, OAuthProviderSettings>> providers;
    private final BiFunction<String, String, Optional<String>> secrets;
    private final AccountService accounts;
    private final Clock clock;
    private final OAuthStates states;
    private final TokenSink tokens;
    private final Map<String, OAuthProvider> clients = new ConcurrentHashMap<>();

    /**
     * @param providers the configured providers of an app, by app id
     * @param secrets an app's secret by app id and name
     * @param db where the sign-ins in flight are kept, shared by the nodes
     */
    public SocialLogin(Function<String, Map<String, OAuthProviderSettings>> providers,
                       BiFunction<String, String, Optional<String>> secrets, AccountService accounts, Database db, Clock clock) {
        this(providers, secrets, accounts, db, clock, null);
    }

    /** Like the other constructor; {@code tokens} keeps the provider's tokens of each sign-in (null: not kept). */
    public SocialLogin(Function<String, Map<String, OAuthProviderSettings>> providers,
                       BiFunction<String, String, Optional<String>> secrets, AccountService accounts, Database db, Clock clock,
                       TokenSink tokens) {
        this.tokens = tokens;
        this.providers = providers;
        this.secrets = secrets;
        this.accounts = accounts;
        this.clock = clock;
        this.states = new OAuthStates(db, clock);
    }

    /** The providers of {@code appId} shown on its login page, in config order. */
    public Map<String, OAuthProviderSettings> providers(String appId) {
        return providers.apply(appId);
    }

    /**
     * Starts a sign-in with {@code provider} for {@code appId}.
     *
     * @param redirectUri our callback URL, as registered with the provider
     * @param fromUrl where to return at the end (checked by the caller)
     * @param popupOrigin the app origin for popup mode (checked by the caller), or null
     * @throws OAuthFailure 404 when the app has no such provider or its secret is not set; 502
     *     when the provider cannot be reached
     */
    public Started start(String appId, String provider, URI redirectUri, String fromUrl, String popupOrigin) {
        OAuthProvider client = client(appId, provider);
        secret(appId, client.settings()); // fail here, not after the person signed in at the provider
        String nonce = OAuthStates.random();
        String verifier = new CodeVerifier().getValue();
        String browser = OAuthStates.random();
        String state = states.put(new OAuthStates.Pending(appId, client.settings().name(), redirectUri.toString(), fromUrl,
                popupOrigin, nonce, verifier, OAuthStates.hash(browser), states.expiry()));
        return new Started(client.authorizationUrl(redirectUri, state, nonce, verifier), browser);
    }

    /**
     * Finishes the sign-in the provider redirected back with.
     *
     * @param provider the provider named in the callback URL
     * @param error the provider's {@code error} parameter, or null
     * @param browserValue the browser-binding cookie, or null
     * @throws OAuthFailure 400 for an unknown, used, expired or foreign state, a provider error or an
     *     ID token that does not check out; 403 when the provider has not verified the email or the
     *     account is disabled; 502 when the provider cannot be reached
     */
    public Finished finish(String provider, String state, String code, String error, String browserValue) {
        return finish(provider, state, code, error, browserValue, null);
    }

    /**
     * {@link #finish(String, String, String, String, String)} with Apple's {@code user} form field
     * (the person's name, sent on the first sign-in only), or null.
     */
    public Finished finish(String provider, String state, String code, String error, String browserValue, String user) {
        OAuthStates.Pending p = states.take(state, browserValue).filter(x -> x.provider().equals(provider))
                .orElseThrow(() -> new OAuthFailure(400, "This sign-in link has expired or was already used. Please start again."));
        if (error != null) {
            log.info("Sign-in with {} for app {} ended at the provider: {}", provider, p.appId(), error);
            throw new OAuthFailure(400, "The sign-in was cancelled or refused at the provider.");
        }
        if (code == null || code.isBlank()) throw new OAuthFailure(400, "The provider sent no sign-in code.");
        OAuthProvider client = client(p.appId(), provider);
        OAuthProvider.Identity id = client.redeem(new OAuthProvider.Callback(code, URI.create(p.redirectUri()), p.codeVerifier(),
                p.nonce(), secret(p.appId(), client.settings()), user));
        if (id.email() == null || id.email().isBlank()) throw new OAuthFailure(403, "The provider did not share an email address.");
        if (!id.emailVerified()) throw new OAuthFailure(403, "The provider has not verified this email address.");
        try {
            AccountService.ProviderSignIn in = accounts.signInWithProvider(p.appId(), id.email(), id.name());
            if (tokens != null && id.tokens() != null) {
                try {
                    tokens.keep(p.appId(), in.signedIn().user().id(), provider, id.tokens());
                } catch (RuntimeException e) { // the sign-in stands; only asServiceRole.sso misses this one
                    log.warn("Could not keep the {} tokens of a sign-in to app {}: {}", provider, p.appId(), e.toString());
                }
            }
            return new Finished(in.signedIn().accessToken(), in.newUser(), p.fromUrl(), p.popupOrigin());
        } catch (AuthException e) {
            throw new OAuthFailure(e.kind() == AuthException.Kind.FORBIDDEN ? 403 : 400, e.getMessage());
        }
    }

    private OAuthProvider client(String appId, String provider) {
        OAuthProviderSettings settings = providers.apply(appId).get(provider);
        if (settings == null) throw new OAuthFailure(404, "Sign-in with " + provider + " is not enabled for this app.");
        OAuthProvider c = clients.compute(appId + "\n" + provider,
                (k, old) -> old != null && old.settings().equals(settings) ? old : OAuthProvider.of(settings, clock));
        return c;
    }

    private String secret(String appId, OAuthProviderSettings settings) {
        return secrets.apply(appId, settings.clientSecretName()).filter(s -> !s.isBlank()).orElseThrow(() -> {
            log.warn("Sign-in with {} for app {} is configured but the secret {} is not set (homebase secrets set {}=...)",
                    settings.name(), appId, settings.clientSecretName(), settings.clientSecretName());
            return new OAuthFailure(404, "Sign-in with " + settings.displayName() + " is not set up for this app yet.");
        });
    }
}
