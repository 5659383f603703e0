package dev.homebase.server.functions;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The URI of a call to a function process on the loopback interface. The path and query come from
 * the caller as they were on the wire; characters that {@link URI} refuses but HTTP servers accept
 * in a request target ({@code | ^ ` { } [ ] "}, spaces, non-ASCII, a stray {@code %}) are
 * percent-encoded, so any target the server took is forwarded rather than failing.
 */
final class LocalUri {
    private static final String ALLOWED = "-._~:/?@!$&'()*+,;=";

    private LocalUri() {}

    static URI of(int port, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + escape(pathAndQuery));
    }

    /** {@code target} with every character that is not allowed unescaped in a URI percent-encoded (as UTF-8). */
    static String escape(String target) {
        StringBuilder out = new StringBuilder(target.length());
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ALLOWED.indexOf(c) >= 0)) {
                out.append(c);
            } else if (c == '%' && i + 2 < target.length() && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2))) {
                out.append(c); // an escape already
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
                for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
