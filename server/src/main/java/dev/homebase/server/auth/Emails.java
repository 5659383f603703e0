package dev.homebase.server.auth;

import java.util.Locale;
import java.util.Optional;

/** Email addresses as account keys: trimmed, lower-cased, and checked for a plausible shape. */
public final class Emails {
    /** Longest address accepted (RFC 5321 path limit). */
    public static final int MAX_LENGTH = 254;

    private Emails() {}

    /** The normalised address, or empty when {@code raw} is not a plausible email address. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) return Optional.empty();
        String e = raw.strip().toLowerCase(Locale.ROOT);
        if (e.isEmpty() || e.length() > MAX_LENGTH) return Optional.empty();
        int at = e.indexOf('@');
        if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1) return Optional.empty();
        for (int i = 0; i < e.length(); i++) {
            char ch = e.charAt(i);
            if (Character.isWhitespace(ch) || Character.isISOControl(ch) || ch == '<' || ch == '>' || ch == ',') {
                return Optional.empty();
            }
        }
        return Optional.of(e);
    }
}
