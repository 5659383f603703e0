package dev.homebase.server.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One social-login (OpenID Connect) provider of an app, from {@code base44/config.jsonc}:
 *
 * <pre>{@code
 * "auth": { "providers": {
 *   "google": { "clientId": "1234.apps.googleusercontent.com" },
 *   "okta":   { "issuer": "https://acme.okta.com", "clientId": "0oa...", "displayName": "Acme SSO",
 *               "clientSecretName": "OKTA_SECRET", "scopes": ["openid", "email", "profile"] }
 * } }
 * }</pre>
 *
 * <p>The client secret is never in the config file: it is the app secret named
 * {@link #clientSecretName} ({@code ./homebase secrets set GOOGLE_CLIENT_SECRET=...}).
 *
 * @param name the provider's name in URLs ({@code /api/apps/auth/<name>/login}), lower case
 * @param issuer the OpenID Connect issuer; its {@code /.well-known/openid-configuration} is read
 * @param clientId the OAuth client id registered with the provider
 * @param clientSecretName the name of the app secret that holds the client secret
 * @param scopes the scopes asked for; always contains {@code openid} and {@code email}
 * @param displayName the button label on the login page ("Continue with ...")
 */
public record OAuthProviderSettings(String name, URI issuer, String clientId, String clientSecretName, List<String> scopes,
                                    String displayName) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Issuers of well-known providers, used when the config names none. */
    private static final Map<String, String> KNOWN_ISSUERS = Map.of(
            "google", "https://accounts.google.com",
            "microsoft", "https://login.microsoftonline.com/common/v2.0");
    private static final Map<String, String> KNOWN_NAMES = Map.of(
            "google", "Google", "microsoft", "Microsoft", "apple", "Apple", "facebook", "Facebook", "github", "GitHub");

    /** Checks every field. @throws IllegalArgumentException with a message naming the field */
    public OAuthProviderSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("provider name must be lower-case letters, digits, - or _, got \"" + name + "\"");
        }
        if (issuer == null || !issuer.isAbsolute() || issuer.getHost() == null
                || !(issuer.getScheme().equals("https") || issuer.getScheme().equals("http"))) {
            throw new IllegalArgumentException("\"issuer\" of provider " + name + " must be an http(s) URL");
        }
        if (clientId == null || clientId.isBlank()) throw new IllegalArgumentException("provider " + name + " needs a \"clientId\"");
        if (clientSecretName == null || !SECRET_NAME.matcher(clientSecretName).matches()) {
            throw new IllegalArgumentException("\"clientSecretName\" of provider " + name + " must be a secret name (letters, digits, _)");
        }
        scopes = List.copyOf(scopes);
        if (!scopes.contains("openid") || !scopes.contains("email")) {
            throw new IllegalArgumentException("\"scopes\" of provider " + name + " must include openid and email");
        }
        if (displayName == null || displayName.isBlank()) throw new IllegalArgumentException("provider " + name + " needs a display name");
    }

    /**
     * Settings with the defaults filled in: the well-known issuer of {@code google} and
     * {@code microsoft}, the secret name {@code <NAME>_CLIENT_SECRET}, the scopes
     * {@code openid email profile}, and a display name from the provider's name.
     *
     * @param issuer the configured issuer, or null
     * @param secretName the configured secret name, or null
     * @param scopes the configured scopes, or null
     * @param displayName the configured label, or null
     */
    public static OAuthProviderSettings withDefaults(String name, String issuer, String clientId, String secretName,
                                                     List<String> scopes, String displayName) {
        if (name == null) throw new IllegalArgumentException("a provider needs a name");
        String n = name.toLowerCase(Locale.ROOT);
        String iss = issuer != null ? issuer : KNOWN_ISSUERS.get(n);
        if (iss == null) throw new IllegalArgumentException("provider " + name + " needs an \"issuer\" (its OpenID Connect issuer URL)");
        URI issuerUri;
        try {
            issuerUri = URI.create(iss);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"issuer\" of provider " + name + " is not a URL: " + iss);
        }
        String label = displayName != null ? displayName
                : KNOWN_NAMES.getOrDefault(n, n.isEmpty() ? "" : Character.toUpperCase(n.charAt(0)) + n.substring(1));
        return new OAuthProviderSettings(n, issuerUri, clientId,
                secretName != null ? secretName : n.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET",
                scopes != null ? scopes : List.of("openid", "email", "profile"), label);
    }
}
