package dev.homebase.server.store;

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

    /** The clause that locks selected rows for the rest of the transaction (with a leading space), or empty. */
    String forUpdate();

    /**
     * Serialises writers on {@code key} until the transaction ends (upserts by a key of the app's
     * own, which has no unique index). SQLite already has one writer at a time.
     */
    void lockKey(java.sql.Connection connection, String key) throws java.sql.SQLException;

    /**
     * Whether a schema-declared index is limited to its app and entity by a partial-index
     * predicate ({@code WHERE app_id = '..' AND entity = '..'}) rather than by leading
     * {@code app_id, entity} columns. SQLite cannot use a partial index inside the branches of an
     * OR (which every equality filter renders, for the array branch), so it leads with the columns.
     */
    boolean partialScopedIndexes();

    /** The classpath folder of this dialect's Flyway migrations. */
    String migrations();
}
