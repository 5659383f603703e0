package dev.homebase.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.homebase.server.ops.ServerMetrics;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.postgres.PostgresStatementLimits;
import dev.homebase.server.store.sqlite.SqliteDialect;
import dev.homebase.server.store.sqlite.SqliteFunctions;
import dev.homebase.server.store.sqlite.SqliteStatementLimits;
import dev.homebase.server.store.sqlite.SqliteSynchronous;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;

/**
 * An open database: a connection pool, its dialect, and transactions over it.
 *
 * <p>Opened from the URL forms {@code ./homebase serve --db} accepts ({@link DatabaseUrl}): {@code sqlite:PATH},
 * {@code jdbc:sqlite:PATH}, {@code postgresql://...}, {@code postgres://...} and
 * {@code jdbc:postgresql://...}. Opening applies the system schema migrations. Thread-safe.
 *
 * <p>Time limits ({@link QueryLimits}): every statement of a transaction run here is stopped past
 * the statement limit ({@link QueryTimeoutException}; {@code SET LOCAL statement_timeout} on
 * PostgreSQL, a progress handler on SQLite), and a transaction that cannot get a connection (or
 * SQLite's writer) within the wait limit gives up ({@link StoreBusyException}). Closing cancels
 * the statements still running, so no database backend outlives the server.
 */
public final class Database implements AutoCloseable {
    /** Connections in a node's SQLite pool (fixed; PostgreSQL's is {@link QueryLimits#postgresPoolSize()}). */
    public static final int SQLITE_POOL_SIZE = 8;

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
    /** SQLite has one writer at a time: write transactions go to its one thread, which commits them in groups. */
    private final GroupCommit writer;
    private final String displayUrl;
    private final StatementLimits statementLimits;
    private final QueryLimits limits;
    /** The connections of the transactions running now, cancelled on {@link #close}. */
    private final Set<Connection> running = ConcurrentHashMap.newKeySet();
    /**
     * SQLite only: platform threads that run the transactions of virtual threads. NB: the SQLite
     * driver works in native code, which pins a virtual thread to its carrier; a few slow queries
     * would pin every carrier (one per core) and stall all other requests, database or not.
     */
    private final ExecutorService nativeWork;
    private final PoolShares shares;
    /** Work to run once the transaction of a connection (as its work saw it) commits; see {@link #afterCommit}. */
    private final Map<Connection, List<Runnable>> commitHooks = new ConcurrentHashMap<>();

    private Database(HikariDataSource dataSource, Dialect dialect, boolean singleWriter, String displayUrl,
                     StatementLimits statementLimits, QueryLimits limits) {
        this.dataSource = dataSource;
        this.displayUrl = displayUrl;
        this.dialect = dialect;
        this.statementLimits = statementLimits;
        this.limits = limits;
        this.writer = singleWriter ? new GroupCommit(new GroupCommit.Transactions() {
            @Override public Connection open() throws SQLException { return openForWrite(); }
            @Override public void release(Connection c, boolean broken) {
                if (broken) dataSource.evictConnection(c);
                releaseConnection(c);
            }
            @Override public Object apply(Connection c, TxFunction<?> work, boolean limited, List<Runnable> hooks)
                    throws SQLException {
                return Database.this.apply(c, work, limited, hooks);
            }
            @Override public RuntimeException failure(Exception e) { return Database.this.failure(e); }
        }) : null;
        this.nativeWork = singleWriter ? Executors.newFixedThreadPool(dataSource.getMaximumPoolSize(),
                Thread.ofPlatform().name("homebase-sqlite-", 0).daemon().factory()) : null;
        this.shares = new PoolShares(dataSource.getMaximumPoolSize());
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
        return open(DatabaseUrl.parse(url), QueryLimits.defaults(), SqliteSynchronous.fromEnvironment());
    }

    /** Like {@link #open(String)} with a parsed URL. */
    public static Database open(DatabaseUrl url) {
        return open(url, QueryLimits.defaults(), SqliteSynchronous.fromEnvironment());
    }

    /** Like {@link #open(String)} with the given time limits. */
    public static Database open(String url, QueryLimits limits) {
        return open(DatabaseUrl.parse(url), limits, SqliteSynchronous.fromEnvironment());
    }

