package dev.homebase.server.query;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The allow-list for field paths in filters and sorts.
 *
 * <p>A path is one or more dot-separated segments; the first matches
 * {@code [A-Za-z_][A-Za-z0-9_]*}, later ones may also be a plain array position ({@code tags.0}).
 * At most {@value #MAX_LENGTH} characters and {@value #MAX_SEGMENTS} segments. Only paths that
 * pass this check are ever written into SQL text (as JSON path literals), which is what keeps field
 * names from being an injection vector; values are always bound parameters. Thread-safe.
 */
public final class FieldPath {

    /** The longest accepted path, in characters. */
    public static final int MAX_LENGTH = 200;
    /** The most segments a path may have. */
    public static final int MAX_SEGMENTS = 16;

    private static final String DATA_PREFIX = "data.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern POSITION = Pattern.compile("0|[1-9][0-9]{0,8}");

    private FieldPath() {}

    /** Whether {@code path} is an acceptable field path. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) return false;
        String[] segments = path.split("\\.", -1);
        if (segments.length > MAX_SEGMENTS) return false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean ok = NAME.matcher(segment).matches() || (i > 0 && POSITION.matcher(segment).matches());
            if (!ok) return false;
        }
        return true;
    }

    /**
     * Returns {@code path} if it is valid.
     *
     * @throws QueryException {@code Invalid field name '...'} otherwise
     */
    public static String check(String path) {
        if (!isValid(path)) throw new QueryException("Invalid field name '" + shorten(path) + "'");
        return path;
    }

    /** {@link #check}, except that {@code ""} (the element itself) is allowed when {@code element}. */
    static String checkOrEmpty(String path, boolean element) {
        return element && path.isEmpty() ? path : check(path);
    }

    /** The segments of a valid path ({@code ""} gives no segments). */
    public static List<String> segments(String path) {
        return path.isEmpty() ? List.of() : List.of(path.split("\\."));
    }

    /** Whether a segment is an array position. */
    public static boolean isPosition(String segment) {
        return !segment.isEmpty() && Character.isDigit(segment.charAt(0));
    }

    /** {@code path} without a leading {@code data.}: at the record level {@code data.x} is another name for {@code x}. */
    public static String unalias(String path) {
        return path.startsWith(DATA_PREFIX) ? path.substring(DATA_PREFIX.length()) : path;
    }

    /** The top-level field of a path: its first segment. */
    public static String top(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    /** {@code text} cut to a length that is safe to put into an error message. */
    static String shorten(String text) {
        if (text == null) return "null";
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
