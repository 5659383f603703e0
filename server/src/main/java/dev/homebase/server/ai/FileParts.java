package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Turns InvokeLLM's {@code file_urls} into Chat Completions content parts: images become
 * {@code image_url} parts (the URL itself when the provider can fetch it, else a data URL of the
 * bytes), text files become text parts. Files of this server are read over HTTP from this server
 * itself, with the path and query the caller gave (so public and signed media URLs both work);
 * other servers' files are accepted only
 * as images, whose URL the provider fetches itself: this server never fetches a third party's URL
 * for a caller. PDFs of this server become text parts with their text (PDFBox); a PDF without
 * text (a scan) or one that cannot be read is a 400. Thread-safe.
 */
final class FileParts {
    /** Largest file read into a request. */
    static final int MAX_FILE_BYTES = 20 * 1024 * 1024;
    private static final Set<String> IMAGE_EXT = Set.of("png", "jpg", "jpeg", "gif", "webp");
    private static final Set<String> TEXT_EXT = Set.of("txt", "md", "csv", "json", "xml", "html", "htm", "tsv", "log", "yaml", "yml");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Appends one part per URL to {@code parts}.
     *
     * @param ownOrigins the origins ({@code scheme://host:port}) of this server
     * @param self where this server answers, {@code http://address:port} of the socket the request came in on
     * @throws AiException 400 for a URL that is not usable
     */
    void append(JsonNode fileUrls, Set<String> ownOrigins, String self, ArrayNode parts) {
        if (fileUrls == null || fileUrls.isNull()) return;
        if (!fileUrls.isArray()) throw AiException.badRequest("file_urls must be an array of file URLs");
        if (fileUrls.size() > 20) throw AiException.badRequest("file_urls takes at most 20 files");
        for (JsonNode n : fileUrls) {
            if (!n.isTextual()) throw AiException.badRequest("file_urls must be an array of file URLs");
            URI uri;
            try {
                uri = URI.create(n.asText());
            } catch (IllegalArgumentException e) {
                throw AiException.badRequest("file_urls: not a URL: " + n.asText());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw AiException.badRequest("file_urls: only http(s) URLs are accepted, got " + n.asText());
            }
            String ext = extension(uri.getPath());
            boolean own = ownOrigins.contains(origin(uri));
            if (!own) {
                if (!IMAGE_EXT.contains(ext)) {
                    throw AiException.badRequest("file_urls: " + n.asText() + " is not a file of this server; upload it with "
                            + "UploadFile first (only images of other servers are accepted, and the provider fetches them)");
                }
                parts.add(imagePart(uri.toString()));
                continue;
            }
            // NB: read from this server's own socket, never from the URL's host: the origins include the request's
            // Host header, which the caller controls, so fetching the host itself would let anyone read internal URLs.
            Fetched file = fetch(URI.create(self + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())), uri);
            String type = file.contentType().isEmpty() ? typeOf(ext) : file.contentType();
            if (type.startsWith("image/")) {
                parts.add(imagePart(reachable(uri) ? uri.toString()
                        : "data:" + type + ";base64," + Base64.getEncoder().encodeToString(file.bytes())));
            } else if (type.equals("application/pdf") || ext.equals("pdf")) {
                ObjectNode part = Json.object().put("type", "text");
                part.put("text", "File " + name(uri) + " (text of the PDF):\n" + pdfText(file.bytes(), n.asText()));
                parts.add(part);
            } else if (type.startsWith("text/") || type.contains("json") || type.contains("xml") || TEXT_EXT.contains(ext)) {
                ObjectNode part = Json.object().put("type", "text");
                part.put("text", "File " + name(uri) + ":\n" + new String(file.bytes(), StandardCharsets.UTF_8));
                parts.add(part);
            } else {
                throw AiException.badRequest("file_urls: " + n.asText() + " is of type " + type
                        + "; InvokeLLM reads images and text files");
            }
        }
    }

    private record Fetched(byte[] bytes, String contentType) {}

    private Fetched fetch(URI local, URI uri) {
        try {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) throw AiException.badRequest("file_urls: " + uri + " answered HTTP " + res.statusCode());
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) throw AiException.badRequest("file_urls: " + uri + " is larger than 20 MB");
                String type = res.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
                return new Fetched(bytes, type.equals("application/octet-stream") ? "" : type);
            }
        } catch (IOException e) {
            throw AiException.badRequest("file_urls: " + uri + " cannot be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException(503, "interrupted", "The server is stopping", -1);
        }
    }

    /** The text of a PDF. @throws AiException 400 when it cannot be read or has no text */
    static String pdfText(byte[] bytes, String url) {
        String text;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw AiException.badRequest("file_urls: " + url + " cannot be read as a PDF (damaged or encrypted)");
        }
        if (text.isBlank()) throw AiException.badRequest("file_urls: " + url + " has no text (a scanned PDF?); send its pages as images");
        if (text.length() > InvokeLlm.MAX_PROMPT_CHARS) throw AiException.badRequest("file_urls: the text of " + url + " is longer than "
                + InvokeLlm.MAX_PROMPT_CHARS + " characters");
        return text.strip();
    }

    /** Whether a provider elsewhere can fetch this URL: not a loopback, private or link-local address. */
    static boolean reachable(URI uri) {
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) return false;
                if (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc) return false; // IPv6 unique local
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static ObjectNode imagePart(String url) {
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static String extension(String path) {
        if (path == null) return "";
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String name(URI uri) {
        String p = uri.getPath() == null ? "" : uri.getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String typeOf(String ext) {
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "pdf" -> "application/pdf";
            default -> TEXT_EXT.contains(ext) ? "text/plain" : "application/octet-stream";
        };
    }
}
