package dev.homebase.server.store.postgres;

import dev.homebase.server.store.SqlFragment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the parameters a read's plan depends on ({@link SqlFragment.Fixed}: the scope, LIMIT and OFFSET) into its text
 * as typed SQL literals, and leaves the others (the filter's values) bound, so PostgreSQL keeps one plan per shape of
 * filter whatever its values.
 *
 * <p>Why: every declared index is partial ({@code WHERE app_id = '..' AND entity = '..'}), and a plan made for an
 * unknown app or entity cannot use a partial index, nor estimate a {@code LIMIT}: so those are literals. The values a
 * filter compares stay parameters, because planning a gated page costs far more than running it (2 branches, a probe,
 * and a predicate proof for every partial index of the table: 4-7 ms against 0.2-0.3 ms of execution on the bench's
 * 200k records, ~14 ms once the table carries 180 more partial indexes of other entities), and with their values
 * written in each new value was a new statement, planned again (a user's e-mail in an owner rule, a customer id).
 * With parameters the driver prepares the statement on the server after a few executions on a connection, PostgreSQL
 * plans it for the first values it sees and then, when the plan it would make for any value costs no more, keeps one
 * generic plan (measured: 6-7 ms per execution for the first ones, then 0.3-0.4 ms, for other values too).
 *
 * <p>Each literal has the type the driver gives the bound value ({@code setString} is {@code varchar}, {@code setLong}
 * {@code int8}, ...), so the statement means what it meant with parameters. Strings are escape-string literals
 * ({@code E'...'}), which read the same whatever {@code standard_conforming_strings} says. A statement holding text
 * the scanner does not expect (an {@code E'} string, dollar quoting, a comment, a {@code ??} operator escape) or a
 * fixed string with a NUL character is returned unchanged (all bound), as is one whose placeholders do not match its
 * parameters.
 */
public final class PostgresLiterals {

    private PostgresLiterals() {}

    /** {@code query} with its {@link SqlFragment.Fixed} parameters written in as literals, or {@code query} itself. */
    public static SqlFragment inline(SqlFragment query) {
        return inline(query, false);
    }

    /** {@code query} with every parameter written in as a literal, or {@code query} itself. */
    public static SqlFragment inlineAll(SqlFragment query) {
        return inline(query, true);
    }

    private static SqlFragment inline(SqlFragment query, boolean all) {
        String sql = query.sql();
        List<Object> params = query.params();
        if (params.isEmpty()) return query;
        StringBuilder out = new StringBuilder(sql.length() + 16 * params.size());
        List<Object> bound = new ArrayList<>(params.size());
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
                    Object param = params.get(next++);
                    if (param instanceof SqlFragment.Fixed || all) {
                        String literal = literal(param instanceof SqlFragment.Fixed fixed ? fixed.value() : param);
                        if (literal == null) return query;
                        out.append(literal);
                    } else {
                        out.append('?');
                        bound.add(param);
                    }
                }
                default -> out.append(ch);
            }
        }
        if (next != params.size()) return query;
        return new SqlFragment(out.toString(), bound);
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
