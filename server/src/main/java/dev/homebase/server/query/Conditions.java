package dev.homebase.server.query;

import dev.homebase.server.store.SqlFragment;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines boolean SQL conditions. AND/OR lists are nested as balanced trees, so a 1000-way
 * {@code $or} stays about ten levels deep (SQLite rejects expression trees deeper than 1000).
 * Negation treats SQL NULL as false ({@code IS NOT TRUE}). Thread-safe.
 */
public final class Conditions {

    /** The condition that is never true. */
    public static final SqlFragment FALSE = SqlFragment.of("1=0");

    private Conditions() {}

    /** All of {@code parts}; TRUE when empty. */
    public static SqlFragment and(List<SqlFragment> parts) {
        return parts.isEmpty() ? SqlFragment.TRUE : balanced(parts, " AND ");
    }

    /** Any of {@code parts}; FALSE when empty. */
    public static SqlFragment or(List<SqlFragment> parts) {
        return parts.isEmpty() ? FALSE : balanced(parts, " OR ");
    }

    /** Any of the given conditions. */
    public static SqlFragment or(SqlFragment first, SqlFragment second) {
        return or(List.of(first, second));
    }

    /** True exactly when {@code condition} is false or NULL. */
    public static SqlFragment not(SqlFragment condition) {
        return new SqlFragment("(" + condition.sql() + ") IS NOT TRUE", condition.params());
    }

    private static SqlFragment balanced(List<SqlFragment> parts, String separator) {
        if (parts.size() == 1) return parts.getFirst();
        int middle = parts.size() / 2;
        SqlFragment left = balanced(parts.subList(0, middle), separator);
        SqlFragment right = balanced(parts.subList(middle, parts.size()), separator);
        List<Object> params = new ArrayList<>(left.params());
        params.addAll(right.params());
        return new SqlFragment("(" + left.sql() + separator + right.sql() + ")", params);
    }
}
