package dev.homebase.sdk.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding that matches what the JavaScript client puts on the wire. */
public final class Encoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String COMPONENT_SAFE = "-_.!~*'()";
    private static final String PATH_SAFE = COMPONENT_SAFE + "/:@$&+,;=";

    private Encoding() {
    }

    /**
     * Encodes like JavaScript {@code encodeURIComponent}.
     *
     * @param s the text
     * @return the encoded text
     */
    public static String component(String s) {
        return encode(s, COMPONENT_SAFE);
    }

    /**
     * Encodes a path that may contain {@code /} (function names, page names, operation ids),
     * keeping the characters {@code encodeURI} keeps but escaping {@code ?}, {@code #} and
     * {@code %}, so a value can never change the query or fragment.
     *
     * @param s the text
     * @return the encoded text
     */
    public static String path(String s) {
        return encode(s, PATH_SAFE);
    }

    /**
     * Encodes a query key or value like axios (§1.3): {@code encodeURIComponent}, then
     * {@code %3A -> :}, {@code %24 -> $}, {@code %2C -> ,} and {@code %20 -> +}.
     *
     * @param s the text
     * @return the encoded text
     */
    public static String query(String s) {
        return component(s).replace("%3A", ":").replace("%24", "$").replace("%2C", ",").replace("%20", "+");
    }

    private static String encode(String s, String safe) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && safe.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
