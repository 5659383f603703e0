package dev.homebase.server.connectors;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.homebase.server.project.ProjectException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One connector of an app, declared in {@code base44/connectors/<type>.jsonc}:
 *
 * <pre>
 * // base44/connectors/slack.jsonc: the endpoints and host of slack are built in
 * { "clientId": "1234.5678", "clientSecretName": "SLACK_CLIENT_SECRET", "scopes": ["chat:write", "channels:read"] }
 *
 * // base44/connectors/acme.jsonc: any other type declares everything
 * { "clientId": "abc", "clientSecretName": "ACME_SECRET", "scopes": ["read"],
 *   "authorizationUrl": "https://acme.example/oauth/authorize", "tokenUrl": "https://acme.example/oauth/token",
 *   "hosts": ["api.acme.example"], "allowedHeaders": ["X-Acme-Version"], "connectionConfig": {"subdomain": "acme"},
 *   "timeoutSeconds": 30 }
 * </pre>
 *
 * A host is a host name (reached over https) or an origin such as {@code http://127.0.0.1:8080}; the
 * first is {@code callApi}'s default. Every problem is a {@link ProjectException} naming the file.
 *
 * @param type the file name without {@code .jsonc} (also the connector id)
 * @param hosts host name (or {@code host:port}) → origin ({@code https://host})
 */
public record ConnectorConfig(String type, String clientId, String clientSecretName, List<String> scopes, URI authorizationUrl,
                              URI tokenUrl, Map<String, URI> hosts, Set<String> allowedHeaders, Map<String, String> connectionConfig,
                              Map<String, String> authorizationParams, Duration timeout) {

    /** Connector types: as the contract allows custom ones. */
    public static final Pattern TYPE = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> KEYS = Set.of("clientId", "clientSecretName", "scopes", "authorizationUrl", "tokenUrl", "hosts",
            "allowedHeaders", "connectionConfig", "authorizationParams", "timeoutSeconds");
    /** Request headers callApi forwards for every connector (plus each connector's {@code allowedHeaders}). */
    static final Set<String> DEFAULT_HEADERS = Set.of("accept", "accept-language", "content-type", "if-match", "if-none-match",
            "idempotency-key");
    /** Never forwarded, whatever a connector declares: the proxy sets them. */
    private static final Set<String> NEVER_FORWARDED = Set.of("authorization", "host", "cookie", "content-length", "connection",
            "transfer-encoding", "upgrade", "expect", "proxy-authorization", "te", "trailer");
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ConnectorConfig {
        scopes = List.copyOf(scopes);
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        allowedHeaders = Set.copyOf(allowedHeaders);
        connectionConfig = Map.copyOf(connectionConfig);
        authorizationParams = Map.copyOf(authorizationParams);
    }

    /** The default host of {@code callApi}: the first declared. */
    public String defaultHost() {
        return hosts.keySet().iterator().next();
    }

    /** Whether {@code callApi} forwards the request header {@code name}. */
    public boolean forwards(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !NEVER_FORWARDED.contains(n) && (DEFAULT_HEADERS.contains(n) || allowedHeaders.contains(n));
    }

    /**
     * The connectors of the project in {@code projectDir}: every {@code base44/connectors/*.jsonc}, by type.
     *
     * @throws ProjectException naming the file, for any invalid declaration
     */
    public static Map<String, ConnectorConfig> load(Path projectDir) {
        Path dir = projectDir.resolve("base44").resolve("connectors");
        Map<String, ConnectorConfig> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonc") || p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ProjectException(dir + ": cannot be read: " + e.getMessage(), e);
        }
        for (Path f : files) {
            ConnectorConfig c = parse(f);
            if (out.put(c.type(), c) != null) throw new ProjectException(f + ": the connector " + c.type() + " is declared twice");
        }
        return out;
    }

    /** One declaration. @throws ProjectException naming the file */
    static ConnectorConfig parse(Path file) {
        String name = file.getFileName().toString();
        String type = name.substring(0, name.lastIndexOf('.'));
        if (!TYPE.matcher(type).matches()) {
            throw new ProjectException(file + ": a connector file is named <type>.jsonc with a type of a-z, 0-9, _ and - (got \"" + type + "\")");
        }
        JsonNode n;
        try {
            n = JSONC.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ProjectException(file + ": " + e.getMessage().lines().findFirst().orElse("invalid JSONC"));
        }
        if (n == null || !n.isObject()) throw new ProjectException(file + ": must contain a JSON object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ProjectException(file + ": unknown key \"" + key + "\" (allowed: " + new TreeSet<>(KEYS) + ")");
            }
        }
        String clientId = string(n, "clientId", file, true);
        String secretName = string(n, "clientSecretName", file, true);
        if (!SECRET_NAME.matcher(secretName).matches()) {
            throw new ProjectException(file + ": \"clientSecretName\" is the NAME of an app secret (letters, digits, _), set with"
                    + " homebase secrets set " + "NAME=...; never the secret itself");
        }
        ConnectorDefaults defaults = ConnectorDefaults.of(type).orElse(null);
        String authUrl = string(n, "authorizationUrl", file, defaults == null);
        String tokenUrl = string(n, "tokenUrl", file, defaults == null);
        List<String> hostList = strings(n, "hosts", file);
        if (hostList.isEmpty() && defaults != null) hostList = defaults.hosts();
        if (hostList.isEmpty()) {
            throw new ProjectException(file + ": \"hosts\" must list the API hosts callApi may reach (the type " + type
                    + " has no built-in defaults)");
        }
        Map<String, URI> hosts = new LinkedHashMap<>();
        for (String h : hostList) {
            URI origin = origin(h, file);
            hosts.put(origin.getPort() < 0 ? origin.getHost().toLowerCase(Locale.ROOT)
                    : origin.getHost().toLowerCase(Locale.ROOT) + ":" + origin.getPort(), origin);
        }
        Set<String> headers = new java.util.HashSet<>();
        for (String h : strings(n, "allowedHeaders", file)) {
            if (!h.matches("[A-Za-z0-9-]{1,64}")) throw new ProjectException(file + ": \"allowedHeaders\" has an invalid header name \"" + h + "\"");
            if (NEVER_FORWARDED.contains(h.toLowerCase(Locale.ROOT))) {
                throw new ProjectException(file + ": \"allowedHeaders\" cannot include " + h + " (the proxy sets it)");
            }
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        Map<String, String> params = new LinkedHashMap<>(defaults == null ? Map.of() : defaults.authorizationParams());
        params.putAll(stringMap(n, "authorizationParams", file));
        long timeout = 30;
        if (n.has("timeoutSeconds")) {
            JsonNode t = n.get("timeoutSeconds");
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < 1 || t.asInt() > 300) {
                throw new ProjectException(file + ": \"timeoutSeconds\" must be a whole number from 1 to 300");
            }
            timeout = t.asInt();
        }
        return new ConnectorConfig(type, clientId, secretName, strings(n, "scopes", file),
                url(authUrl != null ? authUrl : defaults.authorizationUrl(), "authorizationUrl", file),
                url(tokenUrl != null ? tokenUrl : defaults.tokenUrl(), "tokenUrl", file),
                hosts, headers, stringMap(n, "connectionConfig", file), params, Duration.ofSeconds(timeout));
    }

    private static String string(JsonNode n, String key, Path file, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) throw new ProjectException(file + ": \"" + key + "\" is required");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) throw new ProjectException(file + ": \"" + key + "\" must be a non-empty string");
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new ProjectException(file + ": \"" + key + "\" must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) throw new ProjectException(file + ": \"" + key + "\" must be an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw new ProjectException(file + ": \"" + key + "\" must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw new ProjectException(file + ": \"" + key + "\"." + e.getKey() + " must be a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static URI url(String value, String key, Path file) {
        try {
            URI u = URI.create(value);
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null && u.getUserInfo() == null) return u;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new ProjectException(file + ": \"" + key + "\" must be an http(s) URL, got \"" + value + "\"");
    }

    /** {@code api.example.com} → {@code https://api.example.com}; an http(s) origin as it is. */
    private static URI origin(String host, Path file) {
        String value = host.contains("://") ? host : "https://" + host;
        try {
            URI u = URI.create(value);
            boolean bare = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null && u.getUserInfo() == null
                    && bare && u.getRawQuery() == null && u.getRawFragment() == null) {
                return URI.create(u.getScheme() + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() < 0 ? "" : ":" + u.getPort()));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new ProjectException(file + ": \"hosts\" entries are host names or http(s) origins without a path, got \"" + host + "\"");
    }
}
