package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void migratesAndRollsBackFailedTransactions(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            String insert = "INSERT INTO records (app_id, entity, id, data, created_date, updated_date) VALUES (?, ?, ?, "
                    + db.dialect().jsonParam() + ", ?, ?)";
            assertThrows(StoreException.class, () -> db.useTx(c -> {
                try (var ps = c.prepareStatement(insert)) {
                    ps.setString(1, "a"); ps.setString(2, "T"); ps.setString(3, "1"); ps.setString(4, "{}");
                    ps.setString(5, "2025-01-01T00:00:00.000000"); ps.setString(6, "2025-01-01T00:00:00.000000");
                    ps.executeUpdate();
                }
                throw new SQLException("boom");
            }));
            long count = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(0, count);
        }
    }

    /**
     * A write of one statement ({@link Database#inSingleStatement}): on PostgreSQL outside BEGIN and COMMIT (auto-commit),
     * on SQLite in a transaction; either way the statement is all or nothing, visible to others once it returns, and
     * commit hooks run after it.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSingleStatementWriteIsItsOwnTransaction(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            String insert = "INSERT INTO records (app_id, entity, id, data, created_date, updated_date) VALUES (?, 'T', ?, "
                    + db.dialect().jsonParam() + ", 'x', 'x'), (?, 'T', ?, " + db.dialect().jsonParam() + ", 'x', 'x')";
            java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            boolean alone = db.inSingleStatement(c -> {
                try (var ps = c.prepareStatement(insert)) {
                    ps.setString(1, "a"); ps.setString(2, "1"); ps.setString(3, "{}");
                    ps.setString(4, "a"); ps.setString(5, "2"); ps.setString(6, "{}");
                    ps.executeUpdate();
                }
                db.afterCommit(c, () -> told.add("committed, rows seen by others: " + count(db)));
                return c.getAutoCommit();
            });
            assertEquals(kind == TestDatabases.Kind.POSTGRES, alone, "without BEGIN and COMMIT on PostgreSQL only");
            assertEquals(java.util.List.of("committed, rows seen by others: 2"), told);
            // The second row's id is taken: the statement fails as a whole, its first row is not written either.
            assertThrows(RuntimeException.class, () -> db.inSingleStatement(c -> {
                try (var ps = c.prepareStatement(insert)) {
                    ps.setString(1, "a"); ps.setString(2, "3"); ps.setString(3, "{}");
                    ps.setString(4, "a"); ps.setString(5, "1"); ps.setString(6, "{}");
                    return ps.executeUpdate();
                }
            }));
            assertEquals(2, count(db));
            // The connection goes back to the pool as it came: the next transaction is one again.
            assertEquals(false, db.inTx(c -> c.getAutoCommit()));
        }
    }

    private static long count(Database db) {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
