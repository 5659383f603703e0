package dev.homebase.server.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.internal.JsonValues;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads request bodies as JSON, with a size limit, a content-type check and clear 4xx errors.
 * An empty body counts as no body: the official client sends {@code Content-Type:
 * application/json} even on bodiless requests.
 */
final class Bodies {
    private final long maxBytes;

    Bodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The JSON body, or null when there is none. */
    JsonNode json(Context ctx) {
        byte[] bytes = read(ctx);
        if (blank(bytes)) return null;
        String type = ctx.header("Content-Type"); // not ctx.contentType(): Jetty's throws on an unknown charset
        if (type != null && !isJson(type)) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json");
        }
        return parse(bytes);
    }

    /**
     * The JSON body whatever its declared type, or null when there is none: a browser's
     * {@code navigator.sendBeacon} with a string body declares {@code text/plain}.
     */
    JsonNode jsonOfAnyType(Context ctx) {
        byte[] bytes = read(ctx);
        if (blank(bytes)) return null;
        return parse(bytes);
    }

    /**
     * Whether the body is empty or only white space ({@link String#isBlank}), without decoding it: the first ASCII
     * character that is not white space answers; any other byte decides through the decoded text.
     */
    static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) return new String(bytes, StandardCharsets.UTF_8).isBlank();
            if (!Character.isWhitespace(b)) return false;
        }
        return true;
    }

    private static JsonNode parse(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("Request body is nested too deeply");
        } catch (IOException e) {
            throw ApiException.badRequest("Request body is not valid JSON");
        }
        // NUL characters and numbers beyond a double: refused the same way on both stores (422, naming the field).
        JsonValues.problem(node).ifPresent(p -> {
            throw ApiException.validation(p.path().isEmpty() ? "Request body: " + p.reason() : p.message());
        });
        return node;
    }

    /** The body as a JSON object. @throws ApiException 400 when absent or not an object */
    ObjectNode object(Context ctx) {
        JsonNode node = json(ctx);
        if (node == null || !node.isObject()) throw ApiException.badRequest("Request body must be a JSON object");
        return (ObjectNode) node;
    }

    /** The body as a JSON object; an absent body is an empty object. */
    ObjectNode objectOrEmpty(Context ctx) {
        JsonNode node = json(ctx);
        if (node == null) return Json.object();
        if (!node.isObject()) throw ApiException.badRequest("Request body must be a JSON object");
        return (ObjectNode) node;
    }

    /** The body as a JSON array. @throws ApiException 400 when absent or not an array */
    ArrayNode array(Context ctx) {
        JsonNode node = json(ctx);
        if (node == null || !node.isArray()) throw ApiException.badRequest("Request body must be an array");
        return (ArrayNode) node;
    }

    private byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            // Many HTTP clients (Node's fetch among them) cannot read an answer sent while they are
            // still uploading: they see a broken pipe instead of the 413. Up to a bound, read the body
            // away first so they get the message; beyond it, answer at once and let the connection go.
            if (declared <= DRAIN_LIMIT) drain(ctx);
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared >= 0) { // a declared length (at most maxBytes here): read into one array of that size
                byte[] bytes = new byte[(int) declared];
                int n = in.readNBytes(bytes, 0, bytes.length);
                return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
            }
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) throw tooLarge();
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("Could not read the request body");
        }
    }

    /** Largest oversized body that is read away (not kept) so the client can read its 413. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private static void drain(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("Request body is larger than " + maxBytes + " bytes");
    }

    private static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String base = (semi < 0 ? t : t.substring(0, semi)).strip();
        return base.equals("application/json") || base.endsWith("+json") || base.equals("text/json");
    }
}
