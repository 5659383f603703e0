package dev.homebase.server.integrations.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.project.JsoncReader;
import dev.homebase.server.project.ProjectException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The custom integrations of one project: every {@code base44/integrations/<slug>.jsonc} (dot-files
 * skipped; a missing folder means none), each naming an OpenAPI 3 document in the same folder:
 *
 * <pre>{@code
 * // base44/integrations/weather.jsonc
 * {
 *   "spec": "weather.openapi.yaml",                // required: JSON or YAML, OpenAPI 3.x, inside base44/integrations/
 *   "base_url": "https://api.weather.example/v1",  // optional: default the document's servers[0].url
 *   "auth": {"header": "Authorization", "secret": "WEATHER_KEY", "prefix": "Bearer "}, // optional
 *   "timeout_seconds": 30,                         // optional, 1..300
 *   "max_response_bytes": 10485760                 // optional, 1..67108864
 * }
 * }</pre>
 *
 * Everything is checked when the server starts: a problem stops it with a one-line message naming the file.
 * Immutable and thread-safe.
 */
public final class IntegrationCatalog {
    /** What a slug looks like (the file name without {@code .jsonc}). */
    static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers the client sets itself, never taken from a file or a caller. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "upgrade",
            "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection", "expect");
    private static final Set<String> KEYS = Set.of("spec", "base_url", "auth", "timeout_seconds", "max_response_bytes", "description");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
    private static final int MAX_MAX_BYTES = 64 * 1024 * 1024;

    private final Map<String, CustomIntegration> bySlug;

    private IntegrationCatalog(Map<String, CustomIntegration> bySlug) {
        this.bySlug = Collections.unmodifiableMap(bySlug);
    }

    /** No integrations. */
    public static IntegrationCatalog empty() {
        return new IntegrationCatalog(Map.of());
    }

    /** The integration called {@code slug} (exact match). */
    public Optional<CustomIntegration> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** The slugs, sorted. */
    public Set<String> slugs() {
        return bySlug.keySet();
    }

    /**
     * Reads {@code projectDir/base44/integrations/*.jsonc}.
     *
     * @throws ProjectException with a one-line message naming the file and the problem
     */
    public static IntegrationCatalog load(Path projectDir) {
        Path dir = projectDir.toAbsolutePath().normalize().resolve("base44").resolve("integrations");
        if (!Files.exists(dir)) return empty();
        if (!Files.isDirectory(dir)) throw new ProjectException(dir + ": integrations folder is not a directory");
        Map<String, CustomIntegration> found = new TreeMap<>();
        for (Path file : files(dir)) {
            String name = file.getFileName().toString();
            String slug = name.substring(0, name.length() - ".jsonc".length());
            if (!SLUG.matcher(slug).matches()) {
                throw new ProjectException(file + ": the file name is the integration's slug: letters, digits, - and _ (at most 64)");
            }
            found.put(slug, read(dir, file, slug));
        }
        return new IntegrationCatalog(found);
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".") && f.getFileName().toString().endsWith(".jsonc"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProjectException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static CustomIntegration read(Path dir, Path file, String slug) {
        JsonNode json = JsoncReader.readObject(file);
        for (var key : (Iterable<String>) json::fieldNames) {
            if (!KEYS.contains(key)) {
                throw new ProjectException(file + ": unknown key \"" + key + "\" (expected spec, base_url, auth, timeout_seconds,"
                        + " max_response_bytes, description)");
            }
        }
        JsonNode spec = json.get("spec");
        if (spec == null || !spec.isTextual() || spec.asText().isBlank()) {
            throw new ProjectException(file + ": \"spec\" is required: the name of an OpenAPI 3 document (JSON or YAML) in " + dir);
        }
        Path specFile = dir.resolve(spec.asText()).normalize();
        if (!specFile.startsWith(dir) || specFile.equals(dir)) {
            throw new ProjectException(file + ": \"spec\" must name a file inside " + dir + ", got \"" + spec.asText() + "\"");
        }
        OpenApiOperations operations = OpenApiOperations.read(specFile, file);
        URI baseUrl = baseUrl(file, json.get("base_url"), operations);
        Optional<CustomIntegration.Auth> auth = auth(file, json.get("auth"));
        Duration timeout = DEFAULT_TIMEOUT;
        JsonNode t = json.get("timeout_seconds");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || t.asLong() < 1 || t.asLong() > 300) {
                throw new ProjectException(file + ": \"timeout_seconds\" must be a whole number from 1 to 300");
            }
            timeout = Duration.ofSeconds(t.asLong());
        }
        int maxBytes = DEFAULT_MAX_BYTES;
        JsonNode m = json.get("max_response_bytes");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || m.asLong() < 1 || m.asLong() > MAX_MAX_BYTES) {
                throw new ProjectException(file + ": \"max_response_bytes\" must be a whole number from 1 to " + MAX_MAX_BYTES);
            }
            maxBytes = m.asInt();
        }
        return new CustomIntegration(slug, file, baseUrl, auth, timeout, maxBytes, operations);
    }

    private static URI baseUrl(Path file, JsonNode node, OpenApiOperations operations) {
        String text;
        String what;
        if (node != null && !node.isNull()) {
            if (!node.isTextual()) throw new ProjectException(file + ": \"base_url\" must be a string");
            text = node.asText();
            what = "\"base_url\"";
        } else {
            text = operations.serverUrl().orElseThrow(() -> new ProjectException(file
                    + ": no \"base_url\", and the OpenAPI document has no servers[0].url"));
            what = "the OpenAPI document's servers[0].url (set \"base_url\" to override it)";
        }
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new ProjectException(file + ": " + what + " is not a URL: \"" + text + "\"");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ProjectException(file + ": " + what + " must be an absolute http(s) URL with a host, got \"" + text + "\"");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ProjectException(file + ": " + what + " must not contain user info, a query or a fragment: \"" + text + "\"");
        }
        return uri;
    }

    private static Optional<CustomIntegration.Auth> auth(Path file, JsonNode node) {
        if (node == null || node.isNull()) return Optional.empty();
        String usage = ": \"auth\" must be {\"header\": \"Authorization\", \"secret\": \"MY_KEY\", \"prefix\": \"Bearer \"} (prefix optional)";
        if (!node.isObject()) throw new ProjectException(file + usage);
        for (var key : (Iterable<String>) node::fieldNames) {
            if (!Set.of("header", "secret", "prefix").contains(key)) throw new ProjectException(file + ": auth: unknown key \"" + key + "\"");
        }
        JsonNode header = node.get("header");
        JsonNode secret = node.get("secret");
        JsonNode prefix = node.get("prefix");
        if (header == null || !header.isTextual() || !HEADER.matcher(header.asText()).matches()) {
            throw new ProjectException(file + ": \"auth.header\" must be an HTTP header name" + usage.substring(1));
        }
        if (RESERVED_HEADERS.contains(header.asText().toLowerCase(Locale.ROOT))) {
            throw new ProjectException(file + ": \"auth.header\" cannot be " + header.asText());
        }
        if (secret == null || !secret.isTextual() || !SECRET.matcher(secret.asText()).matches()) {
            throw new ProjectException(file + ": \"auth.secret\" must name an app secret (letters, digits and _, set with "
                    + "`homebase secrets set NAME=value`)");
        }
        if (prefix != null && !prefix.isNull() && (!prefix.isTextual() || prefix.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new ProjectException(file + ": \"auth.prefix\" must be a string without control characters");
        }
        return Optional.of(new CustomIntegration.Auth(header.asText(), secret.asText(),
                prefix == null || prefix.isNull() ? "" : prefix.asText()));
    }
}
