package dev.homebase.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.ScalarFields;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The typed "slot" columns of {@code records} and which field of which entity each one holds.
 *
 * <p>Per entity, the scalar string and number fields of its declared indexes (in declaration
 * order, see {@link SchemaIndexes.Declared#slotFields}) get a slot each: strings the text columns
 * {@code s_t1..s_t4}, numbers the numeric ones {@code s_n1..s_n4}; fields beyond four of a kind,
 * and other types, get none. A text slot holds the field's value when it is a JSON string and
 * NULL otherwise, a number slot the value when it is a JSON number; {@code s_arrays} is true when
 * some slotted field holds a non-empty array. So for a string {@code v}, {@code s_t = v} holds
 * exactly where the JSON equality on a non-array value does (and likewise for number ranges), and
 * the query compiler compares the columns instead (see {@link ScalarFields#slot}), gated by the
 * one probe {@code r.s_arrays}.
 *
 * <p>The assignment is kept in the table {@code record_slots}; {@link SchemaIndexes#sync} changes
 * it and refills the entity's records in SQL ({@link Dialect#slotValue}), in the transaction that
 * rebuilds the indexes. Writers of single records fill the slots from the record's JSON
 * ({@link #values}), which is the same value. This object mirrors the table for one database (see
 * {@link Dialect#slots}); {@link SlotCoherence} keeps it in step with changes other nodes make, and sets right the
 * records written with an old mirror. Thread-safe.
 */
public final class RecordSlots {

    /** The kind of a slot: what JSON type it holds. */
    public enum Kind { TEXT, NUMBER }

    /** Slots per kind. */
    public static final int PER_KIND = 4;

    /** Every slot column (text, then number): a refill sets them all, NULL where unassigned. */
    public static final List<String> COLUMNS = List.of("s_t1", "s_t2", "s_t3", "s_t4", "s_n1", "s_n2", "s_n3", "s_n4");

    /** The field to column assignment of one entity, in column order; empty when it has none. */
    public record Assignment(Map<String, String> columns) {
        public static final Assignment NONE = new Assignment(Map.of());

        public Assignment {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }

        public boolean isEmpty() {
            return columns.isEmpty();
        }

        /** Whether {@code column} is a number slot. */
        public static boolean numeric(String column) {
            return column.startsWith("s_n");
        }
    }

    private volatile Map<String, Assignment> byEntity = Map.of();

    /** The assignment for {@code fields} (field name to kind, in declaration order): the first four of each kind. */
    public static Assignment assign(Map<String, Kind> fields) {
        Map<String, String> columns = new LinkedHashMap<>();
        int texts = 0;
        int numbers = 0;
        for (Map.Entry<String, Kind> e : fields.entrySet()) {
            if (e.getValue() == Kind.TEXT && texts < PER_KIND) columns.put(e.getKey(), "s_t" + (++texts));
            else if (e.getValue() == Kind.NUMBER && numbers < PER_KIND) columns.put(e.getKey(), "s_n" + (++numbers));
        }
        return sorted(columns);
    }

    /** The assignment of one entity of one app ({@link Assignment#NONE} if it has none). */
    public Assignment of(String appId, String entity) {
        return byEntity.getOrDefault(key(appId, entity), Assignment.NONE);
    }

    /** {@code scalars} plus the slotted fields of the scope's entity, with their columns. */
    public ScalarFields scalars(EntityScope scope, ScalarFields scalars) {
        Assignment a = of(scope.appId(), scope.entity());
        return a.isEmpty() ? scalars : scalars.withSlots(a.columns());
    }

    /**
     * Reads the whole table {@code record_slots} into this mirror. Synchronised with {@link #loadEntity}: each installs
     * what it read in the order they read, so a later read of the table always wins.
     */
    synchronized void load(Connection c) throws SQLException {
        Map<String, Map<String, String>> rows = read(c);
        Map<String, Assignment> next = new ConcurrentHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : rows.entrySet()) next.put(e.getKey(), sorted(e.getValue()));
        byEntity = next;
    }

    /**
     * Reads the whole table {@code record_slots} and installs it if it differs from this mirror, unless {@code busy}
     * says (under the same lock as {@link #load}) that a sync of this node is under way; returns the
     * {@code [appId, entity]} of every entity whose assignment differed (none when it installed nothing).
     */
    synchronized List<String[]> reloadIfDiffers(Connection c, java.util.function.BooleanSupplier busy) throws SQLException {
        if (busy.getAsBoolean()) return List.of();
        Map<String, Assignment> next = new ConcurrentHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : read(c).entrySet()) next.put(e.getKey(), sorted(e.getValue()));
        Map<String, Assignment> had = byEntity;
        if (next.equals(had)) return List.of();
        java.util.Set<String> keys = new java.util.TreeSet<>(next.keySet());
        keys.addAll(had.keySet());
        List<String[]> differed = new ArrayList<>();
        for (String key : keys) {
            if (Objects.equals(next.get(key), had.get(key))) continue;
            int cut = key.indexOf('\u0000');
            differed.add(new String[] {key.substring(0, cut), key.substring(cut + 1)});
        }
        byEntity = next;
        return differed;
    }

    /**
     * Reads the assignment of one entity from {@code record_slots} into this mirror (another node changed it, see
     * {@link SlotCoherence}); one small query.
     */
    synchronized void loadEntity(Connection c, String appId, String entity) throws SQLException {
        Assignment read = readEntity(c, appId, entity);
        Map<String, Assignment> next = new ConcurrentHashMap<>(byEntity);
        if (read.isEmpty()) next.remove(key(appId, entity));
        else next.put(key(appId, entity), read);
        byEntity = next;
    }

    /** The assignment of one entity as the table {@code record_slots} has it now. */
    static Assignment readEntity(Connection c, String appId, String entity) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT field, slot FROM record_slots WHERE app_id = ? AND entity = ?")) {
            ps.setString(1, appId);
            ps.setString(2, entity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.put(rs.getString(1), rs.getString(2));
            }
        }
        return sorted(columns);
    }

    /** The rows of {@code record_slots}: app and entity key to field to column. */
    static Map<String, Map<String, String>> read(Connection c) throws SQLException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT app_id, entity, field, slot FROM record_slots ORDER BY app_id, entity, slot");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) rows.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>()).put(rs.getString(3), rs.getString(4));
        }
        return rows;
    }

    private static Assignment sorted(Map<String, String> columns) {
        List<Map.Entry<String, String>> ordered = new ArrayList<>(columns.entrySet());
        ordered.sort(Map.Entry.comparingByValue());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ordered) out.put(e.getKey(), e.getValue());
        return new Assignment(out);
    }

    static String key(String appId, String entity) {
        return appId + "\u0000" + entity;
    }

    /**
     * The values of the assigned columns (in order) and then of {@code s_arrays} for a record
     * whose data is {@code data}: what {@link Dialect#slotValue} and {@link Dialect#slotArrays}
     * compute from the stored JSON.
     */
    public static List<Object> values(Dialect dialect, Assignment assignment, ObjectNode data) {
        List<Object> out = new ArrayList<>(assignment.columns().size() + 1);
        boolean arrays = false;
        for (Map.Entry<String, String> e : assignment.columns().entrySet()) {
            JsonNode value = data.get(e.getKey());
            out.add(value(dialect, e.getValue(), value));
            arrays |= nonEmptyArray(value);
        }
        out.add(arrays);
        return out;
    }

    /** The value of the slot {@code column} for the JSON value {@code value} (null when missing). */
    static Object value(Dialect dialect, String column, JsonNode value) {
        if (value == null) return null;
        if (Assignment.numeric(column)) return value.isNumber() ? dialect.slotNumber(value) : null;
        return value.isTextual() ? value.textValue() : null;
    }

    static boolean nonEmptyArray(JsonNode value) {
        return value != null && value.isArray() && !value.isEmpty();
    }

    /**
     * {@code SET} items that refill every slot column of a record from the data column
     * {@code data} for {@code assignment} (unassigned columns become NULL).
     */
    static String refillSet(Dialect dialect, Assignment assignment, String data) {
        List<String> items = new ArrayList<>();
        computed(dialect, assignment, data).forEach((column, value) -> items.add(column + " = " + value));
        return String.join(", ", items);
    }

    /**
     * Per slot column (and {@code s_arrays}), the SQL expression of its value computed from the data column {@code data}
     * for {@code assignment} ({@code NULL} for an unassigned column), in column order.
     */
    private static Map<String, String> computed(Dialect dialect, Assignment assignment, String data) {
        Map<String, String> fieldOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : assignment.columns().entrySet()) fieldOf.put(e.getValue(), e.getKey());
        Map<String, String> out = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            String field = fieldOf.get(column);
            out.put(column, field == null ? "NULL" : dialect.slotValue(data, field, Assignment.numeric(column)));
        }
        out.put("s_arrays", dialect.slotArrays(data, List.copyOf(assignment.columns().keySet())));
        return out;
    }

    /** Refills the slots of every record of one entity from its data (all environments). */
    static void refill(Dialect dialect, Connection c, String appId, String entity, Assignment assignment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE records SET " + refillSet(dialect, assignment, "data")
                + " WHERE app_id = ? AND entity = ?")) {
            ps.setString(1, appId);
            ps.setString(2, entity);
            ps.executeUpdate();
        }
    }

    /**
     * Rewrites the slots of the records of one entity whose slots differ from their data under {@code assignment}
     * (a write that used another assignment: on another node still running the old schema, or in flight while this
     * node changed it); returns how many. Reads every record of the entity, writes only the stale ones.
     */
    static int repair(Dialect dialect, Connection c, String appId, String entity, Assignment assignment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE records SET " + refillSet(dialect, assignment, "data")
                + " WHERE app_id = ? AND entity = ? AND " + stale(dialect, assignment))) {
            ps.setString(1, appId);
            ps.setString(2, entity);
            return ps.executeUpdate();
        }
    }

    /**
     * The parenthesised condition that holds for a record whose slots differ from what {@code assignment} computes
     * from its data (a record written with another assignment).
     */
    static String stale(Dialect dialect, Assignment assignment) {
        List<String> differs = new ArrayList<>();
        computed(dialect, assignment, "data").forEach((column, value) -> differs.add(column + dialect.distinctFrom() + value));
        return "(" + String.join(" OR ", differs) + ")";
    }

    /** Refills the slots of every record of {@code appId} whose entity has some (after an import). */
    public void refillApp(Dialect dialect, Connection c, String appId) throws SQLException {
        Map<String, Map<String, String>> rows = read(c);
        for (Map.Entry<String, Map<String, String>> e : rows.entrySet()) {
            int cut = e.getKey().indexOf('\u0000');
            if (!Objects.equals(e.getKey().substring(0, cut), appId)) continue;
            refill(dialect, c, appId, e.getKey().substring(cut + 1), sorted(e.getValue()));
        }
    }
}
