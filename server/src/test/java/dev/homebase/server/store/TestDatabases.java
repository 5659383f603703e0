package dev.homebase.server.store;

import dev.homebase.server.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests: a fresh SQLite file, or a fresh database in one embedded PostgreSQL
 * server that is started once per test JVM and stopped when it exits.
 */
public final class TestDatabases {

    /** The two store kinds every store test runs on. */
    public enum Kind { SQLITE, POSTGRES }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /**
     * A database URL in the form {@code ./homebase serve --db} accepts, naming an empty database.
     */
    public static String freshUrl(Kind kind) {
        return switch (kind) {
            case SQLITE -> "sqlite:" + freshSqliteFile();
            case POSTGRES -> freshPostgresUrl();
        };
    }

    /** In a folder of its own, deleted when the test JVM exits. */
    private static Path freshSqliteFile() {
        return TempDirs.create("homebase-test").resolve("homebase.db");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    private static String freshPostgresUrl() {
        EmbeddedPostgres pg = postgres();
        String name = "hb_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database", e);
        }
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=postgres&password=postgres";
    }
}
