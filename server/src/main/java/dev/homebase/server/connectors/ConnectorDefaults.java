package dev.homebase.server.connectors;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in OAuth 2.0 endpoints and API hosts of common connector types, so their
 * {@code base44/connectors/<type>.jsonc} needs only the client id, the secret's name and the scopes.
 * Any other type declares its endpoints and hosts itself.
 *
 * @param authorizationUrl where the browser is sent to grant access
 * @param tokenUrl where codes and refresh tokens are exchanged
 * @param hosts the API hosts {@code callApi} may reach (the first is the default)
 * @param authorizationParams extra query parameters of the authorization URL
 */
record ConnectorDefaults(String authorizationUrl, String tokenUrl, List<String> hosts, Map<String, String> authorizationParams) {

    private static final ConnectorDefaults GOOGLE = new ConnectorDefaults("https://accounts.google.com/o/oauth2/v2/auth",
            "https://oauth2.googleapis.com/token",
            List.of("www.googleapis.com", "gmail.googleapis.com", "sheets.googleapis.com", "docs.googleapis.com",
                    "slides.googleapis.com", "tasks.googleapis.com", "calendar.googleapis.com", "drive.googleapis.com",
                    "classroom.googleapis.com", "meet.googleapis.com", "analyticsdata.googleapis.com",
                    "searchconsole.googleapis.com", "bigquery.googleapis.com", "googleads.googleapis.com"),
            Map.of("access_type", "offline", "prompt", "consent")); // offline + consent: Google sends a refresh token

    private static final Map<String, ConnectorDefaults> BUILT_IN = Map.of(
            "slack", new ConnectorDefaults("https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access",
                    List.of("slack.com"), Map.of()),
            "github", new ConnectorDefaults("https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token",
                    List.of("api.github.com"), Map.of()),
            "notion", new ConnectorDefaults("https://api.notion.com/v1/oauth/authorize", "https://api.notion.com/v1/oauth/token",
                    List.of("api.notion.com"), Map.of("owner", "user")),
            "hubspot", new ConnectorDefaults("https://app.hubspot.com/oauth/authorize", "https://api.hubapi.com/oauth/v1/token",
                    List.of("api.hubapi.com"), Map.of()),
            "linear", new ConnectorDefaults("https://linear.app/oauth/authorize", "https://api.linear.app/oauth/token",
                    List.of("api.linear.app"), Map.of()));

    /** The built-in defaults of {@code type}: every {@code google*} type shares Google's. */
    static Optional<ConnectorDefaults> of(String type) {
        if (type.startsWith("google") || type.equals("gmail")) return Optional.of(GOOGLE);
        return Optional.ofNullable(BUILT_IN.get(type));
    }
}
