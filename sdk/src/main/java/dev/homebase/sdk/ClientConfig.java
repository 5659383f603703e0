package dev.homebase.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Immutable configuration of a {@link Base44Client}, the Java form of the JavaScript
 * {@code createClient(config)} options.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .serverUrl("http://127.0.0.1:4400")   // default https://base44.app
 *         .appId("my-app")
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe: instances never change after {@link Builder#build()}.
 */
public final class ClientConfig {

    /** The server used when none is configured, as in the JavaScript client. */
    public static final String DEFAULT_SERVER_URL = "https://base44.app";
    /** Default time allowed to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time allowed for one request, until the response headers arrive. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Default time {@code subscribe} waits for the server to acknowledge the join. */
    public static final Duration DEFAULT_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

    private final String serverUrl;
    private final String appBaseUrl;
    private final String appId;
    private final String token;
    private final String serviceToken;
    private final String functionsVersion;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration subscribeTimeout;
    private final Consumer<Base44Exception> errorListener;
    private final boolean analyticsEnabled;
    private final ObjectMapper objectMapper;

    private ClientConfig(Builder b) {
        this.serverUrl = b.serverUrl;
        this.appBaseUrl = b.appBaseUrl == null ? b.serverUrl : b.appBaseUrl;
        this.appId = b.appId;
        this.token = b.token;
        this.serviceToken = b.serviceToken;
        this.functionsVersion = b.functionsVersion;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.subscribeTimeout = b.subscribeTimeout;
        this.errorListener = b.errorListener;
        this.analyticsEnabled = b.analyticsEnabled;
        this.objectMapper = b.objectMapper;
    }

    /**
     * Starts a new builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder pre-filled with this configuration, for making a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.serverUrl = serverUrl;
        b.appBaseUrl = appBaseUrl.equals(serverUrl) ? null : appBaseUrl;
        b.appId = appId;
        b.token = token;
        b.serviceToken = serviceToken;
        b.functionsVersion = functionsVersion;
        b.headers.putAll(headers);
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.subscribeTimeout = subscribeTimeout;
        b.errorListener = errorListener;
        b.analyticsEnabled = analyticsEnabled;
        b.objectMapper = objectMapper;
        return b;
    }

    /**
     * Returns the server origin; the REST base is this plus {@code /api}.
     *
     * @return the server URL without a trailing slash
     */
    public String serverUrl() {
        return serverUrl;
    }

    /**
     * Returns the origin used to build browser navigation URLs (login, logout, OAuth).
     *
     * @return the app base URL; defaults to {@link #serverUrl()}
     */
    public String appBaseUrl() {
        return appBaseUrl;
    }

    /**
     * Returns the app id, sent in every path and as {@code X-App-Id}.
     *
     * @return the app id
     */
    public String appId() {
        return appId;
    }

    /**
     * Returns the user token given at construction time.
     *
     * @return the token, if any
     */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Returns the service token that enables {@link Base44Client#asServiceRole()}.
     *
     * @return the service token, if any
     */
    public Optional<String> serviceToken() {
        return Optional.ofNullable(serviceToken);
    }

    /**
     * Returns the value sent as {@code Base44-Functions-Version} on function invocations.
     *
     * @return the functions version, if any
     */
    public Optional<String> functionsVersion() {
        return Optional.ofNullable(functionsVersion);
    }

    /**
     * Returns the extra headers sent on every API request.
     *
     * @return an unmodifiable map, in insertion order
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns how long {@code subscribe} waits for the server to acknowledge the join.
     *
     * @return the timeout; zero means subscribe does not wait
     */
    public Duration subscribeTimeout() {
        return subscribeTimeout;
    }

    /**
     * Returns the request timeout (time until the response headers arrive).
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns the listener told about every {@link Base44Exception} raised by API calls
     * (not by function invocations, as in the JavaScript client).
     *
     * @return the listener, if any
     */
    public Optional<Consumer<Base44Exception>> errorListener() {
        return Optional.ofNullable(errorListener);
    }

    /**
     * Returns whether {@code analytics().track(...)} sends events.
     *
     * @return {@code true} unless disabled
     */
    public boolean analyticsEnabled() {
        return analyticsEnabled;
    }

    /**
     * Returns the Jackson mapper used to convert typed entity records, if one was configured.
     *
     * @return the mapper, if any
     */
    public Optional<ObjectMapper> objectMapper() {
        return Optional.ofNullable(objectMapper);
    }

    @Override
    public String toString() {
        // Tokens are secrets: never print them.
        return "ClientConfig[serverUrl=" + serverUrl + ", appId=" + appId
                + ", token=" + (token == null ? "none" : "***")
                + ", serviceToken=" + (serviceToken == null ? "none" : "***")
                + ", functionsVersion=" + functionsVersion + "]";
    }

    /**
     * Mutable builder of {@link ClientConfig}. Not thread-safe; validates as early as possible.
     */
    public static final class Builder {
        private String serverUrl = DEFAULT_SERVER_URL;
        private String appBaseUrl;
        private String appId;
        private String token;
        private String serviceToken;
        private String functionsVersion;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration subscribeTimeout = DEFAULT_SUBSCRIBE_TIMEOUT;
        private Consumer<Base44Exception> errorListener;
        private boolean analyticsEnabled = true;
        private ObjectMapper objectMapper;

        private Builder() {
        }

        /**
         * Sets the server origin, e.g. {@code http://127.0.0.1:4400}. A trailing slash is removed.
         *
         * @param serverUrl an absolute http(s) URL without query, fragment or trailing {@code /api}
         * @return this builder
         * @throws IllegalArgumentException when the URL is not an absolute http(s) URL or ends in {@code /api}
         */
        public Builder serverUrl(String serverUrl) {
            String url = normaliseOrigin(serverUrl, "serverUrl");
            // A common mistake: the SDK appends /api itself.
            if (url.endsWith("/api")) {
                throw new IllegalArgumentException("serverUrl must not end with /api (the SDK adds it): " + serverUrl);
            }
            this.serverUrl = url;
            return this;
        }

        /**
         * Sets the origin used for login, logout and OAuth URLs. Defaults to the server URL.
         *
         * @param appBaseUrl an absolute http(s) URL
         * @return this builder
         */
        public Builder appBaseUrl(String appBaseUrl) {
            this.appBaseUrl = normaliseOrigin(appBaseUrl, "appBaseUrl");
            return this;
        }

        /**
         * Sets the app id (required).
         *
         * @param appId the app id
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = requireText(appId, "appId");
            return this;
        }

        /**
         * Sets the user token (JWT). Also used as {@code on-behalf-of} on service-role calls.
         *
         * @param token the token, or {@code null} for none
         * @return this builder
         */
        public Builder token(String token) {
            this.token = emptyToNull(token);
            return this;
        }

        /**
         * Sets the service token that enables {@link Base44Client#asServiceRole()}.
         *
         * @param serviceToken the token, or {@code null} for none
         * @return this builder
         */
        public Builder serviceToken(String serviceToken) {
            this.serviceToken = emptyToNull(serviceToken);
            return this;
        }

        /**
         * Sets the {@code Base44-Functions-Version} sent with function invocations.
         *
         * @param functionsVersion the version, or {@code null} for the published one
         * @return this builder
         */
        public Builder functionsVersion(String functionsVersion) {
            this.functionsVersion = emptyToNull(functionsVersion);
            return this;
        }

        /**
         * Adds a header sent on every API request. {@code X-App-Id} and the auth headers set
         * by the SDK always win over headers given here.
         *
         * @param name  header name
         * @param value header value
         * @return this builder
         * @throws IllegalArgumentException for names the JDK HTTP client refuses (e.g. {@code Host})
         */
        public Builder header(String name, String value) {
            requireText(name, "header name");
            Objects.requireNonNull(value, "header value");
            // Let the JDK reject restricted or malformed headers now rather than on the first call.
            HttpRequest.newBuilder().header(name, value);
            headers.put(name, value);
            return this;
        }

        /**
         * Adds several headers, see {@link #header(String, String)}.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long {@code subscribe} waits for the server to acknowledge the join of the
         * room (connecting included) before it throws; default 10 s. Homebase acknowledges joins.
         * A server that does not (the hosted platform as of {@code @base44/sdk} 0.8.50) needs
         * {@link Duration#ZERO}: subscribe then returns at once, as in the JavaScript client, and a
         * change made right after it may be missed.
         *
         * @param timeout a positive duration, or zero not to wait
         * @return this builder
         */
        public Builder subscribeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("subscribeTimeout must be zero or positive");
            }
            this.subscribeTimeout = timeout;
            return this;
        }

        /**
         * Sets the request timeout: the longest wait for a response's headers.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets a listener called with every {@link Base44Exception} before it is thrown (the
         * JavaScript {@code options.onError}). Exceptions thrown by the listener are ignored.
         *
         * @param listener the listener, or {@code null} for none
         * @return this builder
         */
        public Builder errorListener(Consumer<Base44Exception> listener) {
            this.errorListener = listener;
            return this;
        }

        /**
         * Enables or disables {@code analytics().track(...)} (enabled by default).
         *
         * @param enabled whether to send analytics events
         * @return this builder
         */
        public Builder analyticsEnabled(boolean enabled) {
            this.analyticsEnabled = enabled;
            return this;
        }

        /**
         * Sets the Jackson mapper used to convert typed entity records and request bodies. The SDK
         * never changes it. Without one, the SDK's default maps camelCase properties and record
         * components to snake_case fields ({@code createdDate} is {@code created_date};
         * {@code @JsonProperty("name")} on a component overrides it), reads and writes
         * {@code java.time} types (an {@code Instant} or {@code OffsetDateTime} read from the
         * platform's naive-UTC {@code created_date} is UTC) and {@code Optional}, ignores unknown
         * fields and leaves null and empty values out of request bodies. A mapper of your own
         * replaces all of that: for example, {@code new ObjectMapper()} keeps Java names as they
         * are, and fails on unknown properties unless {@code FAIL_ON_UNKNOWN_PROPERTIES} is
         * disabled (records would have to declare every field the server sends). To keep the
         * defaults and add to them, start from {@link Base44#defaultObjectMapper()}.
         *
         * @param objectMapper the mapper, or {@code null} for the SDK default
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = objectMapper;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when no app id was set
         */
        public ClientConfig build() {
            if (appId == null) {
                throw new IllegalArgumentException("appId is required");
            }
            return new ClientConfig(this);
        }

        private static String normaliseOrigin(String url, String what) {
            requireText(url, what);
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " is not a valid URL: " + url, e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an absolute http(s) URL: " + url);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(what + " must not have a query or fragment: " + url);
            }
            String s = url.trim();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
