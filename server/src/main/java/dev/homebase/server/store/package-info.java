/**
 * Databases: connection pools, transactions, migrations, and the SQL for records. The only package where SQLite and PostgreSQL differ ({@code sqlite/} and {@code postgres/}), including which of their errors are the caller's fault (a 400, {@code BadInputFailures}) and how SQLite syncs to disk ({@code HOMEBASE_SQLITE_SYNCHRONOUS}).
 *
 * <p>{@link dev.homebase.server.store.DatabaseUrl} reads the URL forms of {@code --db} (libpq's {@code postgresql://} URIs,
 * {@code jdbc:} URLs, {@code sqlite:} paths) and gives the form that may be printed; opening a database that cannot be
 * used throws {@link dev.homebase.server.store.DatabaseOpenException} with a reason the command line turns into an exit code.
 *
 * <p>Every transaction of {@link dev.homebase.server.store.Database} runs under the
 * {@link dev.homebase.server.store.QueryLimits}: statements stopped past the time limit
 * ({@link dev.homebase.server.store.StatementLimits}, one implementation per dialect) end in a
 * {@link dev.homebase.server.store.QueryTimeoutException}, a connection not free in time in a
 * {@link dev.homebase.server.store.StoreBusyException}, and one caller holds at most a share of the pool
 * ({@link dev.homebase.server.store.PoolShares}).
 *
 * <p>Log tables (function output, app logs) are written off the request path by a
 * {@link dev.homebase.server.store.BatchWriter} (bounded queue, one thread, batches, scheduled purge) and kept
 * small by {@link dev.homebase.server.store.LogRetention} (maximum age, newest rows per app).
 *
 * <p>Between nodes: {@link dev.homebase.server.store.EventBus} (LISTEN/NOTIFY on PostgreSQL, in-process on SQLite),
 * shared by several kinds of message through {@link dev.homebase.server.store.EventTopics}. A write sends its
 * notification inside its own transaction ({@code EventBus.publish(Connection, String)}); work that must wait for the
 * commit registers with {@link dev.homebase.server.store.Database#afterCommit}. Records a caller sees whole are written
 * to the answer from the stored JSON text ({@code WireJson}), without JSON trees.
 *
 * <p>Declared indexes ({@link dev.homebase.server.store.SchemaIndexes}) and the typed slot columns of records
 * ({@link dev.homebase.server.store.RecordSlots}: up to four text and four number fields per entity copied into plain
 * columns by every write, so filtered counts are index-only scans) are kept in step with the schemas by one sync.
 * {@link dev.homebase.server.store.SlotCoherence} keeps every node on the assignment the table holds (a change is
 * announced on the event bus; the others reload it) and has records written with an old one set right in the
 * background ({@link dev.homebase.server.store.SlotRepair}), after a change and at every start.
 */
package dev.homebase.server.store;
