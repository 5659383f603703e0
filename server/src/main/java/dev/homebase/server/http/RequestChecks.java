package dev.homebase.server.http;

import io.javalin.http.Context;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/**
 * Checks every request before it is routed, so that no handler (nor Javalin's own parameter
 * decoding) meets a malformed request target: each {@code %} in the path and the query string
 * starts a two-digit hex escape (400 otherwise), and a {@code charset} named in
 * {@code Content-Type} is one the JVM knows (415 otherwise).
 */
final class RequestChecks {
    private RequestChecks() {}

    static void check(Context ctx) {
        if (!wellFormed(ctx.req().getRequestURI()) || !wellFormed(ctx.queryString())) {
            throw ApiException.badRequest("Malformed URL: '%' must start a percent-escape of two hex digits");
        }
        String type = ctx.header("Content-Type");
        if (type != null && !knownCharset(type)) {
            throw ApiException.unsupportedMediaType("Unsupported charset in Content-Type");
        }
    }

    /** Whether every {@code %} in {@code raw} (null counts as none) is followed by two hex digits. */
    static boolean wellFormed(String raw) {
        if (raw == null) return true;
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 3)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean knownCharset(String contentType) {
        if (contentType.indexOf(';') < 0) return true; // no parameter, so no charset: the common case, no split
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("charset")) continue;
            String name = param.substring(eq + 1).strip().replace("\"", "");
            try {
                if (!Charset.isSupported(name)) return false;
            } catch (IllegalCharsetNameException e) {
                return false;
            }
        }
        return true;
    }
}
