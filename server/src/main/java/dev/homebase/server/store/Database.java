package dev.homebase.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.sqlite.SqliteDialect;
import dev.homebase.server.store.sqlite.SqliteFunctions;
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
 * <p>Opened from the URL forms {@code ./homebase serve --db} accepts ({@link DatabaseUrl}): {@code sqlite:PATH},
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
    private final String displayUrl;

    private Database(HikariDataSource dataSource, Dialect dialect, boolean singleWriter, String displayUrl) {
        this.dataSource = dataSource;
        this.displayUrl = displayUrl;
        this.dialect = dialect;
        this.writeLock = singleWriter ? new ReentrantLock() : null;
    }

    /**
     * Opens the database at {@code url} (any form {@link DatabaseUrl} reads) and migrates it.
     *
     * @throws BadDatabaseUrlException for a URL that cannot be used
     * @throws DatabaseOpenException when the database cannot be reached, refuses the sign-in, does not exist or
     *     cannot be written
     * @throws StoreException when the database cannot be migrated
     */
    public static Database open(String url) {
        return open(DatabaseUrl.parse(url));
    }

    /** Like {@link #open(String)} with a parsed URL. */
    public static Database open(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("homebase");
        Database db;
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            String path = url.jdbcUrl().substring("jdbc:sqlite:".length());
            createParent(path);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // Every pooled connection gets the Java SQL functions (hb_regex) the query renderer uses.
            DataSource source = SqliteFunctions.dataSource(url.jdbcUrl(), config.getDataSourceProperties());
            DatabaseProbe.sqlite(source, path);
            config.setDataSource(source);
            config.setMaximumPoolSize(8);
            db = new Database(new HikariDataSource(config), new SqliteDialect(), true, url.display());
        } else {
            // One plain connection first: its failure says what is wrong (no pool start trace, no password).
            DatabaseProbe.postgres(url);
            config.setJdbcUrl(url.jdbcUrl());
            config.setDataSourceProperties(url.properties());
            config.setMaximumPoolSize(16);
            db = new Database(new HikariDataSource(config), new PostgresDialect(), false, url.display());
        }
        try {
            Flyway.configure().dataSource(db.dataSource).locations(db.dialect.migrations())
                    .table("homebase_schema_history").load().migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new StoreException("Cannot migrate the database " + url.display() + ": "
                    + DatabaseUrl.redact(String.valueOf(e.getMessage())), e);
        }
        return db;
    }

    private static void createParent(String path) {
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new DatabaseOpenException(DatabaseOpenException.Reason.NOT_WRITABLE, "cannot create the folder " + parent
                    + " for the SQLite database (" + DatabaseProbe.why(e) + "); make it writable or choose another with --data / HOMEBASE_DATA or --db sqlite:PATH", e);
        }
    }

    /** The database in use as it may be shown (logs, metrics): never the password. */
    public String displayUrl() {
        return displayUrl;
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
        long started = System.nanoTime();
        boolean ok = false;
        if (write && writeLock != null) writeLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                ok = true;
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        } finally {
            if (write && writeLock != null) writeLock.unlock();
            dev.homebase.server.ops.ServerMetrics.transaction(write, System.nanoTime() - started, ok);
        }
    }

    /** SQLite: write transactions waiting for the one writer now (for {@code GET /metrics}); PostgreSQL: 0. */
    public int writersWaiting() {
        return writeLock == null ? 0 : writeLock.getQueueLength();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
