/**
 * SQLite: the embedded default (one file, WAL).
 */
package dev.homebase.server.store.sqlite;
