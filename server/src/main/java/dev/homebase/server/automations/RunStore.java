package dev.homebase.server.automations;

import dev.homebase.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The automation tables ({@code automation_schedules}, {@code automation_runs}; see the V9 migration)
 * and their claims. Every claim is a compare-and-set UPDATE whose WHERE holds the condition it claims
 * on: on PostgreSQL a second node's UPDATE of the same row waits for the first to commit, re-reads the
 * row and no longer matches, so exactly one node's UPDATE counts one row; SQLite has one writer at a
 * time. The same SQL on both databases. Thread-safe.
 */
final class RunStore {
    static final String PENDING = "pending";
    static final String DONE = "done";
    static final String FAILED = "failed";

    /** What the tables know of a scheduled automation. */
    record ScheduleState(long sinceMs, Long lastSlotMs, int fired) {
        /** The newest instant (ms) whose tick has been seen to: a tick must be after it to be due. */
        long seenTo() {
            return lastSlotMs == null ? sinceMs : Math.max(sinceMs, lastSlotMs);
        }
    }

    /** One claimed run. */
    record Run(long id, String appId, String function, String automation, String kind, Long slotMs, String dataEnv, String payload,
               int attempts) {}

    private final Database db;

    RunStore(Database db) {
        this.db = db;
    }

    /** The automation's schedule state, created (seen from {@code nowMs} on) when this is its first sight by any node. */
    ScheduleState schedule(Automation a, long nowMs) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO automation_schedules"
                    + " (app_id, function_name, automation_name, since_ms, fired) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")) {
                key(ps, a);
                ps.setLong(4, nowMs);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT since_ms, last_slot_ms, fired FROM automation_schedules"
                    + " WHERE app_id = ? AND function_name = ? AND automation_name = ?")) {
                key(ps, a);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long last = rs.getLong(2);
                    return new ScheduleState(rs.getLong(1), rs.wasNull() ? null : last, rs.getInt(3));
                }
            }
        });
    }

    /**
     * Claims the tick at {@code slotMs} for this node and enqueues its run, in one transaction: true
     * when this node got it, false when the tick (or a later one) was claimed already, or the
     * automation already ran {@code maxTicks} times (0: no limit).
     */
    boolean claimTick(Automation a, long slotMs, int maxTicks, long nowMs) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE automation_schedules SET last_slot_ms = ?, fired = fired + 1"
                    + " WHERE app_id = ? AND function_name = ? AND automation_name = ?"
                    + " AND since_ms < ? AND (last_slot_ms IS NULL OR last_slot_ms < ?) AND (? = 0 OR fired < ?)")) {
                ps.setLong(1, slotMs);
                ps.setString(2, a.appId());
                ps.setString(3, a.function());
                ps.setString(4, a.name());
                ps.setLong(5, slotMs);
                ps.setLong(6, slotMs);
                ps.setInt(7, maxTicks);
                ps.setInt(8, maxTicks);
                if (ps.executeUpdate() != 1) return false;
            }
            insert(c, a, "scheduled", slotMs, "prod", null, nowMs);
            return true;
        });
    }

    /** Enqueues an entity event's run inside the writing transaction {@code c}. */
    void enqueue(Connection c, Automation a, String dataEnv, String payload, long nowMs) throws SQLException {
        insert(c, a, "entity", null, dataEnv, payload, nowMs);
    }

    private static void insert(Connection c, Automation a, String kind, Long slotMs, String env, String payload, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO automation_runs (app_id, function_name, automation_name, kind,"
                + " slot_ms, data_env, payload, status, attempts, due_ms, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            key(ps, a);
            ps.setString(4, kind);
            if (slotMs == null) ps.setNull(5, Types.BIGINT);
            else ps.setLong(5, slotMs);
            ps.setString(6, env);
            ps.setString(7, payload);
            ps.setString(8, PENDING);
            ps.setLong(9, nowMs);
            ps.setLong(10, nowMs);
            ps.executeUpdate();
        }
    }

    /** Ids of up to {@code limit} runs due at {@code nowMs} that no node holds, oldest due first. */
    List<Long> due(long nowMs, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM automation_runs WHERE status = ? AND due_ms <= ?"
                    + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due_ms, id LIMIT ?")) {
                ps.setString(1, PENDING);
                ps.setLong(2, nowMs);
                ps.setLong(3, nowMs);
                ps.setInt(4, limit);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
                return ids;
            }
        });
    }

    /** Claims run {@code id} for {@code node} until {@code untilMs} and counts the attempt; empty when another node has it. */
    Optional<Run> claim(long id, String node, long nowMs, long untilMs) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE automation_runs SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1"
                    + " WHERE id = ? AND status = ? AND due_ms <= ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
                ps.setString(1, node);
                ps.setLong(2, untilMs);
                ps.setLong(3, id);
                ps.setString(4, PENDING);
                ps.setLong(5, nowMs);
                ps.setLong(6, nowMs);
                if (ps.executeUpdate() != 1) return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, app_id, function_name, automation_name, kind, slot_ms, data_env,"
                    + " payload, attempts FROM automation_runs WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long slot = rs.getLong(6);
                    Long slotMs = rs.wasNull() ? null : slot;
                    return Optional.of(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), slotMs,
                            rs.getString(7), rs.getString(8), rs.getInt(9)));
                }
            }
        });
    }

    /** The run ended: {@code done} or {@code failed} for good. */
    void finish(Run run, String node, String status, String error, long nowMs) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE automation_runs SET status = ?, last_error = ?, finished_ms = ?,"
                    + " claimed_until = NULL WHERE id = ? AND claimed_by = ?")) {
                ps.setString(1, status);
                ps.setString(2, error);
                ps.setLong(3, nowMs);
                ps.setLong(4, run.id());
                ps.setString(5, node);
                ps.executeUpdate();
            }
        });
    }

    /** The attempt failed: due again at {@code dueMs}, by any node. */
    void retryAt(Run run, String node, String error, long dueMs) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE automation_runs SET last_error = ?, due_ms = ?, claimed_until = NULL"
                    + " WHERE id = ? AND claimed_by = ?")) {
                ps.setString(1, error);
                ps.setLong(2, dueMs);
                ps.setLong(3, run.id());
                ps.setString(4, node);
                ps.executeUpdate();
            }
        });
    }

    /** Deletes the runs that finished before {@code beforeMs}; returns how many. */
    int purge(long beforeMs) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM automation_runs WHERE status <> ? AND finished_ms < ?")) {
                ps.setString(1, PENDING);
                ps.setLong(2, beforeMs);
                return ps.executeUpdate();
            }
        });
    }

    private static void key(PreparedStatement ps, Automation a) throws SQLException {
        ps.setString(1, a.appId());
        ps.setString(2, a.function());
        ps.setString(3, a.name());
    }
}
