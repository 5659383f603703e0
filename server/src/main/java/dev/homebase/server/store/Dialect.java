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

    /** The SQL value of a boolean literal. */
    String bool(boolean value);

    /** The clause that locks selected rows for the rest of the transaction (with a leading space), or empty. */
    String forUpdate();

    /** The classpath folder of this dialect's Flyway migrations. */
    String migrations();
}