    /** Like {@link #open(String)}, a SQLite database syncing its log as {@code synchronous} says. */
    public static Database open(String url, SqliteSynchronous synchronous) {
        return open(DatabaseUrl.parse(url), QueryLimits.defaults(), synchronous);
    }

    /**
     * Opens the database at {@code url} with the given time limits and migrates it; a SQLite database
     * syncs its log as {@code synchronous} says ({@code HOMEBASE_SQLITE_SYNCHRONOUS}; ignored for PostgreSQL).
     *
     * @throws DatabaseOpenException when the database cannot be reached, refuses the sign-in, does not exist or
     *     cannot be written
     * @throws StoreException when the database cannot be migrated
     */
    public static Database open(DatabaseUrl url, QueryLimits limits, SqliteSynchronous synchronous) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("homebase");
        // Hikari's default is 30 s; a request should hear "busy" (503) well before a client gives up.
        config.setConnectionTimeout(Math.max(250, limits.connectionWait().toMillis()));
        Database db;
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            String path = url.jdbcUrl().substring("jdbc:sqlite:".length());
            createParent(path);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", synchronous.pragma()); // HOMEBASE_SQLITE_SYNCHRONOUS
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // Every pooled connection gets the Java SQL functions (hb_regex) the query renderer uses.
            DataSource source = SqliteFunctions.dataSource(url.jdbcUrl(), config.getDataSourceProperties());
            DatabaseProbe.sqlite(source, path);
            config.setDataSource(source);
            config.setMaximumPoolSize(SQLITE_POOL_SIZE);
            db = new Database(new HikariDataSource(config), new SqliteDialect(), true, url.display(),
                    new SqliteStatementLimits(), limits);
        } else {
            // One plain connection first: its failure says what is wrong (no pool start trace, no password).
            DatabaseProbe.postgres(url);
            PostgresDialect dialect = new PostgresDialect();
            // Migrated before the pool opens, on connections of their own: the pool's carry the statement limit.
            migrate(DatabaseProbe.postgresDataSource(url), dialect, url, null);
            PostgresStatementLimits statementLimits = new PostgresStatementLimits(limits.statementTimeout().toMillis());
            config.setJdbcUrl(url.jdbcUrl());
            config.setDataSourceProperties(url.properties());
            config.setConnectionInitSql(statementLimits.connectionInitSql());
            config.setMaximumPoolSize(limits.postgresPoolSize()); // HOMEBASE_DB_POOL_SIZE
            return new Database(new HikariDataSource(config), dialect, false, url.display(), statementLimits, limits);
        }
        migrate(db.dataSource, db.dialect, url, db);
        return db;
    }

    /** Applies the system schema migrations through {@code source}; on failure closes {@code opened} (if any). */
    private static void migrate(DataSource source, Dialect dialect, DatabaseUrl url, Database opened) {
        try {
            Flyway.configure().dataSource(source).locations(dialect.migrations())
                    .table("homebase_schema_history").load().migrate();
            try (java.sql.Connection c = source.getConnection()) {
                dialect.slots().load(c); // the slot assignments writers fill (see RecordSlots)
            }
        } catch (RuntimeException | java.sql.SQLException e) {
            if (opened != null) opened.close();
            throw new StoreException("Cannot migrate the database " + url.display() + ": "
                    + DatabaseUrl.redact(String.valueOf(e.getMessage())), e);
        }
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

    /**
     * Runs {@code work}, which only reads, and returns its value: in one transaction, or where the dialect's
     * transactions add nothing to reads ({@link Dialect#readsInTransaction}) each statement on its own.
     */
    public <T> T read(TxFunction<T> work) {
        return run(work, false);
    }

    /** Runs {@code work} in one write transaction and returns its value; rolls back on any exception. */
    public <T> T inTx(TxFunction<T> work) {
        return run(work, true);
    }

    /**
     * Runs {@code work}, a write whose only change is one statement after which it runs no other, and returns its value:
     * where the dialect's transactions add nothing to it ({@link Dialect#singleWritesAlone}) without BEGIN and COMMIT,
     * the one statement being its own transaction (all or nothing by itself, durable when it returns); otherwise as
     * {@link #inTx}. Statements before it may only read (each then sees its own snapshot). Commit hooks
     * ({@link #afterCommit}) run as after {@link #inTx}.
     */
    public <T> T inSingleStatement(TxFunction<T> work) {
        if (!dialect.singleWritesAlone()) return inTx(work);
        long started = System.nanoTime();
        boolean ok = false;
        try (PoolShares.Held share = shares.take(limits.connectionWait().toMillis())) {
            List<Runnable> committed = new ArrayList<>(0);
            T result = runInTx(work, true, false, committed);
            if (!committed.isEmpty()) runHooks(committed);
            ok = true;
            return result;
        } finally {
            ServerMetrics.transaction(true, System.nanoTime() - started, ok);
        }
    }

    /** Runs {@code work} in one write transaction; rolls back on any exception. */
    public void useTx(TxConsumer work) {
        run(c -> { work.accept(c); return null; }, true);
    }

    /**
     * Runs {@code work} in one write transaction without the statement time limit, for startup and
     * maintenance work that may rightly take long (building indexes); rolls back on any exception.
     */
    public <T> T inMaintenanceTx(TxFunction<T> work) {
        return run(work, true, false);
    }

    /**
     * Runs {@code work}, which only reads, without the statement time limit and without SQLite's write lock: for
     * background maintenance that scans much (a slot repair's search, see {@link SlotRepair}) while serving goes on.
     */
    public <T> T inMaintenanceRead(TxFunction<T> work) {
        return run(work, false, false);
    }

    /**
     * Runs {@code action} on this thread once the transaction that {@code c} belongs to (the connection its work was
     * given) committed and its connection went back to the pool; never when it rolls back. For what must not happen
     * before the change is visible, such as dropping a cached copy of a row it changed. An action that throws is
     * logged and does not undo the commit.
     */
    public void afterCommit(Connection c, Runnable action) {
        commitHooks.computeIfAbsent(c, k -> new ArrayList<>(2)).add(action);
    }

    /**
     * Lifts the statement time limit for the rest of the transaction on {@code c}, a connection taken from
     * {@link #dataSource()} with auto-commit off: for work outside {@link #inTx} that may rightly take long
     * (backups, exports). The pool's connections carry the limit otherwise.
     */
    public void liftStatementLimit(Connection c) throws SQLException {
        statementLimits.lift(c);
    }

    /** The time limits of this database's transactions. */
    public QueryLimits limits() {
        return limits;
    }

    private <T> T run(TxFunction<T> work, boolean write) {
        return run(work, write, true);
    }

    /**
     * @throws QueryTimeoutException when a statement ran past the limit (rolled back)
     * @throws StoreBusyException when no connection (or SQLite's writer) became free in time (nothing ran)
     */
    private <T> T run(TxFunction<T> work, boolean write, boolean limited) {
        long started = System.nanoTime();
        boolean ok = false;
        try (PoolShares.Held share = shares.take(limits.connectionWait().toMillis())) {
            T result = runOnThread(work, write, limited);
            ok = true;
            return result;
        } finally {
            ServerMetrics.transaction(write, System.nanoTime() - started, ok);
        }
    }

    private <T> T runOnThread(TxFunction<T> work, boolean write, boolean limited) {
        if (write && writer != null && !writer.onWriter()) {
            List<Runnable> committed = new ArrayList<>(0);
            T result = writer.run(work, limited, limits.connectionWait().toMillis(), committed);
            if (!committed.isEmpty()) runHooks(committed);
            return result;
        }
        if (nativeWork == null || !Thread.currentThread().isVirtual()) return runHere(work, write, limited);
        Future<T> task;
        try {
            task = nativeWork.submit(() -> runHere(work, write, limited));
        } catch (RejectedExecutionException e) {
            throw new StoreException("The database is closed", e);
        }
        // Still queued after the wait: give up as a full pool would. Already running: it ends within the statement limit.
        return awaitResult(task, limits.connectionWait().toMillis(), interrupted -> task.cancel(interrupted));
    }

    /**
     * The value of {@code task}, waiting at most {@code waitMillis} for it to start: past that, {@code abandon} (given
     * whether the caller was interrupted) says whether it was given up before it started ({@link StoreBusyException})
     * or is running or done (then its value, however long it takes: it ends within the statement limit).
     */
    static <T> T awaitResult(Future<T> task, long waitMillis, java.util.function.Predicate<Boolean> abandon) {
        try {
            try {
                return task.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (abandon.test(false)) throw new StoreBusyException(e);
                return task.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new StoreException("Database error: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon.test(true);
            throw new StoreException("Interrupted while waiting for the database", e);
        }
    }

    private <T> T runHere(TxFunction<T> work, boolean write, boolean limited) {
        List<Runnable> committed = new ArrayList<>(0);
        T result = runInTx(work, limited, write || !limited || dialect.readsInTransaction(), committed);
        // After the connection is given back: an action may wait a little.
        if (!committed.isEmpty()) runHooks(committed);
        return result;
    }

    /**
     * Runs {@code work} on a pooled connection: in one transaction with {@code transaction}, otherwise each statement its
     * own (reads, and single-statement writes, where the dialect allows: no BEGIN and COMMIT round trips).
     */
    private <T> T runInTx(TxFunction<T> work, boolean limited, boolean transaction, List<Runnable> committed) {
        try (Connection c = dataSource.getConnection()) {
            running.add(c);
            try {
                if (transaction) c.setAutoCommit(false);
                List<Runnable> hooks = new ArrayList<>(0);
                T result;
                try {
                    result = apply(c, work, limited, hooks);
                } catch (SQLException | RuntimeException e) {
                    if (transaction) c.rollback();
                    throw e;
                }
                if (transaction) c.commit(); // when it throws, nothing committed and the hooks are dropped
                committed.addAll(hooks);
                return result;
            } finally {
                running.remove(c);
            }
        } catch (SQLException | RuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * One transaction's work on {@code c}, under the statement limit when {@code limited}; the after-commit actions it
     * registered go to {@code hooks} (dropped when it throws).
     */
    @SuppressWarnings("unchecked")
    private <T> T apply(Connection c, TxFunction<?> work, boolean limited, List<Runnable> hooks) throws SQLException {
        Connection limitedConnection = c;
        try {
            if (limited) limitedConnection = statementLimits.begin(c, limits.statementTimeout().toMillis());
            else statementLimits.lift(c);
            try {
                T result = (T) work.apply(limitedConnection);
                List<Runnable> registered = commitHooks.isEmpty() ? null : commitHooks.remove(limitedConnection);
                if (registered != null) hooks.addAll(registered);
                return result;
            } finally {
                // Lifted before commit and rollback, which must never be interrupted.
                if (limited) statementLimits.end(c);
            }
        } catch (SQLException | RuntimeException e) {
            if (!commitHooks.isEmpty()) commitHooks.remove(limitedConnection);
            throw e;
        }
    }

    /** The exception a caller gets for {@code e}, thrown by a transaction's work, its connection or its commit. */
    private RuntimeException failure(Exception e) {
        if (e instanceof SQLTransientConnectionException) return new StoreBusyException(e);
        if (e instanceof SQLException s) {
            if (statementLimits.stopped(s)) return new QueryTimeoutException(s);
            return BadInputFailures.translate(s); // a QueryException (400) when the input was at fault
        }
        // Work that wraps an SQLException (a listener, a stream) still reports a stopped statement as such.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s && statementLimits.stopped(s)) return new QueryTimeoutException(e);
        }
        return (RuntimeException) e;
    }

    /** SQLite's writer: a pooled connection with auto-commit off, cancelled on close while it is out. */
    private Connection openForWrite() throws SQLException {
        Connection c = dataSource.getConnection();
        running.add(c);
        try {
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            releaseConnection(c);
            throw e;
        }
    }

    private void releaseConnection(Connection c) {
        running.remove(c);
        try {
            c.close();
        } catch (SQLException e) {
            LoggerFactory.getLogger(Database.class).warn("Could not return a connection to the pool: {}", e.getMessage());
        }
    }

    private static void runHooks(List<Runnable> hooks) {
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Database.class).warn("An after-commit action failed", e);
            }
        }
    }

    /** SQLite: write transactions waiting for the one writer now (for {@code GET /metrics}); PostgreSQL: 0. */
    public int writersWaiting() {
        return writer == null ? 0 : writer.waiting();
    }

    /** Cancels the statements still running, then closes the pool: no database backend outlives the server. */
    @Override
    public void close() {
        for (Connection c : running) statementLimits.cancel(c);
        if (writer != null) writer.close();
        if (nativeWork != null) nativeWork.shutdownNow();
        dataSource.close();
    }
}
