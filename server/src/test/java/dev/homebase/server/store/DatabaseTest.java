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
}
