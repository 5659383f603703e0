/**
 * Databases: connection pools, transactions, migrations, and the SQL for records. The only package where SQLite and PostgreSQL differ ({@code sqlite/} and {@code postgres/}).
 *
 * <p>Every transaction of {@link dev.homebase.server.store.Database} runs under the
 * {@link dev.homebase.server.store.QueryLimits}: statements stopped past the time limit
 * ({@link dev.homebase.server.store.StatementLimits}, one implementation per dialect) end in a
 * {@link dev.homebase.server.store.QueryTimeoutException}, a connection not free in time in a
 * {@link dev.homebase.server.store.StoreBusyException}, and one caller holds at most a share of the pool
 * ({@link dev.homebase.server.store.PoolShares}).
 */
package dev.homebase.server.store;
