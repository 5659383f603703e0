package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Sort;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * String comparison and sort use code-point order even when a column has a linguistic collation
 * (the test database itself uses C.UTF-8, which would hide a missing {@code COLLATE "C"}).
 */
@Tag("postgres")
class PostgresCollationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void codePointOrderUnderIcuCollation() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))) {
            String[] owners = {"Zed", "ann", "bob", "\u00c1nn", null};
            db.useTx(c -> {
                c.createStatement().execute("ALTER TABLE records ALTER COLUMN created_by TYPE TEXT COLLATE \"en-US-x-icu\"");
                for (int i = 0; i < owners.length; i++) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO records (app_id, entity, id, data, created_date,"
                            + " updated_date, created_by) VALUES ('a', 'T', ?, CAST(? AS jsonb), '2025', '2025', ?)")) {
                        ps.setString(1, "r" + i);
                        ps.setString(2, "{}");
                        ps.setString(3, owners[i]);
                        ps.executeUpdate();
                    }
                }
            });
            QueryRenderer renderer = db.dialect().queries();
            SqlFragment where = renderer.where(FilterParser.parse(JSON.readTree("{\"created_by\":{\"$gt\":\"a\"}}")));
            assertEquals(List.of("r1", "r2", "r3"), ids(db, where, renderer.orderBy(Sort.parse("id"))));
            assertEquals(List.of("r4", "r0", "r1", "r2", "r3"), ids(db, SqlFragment.TRUE, renderer.orderBy(Sort.parse("created_by"))));
            assertEquals(List.of("r3", "r2", "r1", "r0", "r4"), ids(db, SqlFragment.TRUE, renderer.orderBy(Sort.parse("-created_by"))));
        }
    }

    private static List<String> ids(Database db, SqlFragment where, SqlFragment order) {
        String sql = "SELECT r.id FROM records r WHERE " + where.sql() + " ORDER BY " + order.sql();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < where.params().size(); i++) ps.setObject(i + 1, where.params().get(i));
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }
}
