package dev.homebase.server.store.sqlite;

import dev.homebase.server.query.RegexSyntax;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The Java functions Homebase adds to every SQLite connection.
 *
 * <p>{@code hb_regex(value, pattern, options)}: 1 when the Java regular expression
 * {@code pattern} (options a subset of {@code ims}) is found in {@code value}, 0 when not, NULL
 * when {@code value} is NULL. A match that runs over {@link RegexSyntax#find}'s budget or out of
 * stack fails the statement, so a catastrophic pattern cannot pin a core; {@link #failure} reads
 * the reason back so the caller gets a 400. Thread-safe.
 */
public final class SqliteFunctions {

    /** The SQL name of the regular-expression function. */
    static final String REGEX = "hb_regex";

    private SqliteFunctions() {}

    /** Registers the functions on {@code connection}, a SQLite connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, REGEX, new RegexFunction(), 3, Function.FLAG_DETERMINISTIC);
    }

    /**
     * A SQLite data source for {@code jdbcUrl} with the given connection properties (pragmas)
     * whose every new connection has the functions registered; hand it to the connection pool.
     */
    public static DataSource dataSource(String jdbcUrl, Properties properties) {
        SQLiteDataSource source = new SQLiteDataSource(new SQLiteConfig(properties)) {
            @Override
            public SQLiteConnection getConnection(String username, String password) throws SQLException {
                SQLiteConnection connection = super.getConnection(username, password);
                register(connection);
                return connection;
            }
        };
        source.setUrl(jdbcUrl);
        return source;
    }

    private static final class RegexFunction extends Function {
        @Override
        protected void xFunc() throws SQLException {
            String value = value_text(0);
            String pattern = value_text(1);
            String options = value_text(2);
            if (value == null || pattern == null) {
                result();
                return;
            }
            try {
                result(RegexSyntax.find(RegexSyntax.compile(pattern, options == null ? "" : options), value) ? 1 : 0);
            } catch (RuntimeException | StackOverflowError e) {
                error(PREFIX + (e instanceof StackOverflowError ? RegexSyntax.TOO_COMPLEX : e.getMessage()));
            }
        }
    }

    private static final String PREFIX = REGEX + ": ";

    /**
     * The message of {@code hb_regex} when it failed {@code e}'s statement (the match ran out of
     * time or stack: the caller's pattern is at fault), else empty.
     */
    public static Optional<String> failure(SQLException e) {
        String message = e.getMessage();
        int at = message == null ? -1 : message.indexOf(PREFIX);
        if (at < 0) return Optional.empty();
        String rest = message.substring(at + PREFIX.length());
        int end = rest.lastIndexOf(')'); // the driver wraps it: "[SQLITE_ERROR] SQL error or missing database (hb_regex: ...)"
        return Optional.of(end > 0 ? rest.substring(0, end) : rest);
    }
}
