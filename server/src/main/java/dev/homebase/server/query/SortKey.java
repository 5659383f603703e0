package dev.homebase.server.query;

import dev.homebase.server.store.SqlFragment;

/**
 * One key of a rendered ORDER BY: an SQL expression, its direction, and where the database puts
 * its NULLs. {@link QueryCompiler#orderBy} renders these keys, and {@link QueryCompiler#after}
 * builds the keyset condition from the very same keys, so a cursor page continues exactly where
 * the order says it should.
 *
 * @param sql the expression (over the {@code records} table aliased {@code r})
 * @param descending the direction
 * @param nullable whether the expression can be NULL
 * @param nullsFirst whether NULLs come before every value in this key's rendered order
 * @param nullsClause the text after the direction ({@code ""} or {@code " NULLS FIRST"}, with a leading space)
 * @param param the SQL of a bound value compared with the expression ({@code ?}, or a cast of it)
 * @param params the values bound in {@code sql}, in order (empty but for the keys of a field the
 *     caller may not always read, whose visibility condition is part of the expression); bind
 *     them wherever {@code sql} is written
 */
public record SortKey(String sql, boolean descending, boolean nullable, boolean nullsFirst, String nullsClause, String param,
                      java.util.List<Object> params) {

    /** Copies the parameters (which may hold nulls). */
    public SortKey {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }

    /** A key whose expression binds no values. */
    public SortKey(String sql, boolean descending, boolean nullable, boolean nullsFirst, String nullsClause, String param) {
        this(sql, descending, nullable, nullsFirst, nullsClause, param, java.util.List.of());
    }

    /** A key that is never NULL, compared with a plain parameter. */
    public static SortKey notNull(String sql, boolean descending) {
        return new SortKey(sql, descending, false, false, "", "?");
    }

    /** The ORDER BY item. */
    public String ordering() {
        return sql + (descending ? " DESC" : " ASC") + nullsClause;
    }

    /** The same key over another expression (a column of a subquery that selected {@link #sql}). */
    public SortKey over(String expression) {
        return new SortKey(expression, descending, nullable, nullsFirst, nullsClause, param);
    }

    /** The expression with its bound values. */
    public SqlFragment expression() {
        return new SqlFragment(sql, params);
    }
}
