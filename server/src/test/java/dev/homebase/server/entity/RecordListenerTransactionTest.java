package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A record write tells its listener inside its own transaction (what the listener writes there commits or rolls back
 * with the record) and runs what the listener returned only after the commit, when the record is visible to others.
 */
class RecordListenerTransactionTest {
    private static final String SCHEMA = "{ \"name\": \"Memo\", \"properties\": { \"title\": { \"type\": \"string\" } } }";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theListenerIsPartOfTheWriteTransaction(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse(SCHEMA), "memo.jsonc");
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            db.useTx(c -> c.createStatement().execute("CREATE TABLE outbox (what VARCHAR(200))"));
            List<String> afterCommit = new CopyOnWriteArrayList<>();
            boolean[] refuse = {false};
            RecordListener listener = new RecordListener() {
                @Override
                public void changed(EntityScope scope, String type, ObjectNode record) {
                    throw new AssertionError("told after the commit only through what inTransaction returned");
                }

                @Override
                public Runnable inTransaction(Connection c, EntityScope scope, String type, ObjectNode record) throws SQLException {
                    if (refuse[0]) throw new SQLException("the notification cannot be sent");
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (what) VALUES (?)")) {
                        ps.setString(1, type + " " + record.get("title").asText());
                        ps.executeUpdate();
                    }
                    String id = record.get("id").asText();
                    // Runs after the commit: another connection sees the record by then.
                    return () -> afterCommit.add(type + " " + id + " visible=" + visible(db, id));
                }
            };
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()), listener);
            EntityContext ctx = new EntityContext(schema, new EntityScope("app", "Memo", "prod"), new Principal.Service(),
                    new RecordValidator(false), AccessRules.of(schema));

            ObjectNode created = service.create(ctx, (ObjectNode) Json.parse("{\"title\":\"one\"}"));
            String id = created.get("id").asText();
            assertEquals(List.of("create " + id + " visible=true"), afterCommit);
            assertEquals(List.of("create one"), outbox(db));

            // The listener fails inside the transaction: the write rolls back, nothing runs after.
            refuse[0] = true;
            assertThrows(RuntimeException.class, () -> service.create(ctx, (ObjectNode) Json.parse("{\"title\":\"two\"}")));
            assertEquals(1, service.count(ctx, null));
            assertEquals(List.of("create one"), outbox(db));
            assertEquals(1, afterCommit.size());

            refuse[0] = false;
            service.update(ctx, id, (ObjectNode) Json.parse("{\"title\":\"uno\"}"));
            assertEquals(List.of("create one", "update uno"), outbox(db));
            assertTrue(afterCommit.get(1).startsWith("update " + id), afterCommit.toString());
        }
    }

    private static boolean visible(Database db, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM records WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        });
    }

    private static List<String> outbox(Database db) {
        return db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT what FROM outbox ORDER BY what")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }
}
