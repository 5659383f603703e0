/**
 * Online backups of the whole store, and restoring them into an empty database ({@code ./homebase backup} and
 * {@code ./homebase restore}).
 *
 * <p>SQLite: {@code VACUUM INTO} writes a consistent copy of the live database file (one read transaction, while the
 * server keeps writing through WAL); the backup is itself a SQLite database, openable with {@code sqlite3}.
 * PostgreSQL: every table is read in one {@code REPEATABLE READ READ ONLY} transaction (one snapshot) and written as
 * a gzip'd file of JSON lines ({@link PostgresBackup}: a header with the schema version and the indexes, then one
 * line per row as {@code row_to_json} gives it, then an end line with the row count), restored in one transaction
 * with {@code json_populate_record}. A backup restores into the same kind of store with the same schema version.
 *
 * <p>Moving one app between stores of either kind ({@code ./homebase export} and {@code ./homebase import}):
 * {@link AppExport} writes the app's rows of the tables in {@code AppTables} from one snapshot as a zip of JSON Lines
 * with a manifest (format version, source dialect, app id, counts, SHA-256 checksums); {@link AppImport} checks the
 * manifest and writes the rows in one transaction, verifying counts and checksums as it streams them.
 */
package dev.homebase.server.store.backup;
