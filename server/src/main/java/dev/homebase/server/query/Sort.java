package dev.homebase.server.query;

import java.util.function.Predicate;

/**
 * One sort key: a field path and a direction, and, for a field the caller may not always read,
 * the condition under which it may ({@link HiddenFields#guard(Sort)}).
 *
 * <p>With {@code throughArrays}, a dotted path that reaches several values through arrays sorts by
 * the least of them ascending and the greatest descending, as MongoDB does ({@code parts.name});
 * without, it sorts by the value at the literal path, which an expression index on the path serves.
 * The entity layer sets it where the schema declares an array on the path.
 *
 * <p>{@link #parse} keeps whatever field it is given; callers check {@link #hasValidField()} (or
 * use {@link #parseOrDefault}) and fall back to {@link #DEFAULT}, because a bad sort parameter is
 * ignored, never an error (api-contract §4.2). Where {@code visibleWhen} is not null, records for
 * which it fails sort as if the field were missing. Renderers also fall back to {@link #DEFAULT} for an
 * invalid field, so an invalid name never reaches SQL.
 */
public record Sort(String field, boolean descending, boolean throughArrays, Filter visibleWhen) {

    /** A sort on the value at the literal path of {@code field} (see {@link #throughArrays()}). */
    public Sort(String field, boolean descending) {
        this(field, descending, false, null);
    }

    /** A sort on the literal path of a field the caller may read only where {@code visibleWhen} holds. */
    public Sort(String field, boolean descending, Filter visibleWhen) {
        this(field, descending, false, visibleWhen);
    }

    /** This sort, sorting through arrays when {@code through}. */
    public Sort throughArrays(boolean through) {
        return new Sort(field, descending, through, visibleWhen);
    }

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

    /** Like {@link #parse}, but gives {@link #DEFAULT} when the field is not a valid path. */
    public static Sort parseOrDefault(String raw) {
        Sort sort = parse(raw);
        return sort.hasValidField() ? sort : DEFAULT;
    }

    /**
     * Like {@link #parseOrDefault}, but also gives {@link #DEFAULT} unless {@code known} accepts
     * the field's top-level name, and drops a {@code data.} prefix. Positional misuse such as
     * {@code filter({}, 10)} sends {@code sort=10}: an unknown field is ignored, never an error.
     */
    public static Sort parseKnown(String raw, Predicate<String> known) {
        Sort sort = parse(raw);
        if (!sort.hasValidField()) return DEFAULT;
        String field = FieldPath.unalias(sort.field());
        return known.test(FieldPath.top(field)) ? new Sort(field, sort.descending()) : DEFAULT;
    }

    /** Whether {@code field} is a valid field path (a {@code data.} prefix is allowed). */
    public static boolean isValidField(String field) {
        return FieldPath.isValid(field);
    }

    /** Whether this sort's field is a valid field path. */
    public boolean hasValidField() {
        return isValidField(field);
    }
}
