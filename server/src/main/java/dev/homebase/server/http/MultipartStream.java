package dev.homebase.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1) as a stream, one part after the other, without
 * spooling anything: each part's body is an {@link InputStream} that ends at the next boundary, so an upload goes
 * from the socket straight to the file storage, written once. Holds one 64 KB buffer. Not thread-safe: one request.
 *
 * <pre>{@code
 * MultipartStream parts = new MultipartStream(request.getInputStream(), boundary);
 * for (MultipartStream.Part p; (p = parts.next()) != null; ) {
 *     if (p.name().equals("file")) storage.put(key, p.body(), max);
 * }
 * }</pre>
 */
final class MultipartStream {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A part's bytes are handed out in slices of at least this much (unless the part ends first): fewer, larger writes. */
    private static final int MIN_SLICE = 32 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buffer;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private PartBody current;

    /** One part: its form field name, its file name (null for a plain field) and its bytes. */
    record Part(String name, String filename, InputStream body) {}

    /** The body is not well-formed multipart (no boundary, a part without an end, headers too long) or could not be read. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** @param boundary the {@code boundary} parameter of the request's {@code Content-Type} */
    MultipartStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        // The first boundary may open the body without a CRLF before it: reading as if one were there finds it too.
        buffer[0] = '\r';
        buffer[1] = '\n';
        lim = 2;
    }

    /** The {@code boundary} of a {@code multipart/form-data} content type (1 to 70 characters, RFC 2046). */
    static Optional<String> boundary(String contentType) {
        if (contentType == null) return Optional.empty();
        Map<String, String> params = parameters(contentType);
        String b = params.get("boundary");
        return b == null || b.isEmpty() || b.length() > 70 ? Optional.empty() : Optional.of(b);
    }

    /**
     * Moves to the next part, reading away what is left of the current one.
     *
     * @return the part, or null after the closing boundary
     * @throws MalformedException for a body that is not multipart, or that ends before its closing boundary
     */
    Part next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        if (finished) return null;
        if (!started) {
            skipPreamble();
            started = true;
        }
        // At the delimiter: step over it, then "--" (the end) or the CRLF before the part's headers.
        require(delimiter.length + 2);
        pos += delimiter.length;
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            finished = true;
            return null;
        }
        String line = readLine(); // transport padding (spaces, tabs) may follow the boundary
        if (!line.isBlank()) throw new MalformedException("Malformed multipart boundary line");
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        for (String h; !(h = readLine()).isEmpty(); ) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER_BYTES) throw new MalformedException("Multipart part headers are too long");
            int colon = h.indexOf(':');
            if (colon > 0) headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        Map<String, String> disposition = parameters(headers.getOrDefault("content-disposition", ""));
        String filename = disposition.containsKey("filename*") ? extended(disposition.get("filename*")) : disposition.get("filename");
        current = new PartBody();
        return new Part(disposition.getOrDefault("name", ""), filename, current);
    }

    /** Skips whatever comes before the first boundary. */
    private void skipPreamble() throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                pos = at;
                return;
            }
            pos = Math.max(pos, lim - (delimiter.length - 1));
            if (!fill()) throw new MalformedException("The body holds no multipart boundary");
        }
    }

    /** One header line (CRLF-terminated, read as UTF-8), without its CRLF. */
    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < lim; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (lim - pos >= MAX_HEADER_BYTES) throw new MalformedException("Multipart part headers are too long");
            if (!fill()) throw new MalformedException("The multipart body ended inside a part's headers");
        }
    }

    /** Makes at least {@code n} bytes available from {@code pos}. */
    private void require(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) throw new MalformedException("The multipart body ended before its closing boundary");
        }
    }

    /** Keeps the unread bytes, then reads more once; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) return false;
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buffer.length) throw new MalformedException("Malformed multipart body"); // not reached: callers leave room
        int n;
        try {
            n = in.read(buffer, lim, buffer.length - lim);
        } catch (IOException e) { // the client went away or stalled: the request's fault, not the storage's
            throw new MalformedException("The request body could not be read (" + e.getMessage() + ")");
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** Where the delimiter starts in the unread bytes, or -1. */
    private int indexOfDelimiter() {
        return indexOfDelimiter(pos);
    }

    /** Where the delimiter starts in the unread bytes from {@code from} on, or -1. */
    private int indexOfDelimiter(int from) {
        byte first = delimiter[0];
        for (int i = from, last = lim - delimiter.length; i <= last; i++) {
            if (buffer[i] == first && Arrays.equals(buffer, i, i + delimiter.length, delimiter, 0, delimiter.length)) return i;
        }
        return -1;
    }

    /** The bytes of the current part, up to (not including) the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int clear = 0; // bytes after pos already known to hold no delimiter start (fill() keeps offsets from pos)
            while (!done) {
                int at = indexOfDelimiter(pos + clear);
                if (at == pos) {
                    done = true;
                    break;
                }
                int available = at >= 0 ? at - pos : lim - pos - (delimiter.length - 1); // a delimiter may start in the tail
                if (at < 0) clear = Math.max(0, available);
                // Wait for a larger slice unless the part's end is in sight: the socket hands over a few KB at a time.
                boolean more = at < 0 && available < Math.min(len, MIN_SLICE) && lim < buffer.length && fill();
                if (more) continue;
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buffer, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (!fill()) throw new MalformedException("The multipart body ended inside a part");
            }
            return -1;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discarded
            }
        }
    }

    /** The {@code ;}-separated {@code key=value} parameters of a header value (keys lower-cased; quoted values unquoted). */
    private static Map<String, String> parameters(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            int eq = header.indexOf('=', start);
            if (eq < 0) break;
            String key = header.substring(start, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') j++;
            StringBuilder value = new StringBuilder();
            if (j < header.length() && header.charAt(j) == '"') {
                for (j++; j < header.length() && header.charAt(j) != '"'; j++) {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) c = header.charAt(++j);
                    value.append(c);
                }
                j = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value.append(header, j, end < 0 ? header.length() : end);
                j = end;
            }
            out.putIfAbsent(key, value.toString().strip());
            i = j;
        }
        return out;
    }

    /** An RFC 5987 extended value, {@code UTF-8''%E2%82%AC.png}. */
    private static String extended(String value) {
        int quote = value.indexOf("''");
        String encoded = quote >= 0 ? value.substring(quote + 2) : value;
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }
}
