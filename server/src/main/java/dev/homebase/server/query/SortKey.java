package dev.homebase.server.query;

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
 */
public record SortKey(String sql, boolean descending, boolean nullable, boolean nullsFirst, String nullsClause, String param) {

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
}
