package dev.homebase.examples.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code homebase.*} settings of {@code application.properties}.
 *
 * @param serverUrl    the server, for example {@code http://127.0.0.1:4400}
 * @param appId        the app id
 * @param serviceToken an optional service-role token; blank means none
 */
@ConfigurationProperties(prefix = "homebase")
public record HomebaseProperties(String serverUrl, String appId, String serviceToken) {

    public HomebaseProperties {
        if (serverUrl == null || serverUrl.isBlank()) {
            throw new IllegalArgumentException("homebase.server-url is required");
        }
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("homebase.app-id is required");
        }
    }

    /** Whether a service-role token is configured. */
    public boolean hasServiceToken() {
        return serviceToken != null && !serviceToken.isBlank();
    }

    @Override
    public String toString() {          // never print the token
        return "HomebaseProperties[serverUrl=" + serverUrl + ", appId=" + appId
                + ", serviceToken=" + (hasServiceToken() ? "***" : "none") + "]";
    }
}
