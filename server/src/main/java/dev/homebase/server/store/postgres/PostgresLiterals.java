package dev.homebase.server.store.postgres;

import dev.homebase.server.store.SqlFragment;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes a statement's parameters into its text as typed SQL literals, so PostgreSQL can keep one
 * plan for it.
 *
 * <p>Why: every declared index is partial ({@code WHERE app_id = '..' AND entity = '..'}), and a
 * plan made for unknown parameter values cannot use a partial index, nor estimate a filter or a
 * {@code LIMIT}; so with parameters PostgreSQL plans a page again on every execution. For a gated
 * page (two branches and four probes) that planning costs 1-2 ms against 0.15-0.3 ms of execution.
 * With its values written in, a statement has no parameters: the driver prepares it on the server
 * after a few executions on a connection, and PostgreSQL plans it once, for exactly those values,
 * until the table's statistics change (pgbench on the bench's page: 400-640 → 2,700-4,500 tps).
 *
 * <p>Each literal has the type the driver gives the bound value ({@code setString} is
 * {@code varchar}, {@code setLong} {@code int8}, ...), so the statement means what it meant with
 * parameters. Strings are escape-string literals ({@code E'...'}), which read the same whatever
 * {@code standard_conforming_strings} says. A statement holding text the scanner does not expect
 * (an {@code E'} string, dollar quoting, a comment, a {@code ??} operator escape) or a string with
 * a NUL character is returned unchanged, as is one whose placeholders do not match its parameters.
 */
public final class PostgresLiterals {

    private PostgresLiterals() {}

    /** {@code query} with every parameter written in as a literal, or {@code query} itself (see above). */
    public static SqlFragment inline(SqlFragment query) {
        String sql = query.sql();
        List<Object> params = query.params();
        if (params.isEmpty()) return query;
        StringBuilder out = new StringBuilder(sql.length() + 16 * params.size());
        int next = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char ch = sql.charAt(i);
            switch (ch) {
                case '\'' -> {
                    if (i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')) return query;
                    int end = i + 1;
                    while (true) {
                        if (end >= n) return query; // unterminated: leave it to the database to refuse
                        if (sql.charAt(end) == '\'') {
                            if (end + 1 < n && sql.charAt(end + 1) == '\'') { end += 2; continue; }
                            break;
                        }
                        end++;
                    }
                    out.append(sql, i, end + 1);
                    i = end;
                }
                case '"' -> {
                    int end = sql.indexOf('"', i + 1);
                    if (end < 0) return query;
                    out.append(sql, i, end + 1);
                    i = end;
                }
                case '$' -> {
                    if (i + 1 < n && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1)))
                            && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                        return query; // dollar quoting
                    }
                    out.append(ch);
                }
                case '-' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '-') return query;
                    out.append(ch);
                }
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*') return query;
                    out.append(ch);
                }
                case '?' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '?') return query;
                    if (next >= params.size()) return query;
                    String literal = literal(params.get(next++));
                    if (literal == null) return query;
                    out.append(literal);
                }
                default -> out.append(ch);
            }
        }
        if (next != params.size()) return query;
        return SqlFragment.of(out.toString());
    }

    /** The typed literal of a bound value, or null when it has none (a string with NUL, another type). */
    static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> string(s);
            case Integer i -> "CAST(" + i + " AS int4)";
            case Long l -> "CAST(" + l + " AS int8)";
            case Double d -> "CAST('" + d + "' AS float8)";
            case BigDecimal d -> "CAST('" + d + "' AS numeric)";
            case Boolean b -> b ? "TRUE" : "FALSE";
            default -> null;
        };
    }

    private static String string(String s) {
        if (s.indexOf('\0') >= 0) return null;
        StringBuilder out = new StringBuilder(s.length() + 16).append("CAST(E'");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'' || ch == '\\') out.append(ch);
            out.append(ch);
        }
        return out.append("' AS varchar)").toString();
    }
}
