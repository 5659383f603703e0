package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.FilePart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@code multipart/form-data} bodies the way the JavaScript client fills a
 * {@code FormData} (api-contract §1.4): {@link FilePart} values become file parts, maps,
 * collections and other objects are JSON-stringified, primitives use their string form and
 * {@code null} becomes {@code "null"}.
 */
public final class Multipart {
    private final String boundary = "----homebase-" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts an empty body with a random boundary. */
    public Multipart() {
    }

    /**
     * Returns whether a request body should be sent as multipart: a map holding a file.
     *
     * @param data the data
     * @return true when at least one value is a {@link FilePart}
     */
    public static boolean needed(Object data) {
        return data instanceof Map<?, ?> map && map.values().stream().anyMatch(v -> v instanceof FilePart);
    }

    /**
     * Encodes a whole map.
     *
     * @param mapper mapper for object values
     * @param data   the fields
     * @return the encoded body
     */
    public static Multipart of(ObjectMapper mapper, Map<?, ?> data) {
        Multipart m = new Multipart();
        data.forEach((k, v) -> {
            String name = String.valueOf(k);
            if (v instanceof FilePart file) {
                m.file(name, file);
            } else if (v == null) {
                m.text(name, "null");
            } else if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean
                    || v instanceof Character || v instanceof Enum<?>) {
                m.text(name, v.toString());
            } else {
                // Maps, lists and other objects are JSON-stringified, as FormData gets JSON.stringify.
                m.text(name, Json.write(mapper, v));
            }
        });
        return m;
    }

    /**
     * Adds a text part.
     *
     * @param name  field name
     * @param value text
     * @return this
     */
    public Multipart text(String name, String value) {
        write("--" + boundary + "\r\n");
        write("Content-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n");
        write(value);
        write("\r\n");
        return this;
    }

    /**
     * Adds a file part.
     *
     * @param name field name
     * @param file the file
     * @return this
     */
    public Multipart file(String name, FilePart file) {
        write("--" + boundary + "\r\n");
        write("Content-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
                + escape(file.filename()) + "\"\r\n");
        write("Content-Type: " + file.contentType() + "\r\n\r\n");
        out.writeBytes(file.content());
        write("\r\n");
        return this;
    }

    /**
     * Returns the {@code Content-Type} header value.
     *
     * @return the content type with the boundary
     */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * Returns the encoded body, closing delimiter included.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return copy.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    // Same escaping as browsers (WHATWG form-data): quotes and line breaks are percent-encoded.
    private static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
