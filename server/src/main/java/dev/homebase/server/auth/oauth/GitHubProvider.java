package dev.homebase.server.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.config.OAuthProviderSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign in with GitHub (an OAuth app or a GitHub app's user authorization): the authorization at
 * {@code <authUrl>/login/oauth/authorize} with {@code read:user user:email}, {@code state} and PKCE
 * S256, the code exchanged at {@code <authUrl>/login/oauth/access_token}, then {@code <apiUrl>/user}
 * (id, login, name) and {@code <apiUrl>/user/emails}, of which only the <em>primary, verified</em>
 * address is used: the public profile email is chosen by the person and proves nothing. No such
 * address: the sign-in is refused. Thread-safe.
 */
final class GitHubProvider implements OAuthProvider {
    private final java.time.Clock clock;
    private final OAuthProviderSettings settings;

    GitHubProvider(OAuthProviderSettings settings, java.time.Clock clock) {
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public OAuthProviderSettings settings() {
        return settings;
    }

    @Override
    public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri.toString());
        q.put("scope", String.join(" ", settings.scopes()));
        q.put("state", state);
        q.put("allow_signup", "true");
        q.put("code_challenge", ProviderHttp.s256Challenge(codeVerifier));
        q.put("code_challenge_method", "S256");
        return ProviderHttp.uri(settings.issuer(), "/login/oauth/authorize", q);
    }

    @Override
    public Identity redeem(Callback callback) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", callback.secret());
        form.put("code", callback.code());
        form.put("redirect_uri", callback.redirectUri().toString());
        form.put("code_verifier", callback.codeVerifier());
        // NB: GitHub answers a refused code with 200 and {"error": ...}; redeemCode refuses that too.
        URI tokenUri = URI.create(settings.issuer() + "/login/oauth/access_token");
        JsonNode answer = ProviderHttp.redeem(settings.name(), tokenUri, form, "access_token", "/error");
        String accessToken = answer.path("access_token").asText();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + accessToken, "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28", "User-Agent", "Homebase");
        JsonNode user = ProviderHttp.profile(settings.name(), URI.create(settings.apiUrl() + "/user"), headers);
        ProviderHttp.Answer emails = ProviderHttp.get(settings.name(), URI.create(settings.apiUrl() + "/user/emails"), headers);
        if (!emails.ok() || !emails.json().isArray()) {
            throw new OAuthFailure(502, "The sign-in provider did not share the account's email addresses. Please try again.");
        }
        String email = null;
        for (JsonNode e : emails.json()) {
            if (e.path("primary").asBoolean(false) && e.path("verified").asBoolean(false) && !e.path("email").asText("").isBlank()) {
                email = e.path("email").asText();
            }
        }
        if (email == null) {
            throw new OAuthFailure(403, "Your GitHub account has no verified primary email address. Verify one in GitHub's email "
                    + "settings, then sign in again.");
        }
        String name = user.path("name").asText("");
        if (name.isBlank()) name = user.path("login").asText("");
        return new Identity(user.path("id").asText(), email, true, name.isBlank() ? null : name, ProviderHttp.tokens(tokenUri, answer, clock));
    }
}
