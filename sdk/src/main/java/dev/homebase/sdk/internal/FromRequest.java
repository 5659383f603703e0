package dev.homebase.sdk.internal;

import dev.homebase.sdk.ClientConfig;
import java.util.function.Function;

/** Header parsing of {@code createClientFromRequest}, line by line as in the JavaScript client. */
public final class FromRequest {
    private FromRequest() {
    }

    /**
     * Builds the client configuration from request headers.
     *
     * @param header header lookup, null when absent
     * @return the configuration
     * @throws IllegalArgumentException with the JavaScript client's messages
     */
    public static ClientConfig config(Function<String, String> header) {
        String authHeader = header.apply("Authorization");
        String serviceRoleAuthHeader = header.apply("Base44-Service-Authorization");
        String appId = header.apply("Base44-App-Id");
        String serverUrlHeader = header.apply("Base44-Api-Url");
        String functionsVersion = header.apply("Base44-Functions-Version");
        String stateHeader = header.apply("Base44-State");
        String dataEnvHeader = header.apply("X-Data-Env");

        if (appId == null || appId.isEmpty()) {
            throw new IllegalArgumentException("Base44-App-Id header is required, but is was not found on the request");
        }
        String serviceRoleToken = serviceRoleAuthHeader == null ? null : bearer(serviceRoleAuthHeader);
        String userToken = authHeader == null ? null : bearer(authHeader);

        ClientConfig.Builder b = ClientConfig.builder()
                .serverUrl(serverUrlHeader == null || serverUrlHeader.isEmpty()
                        ? ClientConfig.DEFAULT_SERVER_URL : serverUrlHeader)
                .appId(appId)
                .token(userToken)
                .serviceToken(serviceRoleToken)
                .functionsVersion(functionsVersion);
        if (stateHeader != null && !stateHeader.isEmpty()) {
            b.header("Base44-State", stateHeader);
        }
        // Only the closed set is forwarded, never an arbitrary caller-supplied value.
        if ("dev".equals(dataEnvHeader) || "prod".equals(dataEnvHeader)) {
            b.header("X-Data-Env", dataEnvHeader);
        }
        return b.build();
    }

    private static String bearer(String value) {
        // JavaScript split(" ") keeps trailing empty strings, hence the -1 limit.
        String[] parts = value.split(" ", -1);
        if (value.isEmpty() || !value.startsWith("Bearer ") || parts.length != 2) {
            throw new IllegalArgumentException("Invalid authorization header format. Expected \"Bearer <token>\"");
        }
        return parts[1];
    }
}
