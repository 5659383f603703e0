/**
 * Databases: connection pools, transactions, migrations, and the SQL for records. The only package where SQLite and PostgreSQL differ ({@code sqlite/} and {@code postgres/}).
 */
package dev.homebase.server.store;
