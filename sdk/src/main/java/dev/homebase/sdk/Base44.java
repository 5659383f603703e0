package dev.homebase.sdk;

import dev.homebase.sdk.internal.DefaultClient;
import dev.homebase.sdk.internal.Encoding;
import dev.homebase.sdk.internal.FromRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Entry point of the SDK: creates clients, the Java form of the JavaScript package exports.
 *
 * <pre>{@code
 * Base44Client base44 = Base44.createClient(ClientConfig.builder()
 *         .serverUrl("http://127.0.0.1:4400")
 *         .appId("my-app")
 *         .build());
 *
 * // inside a backend function, from the platform's request headers:
 * Base44Client caller = Base44.createClientFromRequest(exchange.getRequestHeaders());
 * caller.asServiceRole().entities("Order").list();
 * }</pre>
 */
public final class Base44 {
    private Base44() {
    }

    /**
     * Creates a client. No network call is made.
     *
     * @param config the configuration
     * @return a new client; close it when done
     */
    public static Base44Client createClient(ClientConfig config) {
        return new DefaultClient(Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a client from the headers the platform sends to a backend function
     * (api-contract §6.3): {@code Authorization}, {@code Base44-Service-Authorization},
     * {@code Base44-App-Id}, {@code Base44-Api-Url}, {@code Base44-Functions-Version},
     * {@code Base44-State} and {@code X-Data-Env}. Names are matched case-insensitively.
     *
     * @param headers the request headers
     * @return a new client
     * @throws IllegalArgumentException {@code Base44-App-Id header is required, but is was not
     *         found on the request} or {@code Invalid authorization header format. Expected
     *         "Bearer <token>"}, as in the JavaScript client
     */
    public static Base44Client createClientFromRequest(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        return createClientFromRequest((Function<String, String>) name -> {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        });
    }

    /**
     * Creates a client from {@code java.net.http} headers; see {@link #createClientFromRequest(Map)}.
     * Repeated headers are joined with {@code ", "}, like the Fetch API.
     *
     * @param headers the request headers
     * @return a new client
     */
    public static Base44Client createClientFromRequest(HttpHeaders headers) {
        Objects.requireNonNull(headers, "headers");
        return createClientFromRequest((Function<String, String>) name -> join(headers.allValues(name)));
    }

    /**
     * Creates a client from JDK HTTP server headers ({@code HttpExchange.getRequestHeaders()});
     * see {@link #createClientFromRequest(Map)}.
     *
     * @param headers the request headers
     * @return a new client
     */
    public static Base44Client createClientFromRequest(com.sun.net.httpserver.Headers headers) {
        Objects.requireNonNull(headers, "headers");
        return createClientFromRequest((Function<String, String>) name -> join(headers.get(name)));
    }

    /**
     * Creates a client from a header lookup (returns null for a missing header, must ignore
     * case); see {@link #createClientFromRequest(Map)}.
     *
     * @param headerLookup header name to value
     * @return a new client
     */
    public static Base44Client createClientFromRequest(Function<String, String> headerLookup) {
        return createClient(FromRequest.config(Objects.requireNonNull(headerLookup, "headerLookup")));
    }

    /**
     * Returns a new copy of the SDK's default mapper for typed records (snake_case names,
     * {@code java.time}, {@code Optional}, unknown fields ignored), to adjust and pass to
     * {@link ClientConfig.Builder#objectMapper}.
     *
     * @return a new mapper
     */
    public static com.fasterxml.jackson.databind.ObjectMapper defaultObjectMapper() {
        return dev.homebase.sdk.internal.Json.newRecordMapper();
    }

    /**
     * Builds the hosted login URL {@code {serverUrl}/login?from_url=<enc nextUrl>&app_id=<appId>}
     * (the JavaScript {@code getLoginUrl}).
     *
     * @param nextUrl   where to land after login
     * @param serverUrl the server origin
     * @param appId     the app id
     * @return the URL
     * @throws IllegalArgumentException {@code serverUrl and appId are required to construct login URL}
     */
    public static String loginUrl(String nextUrl, String serverUrl, String appId) {
        return loginUrl(nextUrl, serverUrl, appId, "/login");
    }

    /**
     * Builds a login URL with a custom login path.
     *
     * @param nextUrl   where to land after login
     * @param serverUrl the server origin
     * @param appId     the app id
     * @param loginPath the login page path, e.g. {@code "/login"}
     * @return the URL
     */
    public static String loginUrl(String nextUrl, String serverUrl, String appId, String loginPath) {
        if (serverUrl == null || serverUrl.isEmpty() || appId == null || appId.isEmpty()) {
            throw new IllegalArgumentException("serverUrl and appId are required to construct login URL");
        }
        return serverUrl + loginPath + "?from_url=" + Encoding.component(nextUrl == null ? "" : nextUrl)
                + "&app_id=" + appId;
    }

    /**
     * Reads the {@code access_token} query parameter that the login flow appends to the
     * callback URL (the JavaScript {@code getAccessToken} reads it from the page URL).
     *
     * @param callbackUrl the URL the browser landed on
     * @return the token, if present
     */
    public static Optional<String> accessTokenFromUrl(String callbackUrl) {
        if (callbackUrl == null) {
            return Optional.empty();
        }
        String query;
        try {
            query = URI.create(callbackUrl).getRawQuery();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals("access_token") && eq >= 0) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }
}
