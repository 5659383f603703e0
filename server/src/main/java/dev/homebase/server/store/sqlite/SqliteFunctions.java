package dev.homebase.server.store.sqlite;

import dev.homebase.server.query.RegexSyntax;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
 * when {@code value} is NULL. A match that runs longer than {@value #REGEX_BUDGET_MILLIS} ms fails
 * the statement, so a catastrophic pattern cannot pin a core. Thread-safe.
 */
public final class SqliteFunctions {

    /** The SQL name of the regular-expression function. */
    static final String REGEX = "hb_regex";

    private static final long REGEX_BUDGET_MILLIS = 1000;
    private static final int CACHE_LIMIT = 256;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

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

    private static Pattern pattern(String pattern, String options) {
        String key = options + "/" + pattern;
        Pattern compiled = PATTERNS.get(key);
        if (compiled == null) {
            if (PATTERNS.size() >= CACHE_LIMIT) PATTERNS.clear();
            compiled = Pattern.compile(pattern, RegexSyntax.javaFlags(options));
            PATTERNS.put(key, compiled);
        }
        return compiled;
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
                CharSequence input = new DeadlineCharSequence(value, System.nanoTime() + REGEX_BUDGET_MILLIS * 1_000_000);
                result(pattern(pattern, options == null ? "" : options).matcher(input).find() ? 1 : 0);
            } catch (RuntimeException e) {
                error("hb_regex: " + e.getMessage());
            }
        }
    }

    /** A string view that fails once a deadline has passed; the regex engine reads through it. */
    private static final class DeadlineCharSequence implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        DeadlineCharSequence(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("regular expression took too long");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
