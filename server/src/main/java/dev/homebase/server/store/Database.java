package dev.homebase.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.sqlite.SqliteDialect;
import dev.homebase.server.store.sqlite.SqliteFunctions;
import dev.homebase.server.store.sqlite.SqliteSynchronous;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An open database: a connection pool, its dialect, and transactions over it.
 *
 * <p>Opened from the URL forms {@code ./homebase serve --db} accepts: {@code sqlite:PATH},
 * {@code jdbc:sqlite:PATH}, {@code postgresql://...}, {@code postgres://...} and
 * {@code jdbc:postgresql://...}. Opening applies the system schema migrations. Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** A unit of work inside a transaction that returns a value. */
    @FunctionalInterface
    public interface TxFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A unit of work inside a transaction. */
    @FunctionalInterface
    public interface TxConsumer {
        void accept(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** SQLite has one writer at a time; taking the lock here avoids SQLITE_BUSY under load. */
    private final ReentrantLock writeLock;

    private Database(HikariDataSource dataSource, Dialect dialect, boolean singleWriter) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = singleWriter ? new ReentrantLock() : null;
    }

    /**
     * Opens the database at {@code url} and migrates it, with SQLite's log synced as
     * {@code HOMEBASE_SQLITE_SYNCHRONOUS} says ({@link SqliteSynchronous}).
     *
     * @throws IllegalArgumentException for a URL of an unknown form
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(String url) {
        return open(url, SqliteSynchronous.fromEnvironment());
    }

    /**
     * Opens the database at {@code url} and migrates it; a SQLite database syncs its log as
     * {@code synchronous} says (ignored for PostgreSQL).
     *
     * @throws IllegalArgumentException for a URL of an unknown form
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(String url, SqliteSynchronous synchronous) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("homebase");
        Database db;
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            String path = url.startsWith("sqlite:") ? url.substring("sqlite:".length()) : url.substring("jdbc:sqlite:".length());
            createParent(path);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", synchronous.pragma()); // HOMEBASE_SQLITE_SYNCHRONOUS
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // Every pooled connection gets the Java SQL functions (hb_regex) the query renderer uses.
            config.setDataSource(SqliteFunctions.dataSource("jdbc:sqlite:" + path, config.getDataSourceProperties()));
            config.setMaximumPoolSize(8);
            db = new Database(new HikariDataSource(config), new SqliteDialect(), true);
        } else if (url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql://")) {
            String jdbc = url.startsWith("jdbc:") ? url : "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
            config.setJdbcUrl(jdbc);
            config.setMaximumPoolSize(16);
            db = new Database(new HikariDataSource(config), new PostgresDialect(), false);
        } else {
            throw new IllegalArgumentException("Unsupported database URL (use sqlite:PATH or postgresql://...): " + url);
        }
        try {
            Flyway.configure().dataSource(db.dataSource).locations(db.dialect.migrations())
                    .table("homebase_schema_history").load().migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new StoreException("Cannot migrate the database: " + e.getMessage(), e);
        }
        return db;
    }

    private static void createParent(String path) {
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("Cannot create the data folder " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The dialect of this database. */
    public Dialect dialect() {
        return dialect;
    }

    /** The pooled data source (for tests and migrations). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one read-only transaction and returns its value. */
    public <T> T read(TxFunction<T> work) {
        return run(work, false);
    }

    /** Runs {@code work} in one write transaction and returns its value; rolls back on any exception. */
    public <T> T inTx(TxFunction<T> work) {
        return run(work, true);
    }

    /** Runs {@code work} in one write transaction; rolls back on any exception. */
    public void useTx(TxConsumer work) {
        run(c -> { work.accept(c); return null; }, true);
    }

    private <T> T run(TxFunction<T> work, boolean write) {
        if (write && writeLock != null) writeLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw BadInputFailures.translate(e); // a QueryException (400) when the input was at fault
        } finally {
            if (write && writeLock != null) writeLock.unlock();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
