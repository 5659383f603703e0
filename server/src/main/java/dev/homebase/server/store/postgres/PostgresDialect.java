package dev.homebase.server.store.postgres;

import dev.homebase.server.store.CompilingQueryRenderer;
import dev.homebase.server.store.Dialect;
import dev.homebase.server.store.QueryRenderer;

/** PostgreSQL: JSON stored as JSONB. */
public final class PostgresDialect implements Dialect {
    private static final String USERS = "(SELECT u.app_id, 'User' AS entity, 'prod' AS env, u.id, "
            + "u.data || jsonb_build_object('email', u.email, 'full_name', u.full_name, 'role', u.role, "
            + "'is_verified', u.is_verified, 'is_service', FALSE, 'disabled', u.disabled, 'app_id', u.app_id) AS data, u.created_date, u.updated_date, CAST(NULL AS text) AS created_by, CAST(NULL AS text) AS created_by_id, FALSE AS is_sample, "
            + "u.email AS u_email, u.full_name AS u_full_name, u.role AS u_role, u.password_hash AS u_password_hash, "
            + "u.is_verified AS u_is_verified, u.disabled AS u_disabled, u.data AS u_data, u.token_version AS u_token_version "
            + "FROM users u)";
    private final QueryRenderer queries = new CompilingQueryRenderer(new PostgresQueryDialect());

    @Override public String name() { return "postgres"; }
    @Override public QueryRenderer queries() { return queries; }
    @Override public String jsonParam() { return "CAST(? AS jsonb)"; }
    @Override public String textParam() { return "CAST(? AS text)"; }
    @Override public String boolParam() { return "CAST(? AS boolean)"; }
    @Override public String bool(boolean value) { return value ? "TRUE" : "FALSE"; }
    @Override public String forUpdate() { return " FOR UPDATE"; }
    @Override public boolean readsInTransaction() { return false; }
    @Override public boolean singleWritesAlone() { return true; }
    @Override public String mergeJson(String column) { return column + " || CAST(? AS jsonb)"; }
    @Override public void lockKey(java.sql.Connection connection, String key) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, key);
            ps.execute();
        }
    }
    @Override public String usersAsRecords() { return USERS; }
    @Override public boolean partialScopedIndexes() { return true; }
    @Override public String migrations() { return "classpath:db/migration/postgres"; }
    /**
     * A read repeated lately with the same values goes with all of them written in: PostgreSQL then keeps one plan made
     * for exactly those values (a statement without parameters). Any other goes with only its fixed parameters written
     * in, so that reads of the same shape share one statement whatever they compare (see {@link PostgresLiterals}).
     */
    @Override public dev.homebase.server.store.SqlFragment reusable(dev.homebase.server.store.SqlFragment query) {
        dev.homebase.server.store.SqlFragment all = PostgresLiterals.inlineAll(query);
        if (all.params().isEmpty() && all != query && repeated.seenOften(all.sql())) return all;
        return PostgresLiterals.inline(query);
    }

    /**
     * Expression statistics: PostgreSQL keeps none for the expressions of partial indexes (every
     * declared index is one), so without these it guesses the selectivity of {@code data -> 'f'}
     * conditions. One expression gets its own statistics (most common values, histogram); several
     * (a compound declaration) also get their dependencies and combined most common values.
     */
    @Override public String createStatistics(String name, java.util.List<String> expressions) {
        String kinds = expressions.size() > 1 ? " (ndistinct, dependencies, mcv)" : "";
        return "CREATE STATISTICS IF NOT EXISTS " + name + kinds + " ON " + String.join(", ", expressions) + " FROM records";
    }

    @Override public String dropStatistics(String name) { return "DROP STATISTICS IF EXISTS " + name; }

    private final dev.homebase.server.store.RecordSlots slots = new dev.homebase.server.store.RecordSlots();
    private final RepeatedTexts repeated = new RepeatedTexts();

    @Override public dev.homebase.server.store.RecordSlots slots() { return slots; }

    @Override public String slotValue(String data, String field, boolean numeric) {
        String value = "(" + data + " -> '" + dev.homebase.server.query.FieldPath.check(field) + "')";
        return numeric ? "CASE WHEN jsonb_typeof(" + value + ") = 'number' THEN CAST(" + value + " AS numeric) END"
                : "CASE WHEN jsonb_typeof(" + value + ") = 'string' THEN " + value + " #>> '{}' END";
    }

    /** Non-empty arrays: in JSONB order they sit between {@code true} and {@code {}} (an empty top-level array sorts first). */
    @Override public String slotArrays(String data, java.util.List<String> fields) {
        if (fields.isEmpty()) return "FALSE";
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String field : fields) {
            String value = "(" + data + " -> '" + dev.homebase.server.query.FieldPath.check(field) + "')";
            parts.add("COALESCE(" + value + " > 'true'::jsonb AND " + value + " < '{}'::jsonb, FALSE)");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    /** Samples the table (default statistics target: 30,000 rows), so it stays quick on big tables. */
    @Override public String analyze() { return "ANALYZE records"; }
}
