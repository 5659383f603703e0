package dev.homebase.server.store.sqlite;

import dev.homebase.server.store.CompilingQueryRenderer;
import dev.homebase.server.store.Dialect;
import dev.homebase.server.store.QueryRenderer;

/** SQLite: JSON stored as text and read with the JSON1 functions. */
public final class SqliteDialect implements Dialect {
    private static final String USERS = "(SELECT u.app_id, 'User' AS entity, 'prod' AS env, u.id, "
            + "json_set(u.data, '$.email', u.email, '$.full_name', u.full_name, '$.role', u.role, "
            + "'$.is_verified', json(CASE WHEN u.is_verified THEN 'true' ELSE 'false' END), '$.is_service', json('false'), "
            + "'$.disabled', json(CASE WHEN u.disabled IS NULL THEN 'null' WHEN u.disabled THEN 'true' ELSE 'false' END), "
            + "'$.app_id', u.app_id) AS data, u.created_date, u.updated_date, NULL AS created_by, NULL AS created_by_id, 0 AS is_sample, "
            + "u.email AS u_email, u.full_name AS u_full_name, u.role AS u_role, u.password_hash AS u_password_hash, "
            + "u.is_verified AS u_is_verified, u.disabled AS u_disabled, u.data AS u_data, u.token_version AS u_token_version "
            + "FROM users u)";
    private final QueryRenderer queries = new CompilingQueryRenderer(new SqliteQueryDialect());

    @Override public String name() { return "sqlite"; }
    @Override public QueryRenderer queries() { return queries; }
    @Override public String jsonParam() { return "json(?)"; }
    @Override public String textParam() { return "?"; }
    @Override public String boolParam() { return "?"; }
    @Override public String bool(boolean value) { return value ? "1" : "0"; }
    @Override public String forUpdate() { return ""; }
    @Override public void lockKey(java.sql.Connection connection, String key) {
        // The database-wide write lock in Database already serialises writers.
    }
    @Override public String usersAsRecords() { return USERS; }
    @Override public boolean partialScopedIndexes() { return false; }
    @Override public String migrations() { return "classpath:db/migration/sqlite"; }

    /**
     * {@code PRAGMA optimize} with 0x10000 (check every table) analyses the tables whose statistics
     * are missing or stale, with a row limit per index so it stays quick on big tables.
     */
    @Override public String analyze() { return "PRAGMA optimize=0x10002"; }

    private final dev.homebase.server.store.RecordSlots slots = new dev.homebase.server.store.RecordSlots();

    @Override public dev.homebase.server.store.RecordSlots slots() { return slots; }

    @Override public String slotValue(String data, String field, boolean numeric) {
        String path = "'$." + dev.homebase.server.query.FieldPath.check(field) + "'";
        return "CASE WHEN json_type(" + data + ", " + path + ")" + (numeric ? " IN ('integer', 'real')" : " = 'text'")
                + " THEN json_extract(" + data + ", " + path + ") END";
    }

    @Override public String distinctFrom() { return " IS NOT "; }

    @Override public String slotArraysFrom() { return "records r INDEXED BY records_slot_arrays"; }

    @Override public String slotArrays(String data, java.util.List<String> fields) {
        if (fields.isEmpty()) return "0";
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String field : fields) {
            String path = "'$." + dev.homebase.server.query.FieldPath.check(field) + "'";
            parts.add("COALESCE(json_type(" + data + ", " + path + ") = 'array' AND json_array_length(" + data + ", " + path + ") > 0, 0)");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    /** What {@code json_extract} gives for the number: a 64-bit integer, else a double. */
    @Override public Object slotNumber(com.fasterxml.jackson.databind.JsonNode number) {
        return number.isIntegralNumber() && number.canConvertToLong() ? (Object) number.longValue() : (Object) number.doubleValue();
    }

    @Override public boolean jsonFilterIndexes() { return true; }

    @Override public boolean gatesApart() { return true; }
}
