/**
 * Databases: connection pools, transactions, migrations, and the SQL for records. The only package where SQLite and PostgreSQL differ ({@code sqlite/} and {@code postgres/}), including which of their errors are the caller's fault (a 400, {@code BadInputFailures}) and how SQLite syncs to disk ({@code HOMEBASE_SQLITE_SYNCHRONOUS}).
 */
package dev.homebase.server.store;
