package dev.homebase.server.store;

import java.util.List;

/**
 * What differs between the SQL databases Homebase runs on. Every dialect difference lives behind
 * this interface and its two implementations.
 */
public interface Dialect {

    /** A short name: {@code sqlite} or {@code postgres}. */
    String name();

    /** Renders filters and sorts for this dialect. */
    QueryRenderer queries();

    /** The SQL expression that turns a bound JSON text parameter into this dialect's JSON column value. */
    String jsonParam();

    /** A bound text parameter whose type the database must know without context. */
    String textParam();

    /** A bound boolean parameter whose type the database must know without context. */
    String boolParam();

    /** The SQL value of a boolean literal. */
    String bool(boolean value);

    /**
     * Whether the statements of a read run inside one transaction. SQLite: yes, its read transaction keeps one
     * snapshot for all of them. PostgreSQL: no; under READ COMMITTED each statement takes its own snapshot even
     * inside a transaction, so a read's BEGIN and COMMIT would only add round trips.
     */
    default boolean readsInTransaction() {
        return true;
    }

    /**
     * Whether a write that changes the database with one statement runs that statement on its own, outside BEGIN and
     * COMMIT ({@link Database#inSingleStatement}). PostgreSQL: yes, a statement outside a transaction is one, all or
     * nothing, and its commit is as durable; it saves the COMMIT round trip. SQLite: no, its writes keep the write lock
     * and transaction of {@link Database#inTx}.
     */
    default boolean singleWritesAlone() {
        return false;
    }

    /**
     * The SQL expression of the JSON object {@code column} with the top-level fields of a bound JSON object parameter
     * set on it (replaced or added, a null value kept as null), or null when the dialect has no such expression.
     */
    default String mergeJson(String column) {
        return null;
    }

    /** The clause that locks selected rows for the rest of the transaction (with a leading space), or empty. */
    String forUpdate();

    /**
     * Serialises writers on {@code key} until the transaction ends (upserts by a key of the app's
     * own, which has no unique index). SQLite already has one writer at a time.
     */
    void lockKey(java.sql.Connection connection, String key) throws java.sql.SQLException;

    /**
     * A parenthesised subquery presenting the {@code users} table in the shape of the
     * {@code records} table (columns {@code app_id, entity, env, id, data, created_date,
     * updated_date, created_by, created_by_id, is_sample}), so the query compiler filters and
     * sorts users unchanged: {@code data} holds the custom fields with the built-in ones
     * ({@code email, full_name, role, is_verified, is_service, disabled, app_id}) laid over them.
     * The raw user columns follow as {@code u_email, u_full_name, u_role, u_password_hash,
     * u_is_verified, u_disabled, u_data, u_token_version}.
     */
    String usersAsRecords();

    /**
     * Whether a schema-declared index is limited to its app and entity by a partial-index
     * predicate ({@code WHERE app_id = '..' AND entity = '..'}) rather than by leading
     * {@code app_id, entity} columns. SQLite cannot use a partial index inside the branches of an
     * OR (which every equality filter renders, for the array branch), so it leads with the columns.
     */
    boolean partialScopedIndexes();

    /**
     * The statement creating planner statistics named {@code name} on the {@code records} table for
     * {@code expressions} (index expressions over the unaliased table, such as
     * {@code (data -> 'status')}), or null when the database derives none this way. Used for the
     * data fields of declared indexes (see {@link SchemaIndexes}).
     */
    default String createStatistics(String name, List<String> expressions) {
        return null;
    }

    /** The statement dropping the statistics {@link #createStatistics} created under {@code name}. */
    default String dropStatistics(String name) {
        throw new UnsupportedOperationException("no statistics objects on " + name());
    }

    /**
     * Whether pages use the scalar forms of {@link dev.homebase.server.query.ScalarFields} and the slot columns (counts
     * always do), so a compound declared index leads with its fields' slots. Both databases: PostgreSQL plans each
     * branch of the gated statement on its own with the gate as a one-time filter; SQLite runs the gate first
     * ({@link #gatesApart}) and then the branch it picks.
     */
    default boolean scalarPages() {
        return true;
    }

    /**
     * Whether a gated read (a page, a cursor page or a count with the scalar forms, see
     * {@link dev.homebase.server.query.QueryCompiler.Gated}) runs its array probe as a statement of its own, in the
     * caller's transaction (so with the same snapshot), and then only the branch the probe picks, rather than one
     * statement holding both branches and the gate. SQLite: yes. Its reads are transactions, and it prepares every
     * statement anew, which for the two-branch statement (the general branch's JSON forms, matched against every
     * expression index of {@code records}) took 0.5-1 ms, more than running it (0.25 ms), against 0.05-0.15 ms for
     * the scalar branch and 0.01-0.04 ms for the probe; and it does not hoist a gate out of the row loop, so a branch
     * whose gate is false still walked every record of the entity. PostgreSQL plans the gate as a one-time filter,
     * and keeps the plans of the one statement.
     */
    default boolean gatesApart() {
        return false;
    }

    /**
     * Whether a slotted single field keeps its JSON expression's filter index beside its slot index: where the general
     * forms (deletes, aggregates, distinct values, a gate's other branch) compare the JSON rather than the slots (see
     * {@link dev.homebase.server.query.QueryDialect#slottedGeneralForms}). SQLite: yes, it cannot use the partial
     * {@code s_arrays} index inside an OR, so its general forms keep the JSON expressions.
     */
    default boolean jsonFilterIndexes() {
        return false;
    }

    /**
     * The statement to send for a read of records by filter (pages, counts, distinct values), whose
     * plan the database should keep: PostgreSQL writes the parameters its plan depends on
     * ({@link SqlFragment.Fixed}: scope, LIMIT, OFFSET) in as literals and keeps the filter's values bound (see
     * {@link dev.homebase.server.store.postgres.PostgresLiterals}); SQLite, whose planning is cheap, keeps them all.
     */
    default SqlFragment reusable(SqlFragment query) {
        return query;
    }

    /**
     * The FROM item of the probe "a record of the scope holds an array in a slotted field" ({@code r.s_arrays}), which
     * the small partial index {@code records_slot_arrays} answers with one lookup. SQLite names the index: without
     * planner statistics it searched the primary key instead, reading every record of the entity (17 ms for 100k).
     */
    default String slotArraysFrom() {
        return "records r";
    }

    /** This database's mirror of the slot assignments ({@code record_slots}); one per database. */
    RecordSlots slots();

    /**
     * The slot value of the top-level field {@code field} of the JSON column {@code data}: for a
     * text slot the string, for a number slot ({@code numeric}) the number, else NULL. Field names
     * passed {@link dev.homebase.server.query.FieldPath}. See {@link RecordSlots}.
     */
    String slotValue(String data, String field, boolean numeric);

    /** Whether one of the top-level {@code fields} of the JSON column {@code data} is a non-empty array (never NULL). */
    String slotArrays(String data, List<String> fields);

    /** The null-safe "differs" operator, with spaces: {@code IS DISTINCT FROM} (SQLite: {@code IS NOT}). */
    default String distinctFrom() {
        return " IS DISTINCT FROM ";
    }

    /** A JSON number as the parameter a number slot is written and compared with. */
    default Object slotNumber(com.fasterxml.jackson.databind.JsonNode number) {
        return number.decimalValue();
    }

    /** The statement that refreshes the planner's statistics after indexes were created. */
    String analyze();

    /** The classpath folder of this dialect's Flyway migrations. */
    String migrations();
}
