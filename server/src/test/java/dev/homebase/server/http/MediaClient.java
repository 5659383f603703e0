package dev.homebase.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Raw HTTP for the file tests: multipart uploads and downloads with their headers and bytes. */
final class MediaClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    MediaClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A multipart body with one part: {@code field}, a file named {@code fileName} holding {@code bytes} (or a plain field when fileName is null). */
    static Multipart multipart(String field, String fileName, byte[] bytes) {
        String boundary = "----hb" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream") + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    record Multipart(String contentType, byte[] body) {}

    /** POSTs a multipart body to a Core integration as {@code token} (none when null). */
    HttpResponse<String> upload(String appId, String integration, String token, Multipart body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/apps/" + appId + "/integration-endpoints/Core/" + integration))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.body()));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON to a Core integration as {@code token} (none when null). */
    HttpResponse<String> call(String appId, String integration, String token, String json) {
        return post("/api/apps/" + appId + "/integration-endpoints/Core/" + integration, token, json);
    }

    /** POSTs JSON to a path under the server as {@code token} (none when null). */
    HttpResponse<String> post(String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET (or HEAD) of an absolute URL or a path, with extra headers. */
    HttpResponse<byte[]> get(String method, String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String url) {
        return get("GET", url, Map.of());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
