package dev.homebase.server.move;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source app spoken to through the public Base44 wire protocol with an admin's (or a service) token: pages of
 * one entity's records, through cursor pages ({@code v2/list}) where the source answers them and {@code limit}/
 * {@code skip} pages where it does not (decided once per entity). Answers 429 and 5xx (and network errors) are
 * retried with exponential backoff, honouring {@code Retry-After}. The token is only ever put in the
 * {@code Authorization} header: no message of this class contains it.
 *
 * <p>Not thread-safe (one move reads one page at a time); the HTTP client inside is shared.
 */
public final class SourceApi {
    /** A source that would not answer, or answered something this command cannot use; the message is safe to print. */
    public static final class SourceException extends RuntimeException {
        public SourceException(String message) {
            super(message);
        }
    }

    /** How an entity is paged on the source. */
    public enum Mode { CURSOR, SKIP }

    /** One page: its records, and where the next one starts (null at the end). */
    public record Page(List<JsonNode> items, String nextCursor, int nextSkip, boolean last) {}

    private final String base;
    private final String token;
    private final HttpClient http;
    private final int retries;
    private final Duration firstDelay;
    private final Duration maxDelay;

    /**
     * @param from the source's address, e.g. {@code https://my-app.base44.app} (a trailing {@code /api} is accepted)
     * @param appId the source app's id
     * @param retries how often one request is retried after a 429, a 5xx or a network error
     * @param firstDelay the first backoff (doubled for each retry, at most {@code maxDelay})
     */
    public SourceApi(String from, String appId, String token, int retries, Duration firstDelay, Duration maxDelay) {
        String f = from.strip();
        while (f.endsWith("/")) f = f.substring(0, f.length() - 1);
        if (f.endsWith("/api")) f = f.substring(0, f.length() - 4);
        URI uri = URI.create(f);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("--from must be an http(s) URL such as https://my-app.base44.app, got \"" + from + "\"");
        }
        this.base = f + "/api/apps/" + enc(appId);
        this.token = token;
        this.retries = retries;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Finds how {@code entity} pages: {@link Mode#CURSOR} when {@code v2/list} answers a page object, else
     * {@link Mode#SKIP} when the array list answers.
     */
    public Mode detect(String entity) throws SourceException {
        Answer a = get("/entities/" + enc(entity) + "/v2/list?limit=1&sort=created_date");
        if (a.status() == 200 && a.json().isPresent() && a.json().get().path("items").isArray()) return Mode.CURSOR;
        Answer list = get("/entities/" + enc(entity) + "?limit=1&sort=created_date");
        if (list.status() == 200 && list.json().isPresent() && list.json().get().isArray()) return Mode.SKIP;
        throw new SourceException("the source does not list " + entity + " (" + describe(list) + ")");
    }

    /** The page at {@code cursor} (null: the first page) in cursor mode, or at {@code skip} in skip mode. */
    public Page page(String entity, Mode mode, String cursor, int skip, int limit) throws SourceException {
        String path = "/entities/" + enc(entity);
        if (mode == Mode.CURSOR) {
            String q = cursor == null ? "?limit=" + limit + "&sort=created_date" : "?limit=" + limit + "&cursor=" + enc(cursor);
            Answer a = get(path + "/v2/list" + q);
            JsonNode body = expect(a, entity);
            if (!body.path("items").isArray()) throw new SourceException("the source answered a " + entity + " page without items");
            List<JsonNode> items = new ArrayList<>();
            body.get("items").forEach(items::add);
            JsonNode next = body.get("next_cursor");
            boolean last = next == null || next.isNull() || !body.path("has_more").asBoolean(true) || items.isEmpty();
            return new Page(items, last ? null : next.asText(), skip + items.size(), last);
        }
        Answer a = get(path + "?limit=" + limit + "&skip=" + skip + "&sort=created_date");
        JsonNode body = expect(a, entity);
        if (!body.isArray()) throw new SourceException("the source answered a " + entity + " page that is not an array");
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        return new Page(items, null, skip + items.size(), items.size() < limit);
    }

    /** Downloads {@code url} (a file on the source) with retries; the token is sent only to the source's own host. */
    public byte[] download(String url) throws SourceException {
        URI uri = URI.create(url);
        boolean sameHost = uri.getHost() != null && uri.getHost().equalsIgnoreCase(URI.create(base).getHost());
        HttpResponse<byte[]> res = send(uri, sameHost, HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) throw new SourceException("HTTP " + res.statusCode());
        return res.body();
    }

    /** A signed URL for a private file of the source (Core/CreateFileSignedUrl), when the token allows it. */
    public String signedUrl(String fileUri) throws SourceException {
        String body = Json.write(java.util.Map.of("file_uri", fileUri, "expires_in", 600));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/integration-endpoints/Core/CreateFileSignedUrl"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = sendRequest(b, true, HttpResponse.BodyHandlers.ofString());
        Answer a = new Answer(res.statusCode(), res.body(), parse(res.body()));
        JsonNode json = expect(a, "a signed URL");
        String url = json.path("signed_url").asText("");
        if (url.isEmpty()) throw new SourceException("the source answered no signed_url");
        return url;
    }

    private JsonNode expect(Answer a, String what) throws SourceException {
        if (a.status() != 200 || a.json().isEmpty()) throw new SourceException("reading " + what + ": " + describe(a));
        return a.json().get();
    }

    private static String describe(Answer a) {
        String message = a.json().map(j -> j.path("message").asText("")).orElse("");
        if (message.length() > 200) message = message.substring(0, 200);
        return "HTTP " + a.status() + (message.isEmpty() ? "" : ": " + message);
    }

    private record Answer(int status, String body, Optional<JsonNode> json) {}

    private Answer get(String pathAndQuery) throws SourceException {
        HttpResponse<String> res = send(URI.create(base + pathAndQuery), true, HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body(), parse(res.body()));
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(Json.parse(body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private <T> HttpResponse<T> send(URI uri, boolean withToken, HttpResponse.BodyHandler<T> handler) throws SourceException {
        return sendRequest(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET(), withToken, handler);
    }

    private <T> HttpResponse<T> sendRequest(HttpRequest.Builder builder, boolean withToken, HttpResponse.BodyHandler<T> handler)
            throws SourceException {
        builder.header("Accept", "application/json");
        if (withToken && token != null && !token.isEmpty()) builder.header("Authorization", "Bearer " + token);
        HttpRequest request = builder.build();
        String where = request.uri().getRawPath();
        Duration delay = firstDelay;
        for (int attempt = 0; ; attempt++) {
            String why;
            Duration wait = delay;
            try {
                HttpResponse<T> res = http.send(request, handler);
                int s = res.statusCode();
                if (s != 429 && s < 500) return res;
                why = "HTTP " + s;
                Optional<Duration> after = retryAfter(res.headers().firstValue("Retry-After").orElse(null));
                if (after.isPresent()) wait = after.get().compareTo(maxDelay) > 0 ? maxDelay : after.get();
                if (attempt >= retries) return res;
            } catch (IOException e) {
                why = e.getClass().getSimpleName();
                if (attempt >= retries) throw new SourceException("the source did not answer " + where + " (" + why + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted");
            }
            retried++;
            delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        }
    }

    private volatile int retried;

    /** How many requests were retried so far (429, 5xx, network errors). */
    public int retried() {
        return retried;
    }

    /** {@code Retry-After} in seconds (an HTTP date is not honoured: the backoff applies). */
    static Optional<Duration> retryAfter(String value) {
        if (value == null) return Optional.empty();
        try {
            long s = Long.parseLong(value.strip());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
