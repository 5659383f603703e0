package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets right the slot columns of the records of one entity that a write filled with another assignment than the one
 * {@code record_slots} holds (see {@link RecordSlots}), without holding up serving: one read without the statement
 * limit or SQLite's write lock finds the stale records ({@link RecordSlots#stale}; it writes nothing when every record
 * is right), then short write transactions rewrite them {@link #BATCH} at a time. Each batch reads the assignment
 * before and after its update and rolls back if it changed meanwhile (a schema change committed in between: its own
 * refill and repairs follow). Stateless.
 */
final class SlotRepair {
    /** Records rewritten per write transaction. */
    static final int BATCH = 500;
    /** Stale records remembered per search; more are found by the next one. */
    static final int MAX_FOUND = 100_000;

    private SlotRepair() {}

    /** The assignment changed between a batch's two reads of it. */
    private static final class AssignmentChanged extends RuntimeException {
        AssignmentChanged() {
            super(null, null, false, false);
        }
    }

    /** Repairs the records of one entity (all environments); returns how many it rewrote. */
    static int run(Database db, String appId, String entity) {
        Dialect dialect = db.dialect();
        int fixed = 0;
        while (true) {
            Map<String, List<String>> found = db.inMaintenanceRead(c -> find(dialect, c, appId, entity));
            int count = found.values().stream().mapToInt(List::size).sum();
            if (count == 0) return fixed;
            try {
                for (Map.Entry<String, List<String>> e : found.entrySet()) {
                    List<String> ids = e.getValue();
                    for (int from = 0; from < ids.size(); from += BATCH) {
                        List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                        fixed += db.inTx(c -> rewrite(dialect, c, appId, entity, e.getKey(), batch));
                    }
                }
            } catch (AssignmentChanged changed) {
                return fixed;
            }
            if (count < MAX_FOUND) return fixed;
        }
    }

    /** The ids of the stale records by environment (at most {@link #MAX_FOUND}). */
    private static Map<String, List<String>> find(Dialect dialect, Connection c, String appId, String entity) throws SQLException {
        RecordSlots.Assignment assignment = RecordSlots.readEntity(c, appId, entity);
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT env, id FROM records WHERE app_id = ? AND entity = ? AND "
                + RecordSlots.stale(dialect, assignment) + " LIMIT " + MAX_FOUND)) {
            ps.setString(1, appId);
            ps.setString(2, entity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /** Rewrites those of {@code ids} that are still stale under the assignment the table holds now. */
    private static int rewrite(Dialect dialect, Connection c, String appId, String entity, String env, List<String> ids)
            throws SQLException {
        RecordSlots.Assignment assignment = RecordSlots.readEntity(c, appId, entity);
        int n;
        try (PreparedStatement ps = c.prepareStatement("UPDATE records SET " + RecordSlots.refillSet(dialect, assignment, "data")
                + " WHERE app_id = ? AND entity = ? AND env = ? AND id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") AND " + RecordSlots.stale(dialect, assignment))) {
            ps.setString(1, appId);
            ps.setString(2, entity);
            ps.setString(3, env);
            for (int i = 0; i < ids.size(); i++) ps.setString(4 + i, ids.get(i));
            n = ps.executeUpdate();
        }
        // PostgreSQL: a refill that committed while this update waited for its rows leaves them to be re-checked with
        // the assignment read above, which is no longer the table's; the second read sees that commit.
        if (!RecordSlots.readEntity(c, appId, entity).equals(assignment)) throw new AssignmentChanged();
        return n;
    }
}
