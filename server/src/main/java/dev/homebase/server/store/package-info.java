/**
 * Databases: connection pools, transactions, migrations, and the SQL for records. The only package where SQLite and PostgreSQL differ ({@code sqlite/} and {@code postgres/}).
 *
 * <p>{@link dev.homebase.server.store.DatabaseUrl} reads the URL forms of {@code --db} (libpq's {@code postgresql://} URIs,
 * {@code jdbc:} URLs, {@code sqlite:} paths) and gives the form that may be printed; opening a database that cannot be
 * used throws {@link dev.homebase.server.store.DatabaseOpenException} with a reason the command line turns into an exit code.
 */
package dev.homebase.server.store;
