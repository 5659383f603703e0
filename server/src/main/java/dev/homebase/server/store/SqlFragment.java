package dev.homebase.server.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A piece of SQL text with its bound parameters, in order.
 *
 * <p>User values only ever travel in {@link #params()}; the text holds SQL keywords and identifiers
 * that passed an allow-list. Parameters are {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} or {@code null}.
 */
public record SqlFragment(String sql, List<Object> params) {

    /** The fragment that is always true. */
    public static final SqlFragment TRUE = of("1=1");

    public SqlFragment {
        params = Collections.unmodifiableList(new ArrayList<>(params)); // may hold nulls
    }

    /**
     * A parameter the statement's plan depends on (the scope a partial index is made for, a LIMIT): a reusable read
     * ({@link Dialect#reusable}) may write it into the statement's text, where its other parameters stay bound. Bound
     * as its value everywhere else.
     */
    public record Fixed(Object value) {}

    /** {@code value} as a {@link Fixed} parameter. */
    public static Fixed fixed(Object value) {
        return new Fixed(value);
    }

    /** A fragment with the given parameters. */
    public static SqlFragment of(String sql, Object... params) {
        return new SqlFragment(sql, Arrays.asList(params));
    }

    /**
     * Binds {@code params} to {@code ps} from position {@code start} on; returns the next free position.
     *
     * @throws IllegalArgumentException for a parameter of another type than the ones listed above
     */
    public static int bind(java.sql.PreparedStatement ps, int start, List<Object> params) throws java.sql.SQLException {
        int i = start;
        for (Object param : params) {
            Object p = param instanceof Fixed f ? f.value() : param;
            switch (p) {
                case null -> ps.setObject(i, null);
                case String s -> ps.setString(i, s);
                case Long l -> ps.setLong(i, l);
                case Integer n -> ps.setInt(i, n);
                case Double d -> ps.setDouble(i, d);
                case java.math.BigDecimal d -> ps.setBigDecimal(i, d);
                case Boolean b -> ps.setBoolean(i, b);
                default -> throw new IllegalArgumentException("unsupported SQL parameter type " + p.getClass());
            }
            i++;
        }
        return i;
    }

    /** This fragment followed by {@code other}, joined by {@code separator}. */
    public SqlFragment append(String separator, SqlFragment other) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(other.params);
        return new SqlFragment(sql + separator + other.sql, all);
    }
}
