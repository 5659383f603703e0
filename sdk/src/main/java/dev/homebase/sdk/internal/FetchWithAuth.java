package dev.homebase.sdk.internal;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code fetchWithAuth}: a request to a path on the app's own origin carrying exactly the
 * headers {@code createClientFromRequest} reads back (api-contract §6.7). Thread-safe.
 */
final class FetchWithAuth {
    private final Transport transport;
    private final String appId;
    private final Supplier<String> userToken;
    private final String serviceToken;
    private final String functionsVersion;
    private final Map<String, String> platformHeaders;

    FetchWithAuth(Transport transport, String appId, Supplier<String> userToken, String serviceToken,
                  String functionsVersion, Map<String, String> platformHeaders) {
        this.transport = transport;
        this.appId = appId;
        this.userToken = userToken;
        this.serviceToken = serviceToken;
        this.functionsVersion = functionsVersion;
        this.platformHeaders = platformHeaders;
    }

    HttpResponse<InputStream> fetch(URI appOrigin, String path, HttpRequest.Builder init) {
        Checks.notNull(appOrigin, "appOrigin");
        Checks.notNull(init, "init");
        assertOwnOriginPath(path);
        String scheme = appOrigin.getScheme() == null ? "" : appOrigin.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || appOrigin.getRawAuthority() == null) {
            throw new IllegalArgumentException("appOrigin must be an absolute http(s) URL: " + appOrigin);
        }
        URI uri;
        try {
            uri = URI.create(scheme + "://" + appOrigin.getRawAuthority() + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid path: " + path, e);
        }
        HttpRequest.Builder b = init.copy().uri(uri);
        HttpRequest probe = b.copy().build();
        Map<String, String> inherited = new LinkedHashMap<>();
        inherited.put("Authorization", bearer(userToken.get()));
        inherited.put("Base44-Service-Authorization", bearer(serviceToken));
        inherited.put("Base44-App-Id", appId);
        inherited.put("Base44-Api-Url", transport.serverUrl());
        inherited.put("Base44-Functions-Version", functionsVersion);
        inherited.put("Base44-State", header("Base44-State"));
        inherited.put("X-Data-Env", header("X-Data-Env"));
        // A caller-supplied value always wins, so a route can be called with another identity.
        inherited.forEach((name, value) -> {
            if (value != null && !value.isEmpty() && probe.headers().firstValue(name).isEmpty()) {
                b.header(name, value);
            }
        });
        if (probe.timeout().isEmpty()) {
            b.timeout(transport.requestTimeout());
        }
        return transport.stream(b.build());
    }

    private String header(String name) {
        for (Map.Entry<String, String> e : platformHeaders.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String bearer(String token) {
        return token == null || token.isEmpty() ? null : "Bearer " + token;
    }

    static void assertOwnOriginPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("fetchWithAuth() requires a path, such as '/api/orders'.");
        }
        // Check what a URL parser would see: tabs and newlines vanish anywhere and leading
        // control characters and spaces are trimmed, so "/\t/evil.example" is caught too.
        String asParsed = path.replaceAll("[\\t\\n\\r]", "").replaceFirst("^[\\x00-\\x20]+", "");
        // One leading slash is the whole rule: "//host" and "/\host" would reach another origin.
        if (!asParsed.startsWith("/") || asParsed.startsWith("//") || asParsed.startsWith("/\\")) {
            throw new IllegalArgumentException("fetchWithAuth() only sends requests to your app's own origin, so your "
                    + "app's credentials never reach a third party. \"" + path + "\" is not a path on it — pass a "
                    + "relative path such as '/api/orders'. Use base44.functions.fetch() to call a Base44 backend "
                    + "function, or plain fetch() for another origin.");
        }
        if (!asParsed.equals(path)) {
            // The JDK would reject these characters anyway; refuse them with a clear message.
            throw new IllegalArgumentException("fetchWithAuth() path must not contain control characters: " + path);
        }
    }
}
