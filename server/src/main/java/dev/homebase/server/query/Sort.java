package dev.homebase.server.query;

/** One sort key: a field path and a direction. */
public record Sort(String field, boolean descending) {

    /** The platform default, newest first. */
    public static final Sort DEFAULT = new Sort("created_date", true);

    /** Parses {@code -field}, {@code +field} or {@code field}; null or blank gives {@link #DEFAULT}. */
    public static Sort parse(String raw) {
        if (raw == null || raw.isBlank()) return DEFAULT;
        String s = raw.strip();
        if (s.startsWith("-")) return new Sort(s.substring(1), true);
        if (s.startsWith("+")) return new Sort(s.substring(1), false);
        return new Sort(s, false);
    }
}
