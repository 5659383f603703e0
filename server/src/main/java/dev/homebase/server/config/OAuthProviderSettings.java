package dev.homebase.server.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One social-login provider of an app, from {@code base44/config.jsonc}:
 *
 * <pre>{@code
 * "auth": { "providers": {
 *   "google": { "clientId": "1234.apps.googleusercontent.com" },
 *   "okta":   { "issuer": "https://acme.okta.com", "clientId": "0oa...", "displayName": "Acme SSO",
 *               "clientSecretName": "OKTA_SECRET", "scopes": ["openid", "email", "profile"] },
 *   "facebook": { "clientId": "1234567890" },
 *   "github":   { "clientId": "Iv1.abc" },
 *   "apple":    { "clientId": "com.example.web", "teamId": "ABCDE12345", "keyId": "XYZ987ABCD" }
 * } }
 * }</pre>
 *
 * <p>The client secret is never in the config file: it is the app secret named
 * {@link #clientSecretName} ({@code ./homebase secrets set GOOGLE_CLIENT_SECRET=...}); for Apple it is
 * the {@code .p8} private key the client secret is signed with ({@code APPLE_PRIVATE_KEY}).
 *
 * @param name the provider's name in URLs ({@code /api/apps/auth/<name>/login}), lower case
 * @param issuer where the provider is: the OpenID Connect issuer for {@link Type#OIDC} and
 *     {@link Type#APPLE}; the base URL of the sign-in pages for {@link Type#FACEBOOK}
 *     ({@code https://www.facebook.com/v21.0}) and {@link Type#GITHUB} ({@code https://github.com})
 * @param clientId the OAuth client id registered with the provider (Apple: the Services ID)
 * @param clientSecretName the name of the app secret that holds the client secret (Apple: the .p8 key)
 * @param scopes the scopes asked for; always contains the one that shares the email
 * @param displayName the button label on the login page ("Continue with ...")
 * @param type how the provider is spoken to
 * @param apiUrl the API base URL of {@link Type#FACEBOOK} (Graph) and {@link Type#GITHUB}; null for the others
 * @param teamId Apple's team id ({@link Type#APPLE} only, else null)
 * @param keyId the id of Apple's sign-in key ({@link Type#APPLE} only, else null)
 */
public record OAuthProviderSettings(String name, URI issuer, String clientId, String clientSecretName, List<String> scopes,
                                    String displayName, Type type, URI apiUrl, String teamId, String keyId) {

    /** How a provider is spoken to. */
    public enum Type {
        /** OpenID Connect with discovery (Google, Microsoft, Okta, Keycloak, ...). */
        OIDC,
        /** Facebook Login: OAuth 2.0 with PKCE, then the Graph API's {@code /me}. */
        FACEBOOK,
        /** Sign in with Apple: {@code form_post}, an ES256 client secret, an ID token checked against Apple's JWKS. */
        APPLE,
        /** GitHub: OAuth 2.0 with PKCE, then {@code /user} and {@code /user/emails}. */
        GITHUB;

        /** The type a provider of this name has when the config names none. */
        static Type ofName(String name) {
            return switch (name) {
                case "facebook" -> FACEBOOK;
                case "apple" -> APPLE;
                case "github" -> GITHUB;
                default -> OIDC;
            };
        }

        /** The config spelling ({@code "oidc"}, {@code "facebook"}, ...). */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Issuers of well-known providers, used when the config names none. */
    private static final Map<String, String> KNOWN_ISSUERS = Map.of(
            "google", "https://accounts.google.com",
            "microsoft", "https://login.microsoftonline.com/common/v2.0");
    /** Where the providers that are not OpenID Connect issuers live, when the config says nothing. */
    private static final Map<Type, String> KNOWN_BASES = Map.of(
            Type.FACEBOOK, "https://www.facebook.com/v21.0", Type.GITHUB, "https://github.com", Type.APPLE, "https://appleid.apple.com");
    private static final Map<Type, String> KNOWN_APIS = Map.of(
            Type.FACEBOOK, "https://graph.facebook.com/v21.0", Type.GITHUB, "https://api.github.com");
    private static final Map<Type, List<String>> DEFAULT_SCOPES = Map.of(
            Type.OIDC, List.of("openid", "email", "profile"), Type.FACEBOOK, List.of("email", "public_profile"),
            Type.GITHUB, List.of("read:user", "user:email"), Type.APPLE, List.of("name", "email"));
    /** The scope each type needs to learn the email. */
    private static final Map<Type, List<String>> REQUIRED_SCOPES = Map.of(
            Type.OIDC, List.of("openid", "email"), Type.FACEBOOK, List.of("email"), Type.GITHUB, List.of("user:email"),
            Type.APPLE, List.of("email"));
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
        if (type == null) throw new IllegalArgumentException("provider " + name + " needs a type");
        scopes = List.copyOf(scopes);
        if (!scopes.containsAll(REQUIRED_SCOPES.get(type))) {
            throw new IllegalArgumentException("\"scopes\" of provider " + name + " must include " + String.join(" and ", REQUIRED_SCOPES.get(type)));
        }
        if (displayName == null || displayName.isBlank()) throw new IllegalArgumentException("provider " + name + " needs a display name");
        if ((type == Type.FACEBOOK || type == Type.GITHUB) != (apiUrl != null)) {
            throw new IllegalArgumentException("\"apiUrl\" is for facebook and github providers only (provider " + name + ")");
        }
        if (apiUrl != null && !httpUrl(apiUrl)) throw new IllegalArgumentException("\"apiUrl\" of provider " + name + " must be an http(s) URL");
        if (type == Type.APPLE) {
            if (teamId == null || !APPLE_ID.matcher(teamId).matches()) {
                throw new IllegalArgumentException("provider " + name + " needs \"teamId\" (the 10-character Apple team id)");
            }
            if (keyId == null || !APPLE_ID.matcher(keyId).matches()) {
                throw new IllegalArgumentException("provider " + name + " needs \"keyId\" (the 10-character id of the Sign in with Apple key)");
            }
        } else if (teamId != null || keyId != null) {
            throw new IllegalArgumentException("\"teamId\" and \"keyId\" are for apple providers only (provider " + name + ")");
        }
    }

    private static final Pattern APPLE_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private static boolean httpUrl(URI u) {
        return u.isAbsolute() && u.getHost() != null && (u.getScheme().equals("https") || u.getScheme().equals("http"));
    }

    /** {@link #withDefaults(String, String, String, String, List, String, String, String, String, String)} for an OpenID Connect provider. */
    public static OAuthProviderSettings withDefaults(String name, String issuer, String clientId, String secretName,
                                                     List<String> scopes, String displayName) {
        return withDefaults(name, issuer, clientId, secretName, scopes, displayName, null, null, null, null);
    }

    /**
     * Settings with the defaults filled in: the type from the name ({@code facebook}, {@code apple},
     * {@code github}, else OpenID Connect), the well-known issuer of {@code google},
     * {@code microsoft} and {@code apple}, the sign-in and API URLs of Facebook and GitHub, the
     * secret name {@code <NAME>_CLIENT_SECRET} ({@code <NAME>_PRIVATE_KEY} for Apple), the scopes
     * of the type ({@code openid email profile}, {@code email public_profile}, {@code name email},
     * {@code read:user user:email}), and a display name from the provider's name.
     *
     * @param issuer the configured issuer or sign-in base URL ({@code issuer} or {@code authUrl}), or null
     * @param secretName the configured secret name, or null
     * @param scopes the configured scopes, or null
     * @param displayName the configured label, or null
     * @param type the configured type ({@code oidc}, {@code facebook}, {@code apple}, {@code github}), or null
     * @param apiUrl the configured API base URL, or null
     */
    public static OAuthProviderSettings withDefaults(String name, String issuer, String clientId, String secretName,
                                                     List<String> scopes, String displayName, String type, String apiUrl,
                                                     String teamId, String keyId) {
        if (name == null) throw new IllegalArgumentException("a provider needs a name");
        String n = name.toLowerCase(Locale.ROOT);
        Type t;
        try {
            t = type == null ? Type.ofName(n) : Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"type\" of provider " + name + " must be oidc, facebook, apple or github");
        }
        String iss = issuer != null ? issuer : t == Type.OIDC ? KNOWN_ISSUERS.get(n) : KNOWN_BASES.get(t);
        if (iss == null) throw new IllegalArgumentException("provider " + name + " needs an \"issuer\" (its OpenID Connect issuer URL)");
        String api = apiUrl != null ? apiUrl : KNOWN_APIS.get(t);
        String label = displayName != null ? displayName
                : KNOWN_NAMES.getOrDefault(n, n.isEmpty() ? "" : Character.toUpperCase(n.charAt(0)) + n.substring(1));
        String secretSuffix = t == Type.APPLE ? "_PRIVATE_KEY" : "_CLIENT_SECRET";
        // NB: an OpenID Connect issuer is compared as written (Auth0's end with "/"); base URLs lose a trailing "/".
        return new OAuthProviderSettings(n, url(name, "issuer", t == Type.OIDC ? iss : iss.replaceAll("/+$", "")), clientId,
                secretName != null ? secretName : n.toUpperCase(Locale.ROOT).replace('-', '_') + secretSuffix,
                scopes != null ? scopes : DEFAULT_SCOPES.get(t), label, t, api == null ? null : url(name, "apiUrl", api.replaceAll("/+$", "")), teamId, keyId);
    }

    private static URI url(String provider, String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + key + "\" of provider " + provider + " is not a URL: " + value);
        }
    }
}
