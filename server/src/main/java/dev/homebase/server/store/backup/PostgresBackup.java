package dev.homebase.server.store.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The PostgreSQL backup file: gzip'd JSON lines. Line 1 is the header {@code {"format": "homebase-backup", "version":
 * 1, "dialect": "postgres", "schema_version", "taken_at", "tables", "indexes": [{"name", "definition"}]}}; then one
 * line per row, {@code {"t": TABLE, "r": ROW}} with the row as {@code row_to_json} writes it (JSONB as JSON, bytea as
 * {@code \x} hex, times as ISO text); the last line is {@code {"end": true, "rows": N}}, so a cut file is refused.
 * Rows are streamed (a cursor with a fetch size), never a table in memory.
 */
final class PostgresBackup {
    static final String FORMAT = "homebase-backup";
    static final int VERSION = 1;
    private static final int FETCH = 500;
    private static final int BATCH = 500;

    private PostgresBackup() {}

    /** One snapshot of every table: a {@code REPEATABLE READ READ ONLY} transaction. */
    static Backups.Summary write(Database db, Path out) throws IOException {
        try (Connection c = db.dataSource().getConnection();
             Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
                     StandardCharsets.UTF_8))) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            db.liftStatementLimit(c); // a whole table in one statement may rightly take long
            try {
                List<String> tables = Backups.tables(c); // the first query takes the snapshot
                ObjectNode header = Json.object();
                header.put("format", FORMAT).put("version", VERSION).put("dialect", "postgres")
                        .put("schema_version", schemaVersion(c)).put("taken_at", Instant.now().toString());
                tables.forEach(header.putArray("tables")::add);
                var indexes = header.putArray("indexes");
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) indexes.addObject().put("name", rs.getString(1)).put("definition", rs.getString(2));
                }
                w.write(Json.write(header));
                w.write('\n');
                long rows = 0;
                for (String table : tables) {
                    String quoted = quote(table);
                    try (Statement s = c.createStatement()) {
                        s.setFetchSize(FETCH);
                        try (ResultSet rs = s.executeQuery("SELECT row_to_json(t)::text FROM " + quoted + " t")) {
                            while (rs.next()) {
                                w.write("{\"t\":");
                                w.write(Json.write(table));
                                w.write(",\"r\":");
                                w.write(rs.getString(1));
                                w.write("}\n");
                                rows++;
                            }
                        }
                    }
                }
                w.write("{\"end\":true,\"rows\":" + rows + "}\n");
                c.commit();
                return new Backups.Summary("postgres", tables.size(), rows, 0);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new BackupException("cannot back up the database " + db.displayUrl() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Puts the backup back in one transaction: all rows, identity sequences moved past them, the indexes. */
    static Backups.Summary restore(Path file, Database db, boolean force) {
        if (!force) Backups.requireEmpty(db, "--force");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8))) {
            JsonNode header = parse(in.readLine(), file);
            if (!FORMAT.equals(header.path("format").asText()) || header.path("version").asInt() != VERSION) {
                throw new BackupException(file + " is not a Homebase backup (version " + VERSION + ")");
            }
            return db.inTx(c -> {
                String ours = schemaVersion(c);
                String theirs = header.path("schema_version").asText();
                if (!ours.equals(theirs)) {
                    throw new BackupException("the backup " + file + " has schema version " + theirs + " and the database " + ours
                            + "; restore it with the Homebase release that took it");
                }
                List<String> tables = Backups.tables(c);
                if (force) {
                    try (Statement s = c.createStatement()) {
                        for (String t : tables) s.execute("TRUNCATE " + quote(t));
                    }
                }
                long rows = 0;
                Set<String> known = new HashSet<>(tables);
                java.util.Map<String, PreparedStatement> inserts = new java.util.HashMap<>();
                java.util.Map<String, Integer> pending = new java.util.HashMap<>();
                try {
                    String line;
                    boolean ended = false;
                    while ((line = in.readLine()) != null) {
                        JsonNode row = parse(line, file);
                        if (row.path("end").asBoolean()) {
                            if (row.path("rows").asLong() != rows) throw new BackupException(file + " is damaged: its row count does not match");
                            ended = true;
                            break;
                        }
                        String table = row.path("t").asText();
                        if (!known.contains(table)) throw new BackupException(file + " has rows of table " + table + ", which this database does not have");
                        PreparedStatement insert = inserts.get(table);
                        if (insert == null) {
                            insert = c.prepareStatement("INSERT INTO " + quote(table) + " OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::"
                                    + quote(table) + ", ?::json)");
                            inserts.put(table, insert);
                        }
                        insert.setString(1, Json.write(row.get("r")));
                        insert.addBatch();
                        if (pending.merge(table, 1, Integer::sum) >= BATCH) {
                            insert.executeBatch();
                            pending.put(table, 0);
                        }
                        rows++;
                    }
                    if (!ended) throw new BackupException(file + " is cut short (no end line): it was not written completely");
                    for (PreparedStatement s : inserts.values()) s.executeBatch();
                } catch (IOException e) {
                    throw new BackupException("cannot read the backup " + file + " (" + e.getMessage() + ")", e);
                } finally {
                    for (PreparedStatement s : inserts.values()) s.close();
                }
                moveSequences(c, tables);
                createIndexes(c, header.path("indexes"));
                return new Backups.Summary("postgres", tables.size(), rows, 0);
            });
        } catch (IOException e) {
            throw new BackupException("cannot read the backup " + file + " (" + e.getMessage() + "); is it a Homebase backup?", e);
        }
    }

    /** Identity and serial columns continue after the restored ids. */
    private static void moveSequences(Connection c, List<String> tables) throws SQLException {
        try (PreparedStatement cols = c.prepareStatement("SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name)"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL");
             ResultSet rs = cols.executeQuery()) {
            List<String[]> found = new ArrayList<>();
            while (rs.next()) found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            for (String[] f : found) {
                if (!tables.contains(f[0])) continue;
                try (PreparedStatement s = c.prepareStatement("SELECT setval(?, COALESCE((SELECT max(" + quote(f[1]) + ") FROM " + quote(f[0])
                        + "), 0) + 1, false)")) {
                    s.setString(1, f[2]);
                    s.execute();
                }
            }
        }
    }

    /** The indexes of the backup that the migrated database lacks (those made for schema "indexes" declarations). */
    private static void createIndexes(Connection c, JsonNode indexes) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (rs.next()) present.add(rs.getString(1));
        }
        for (JsonNode index : indexes) {
            if (present.contains(index.path("name").asText())) continue;
            String definition = index.path("definition").asText();
            if (!definition.startsWith("CREATE INDEX ") && !definition.startsWith("CREATE UNIQUE INDEX ")) {
                throw new BackupException("the backup has an index that is not a CREATE INDEX statement: " + index.path("name").asText());
            }
            try (Statement s = c.createStatement()) {
                s.execute(definition);
            }
        }
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + Backups.SCHEMA_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "0";
        }
    }

    private static JsonNode parse(String line, Path file) {
        if (line == null) throw new BackupException(file + " is empty");
        try {
            return Json.parse(line);
        } catch (IOException | RuntimeException e) {
            throw new BackupException(file + " is not a Homebase backup (a line is not JSON)");
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
