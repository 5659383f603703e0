package dev.homebase.server.store.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.internal.Sha256;
import dev.homebase.server.store.Database;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one app's data as an export file: a zip holding one JSON Lines file per table ({@link AppTables}; one row
 * per line, a JSON object by column name) and {@code manifest.json} ({@code format}, {@code version}, {@code app_id},
 * {@code source_dialect}, {@code schema_version}, {@code exported_at}, {@code with_logs} and per table its
 * {@code file}, {@code rows} and the {@code sha256} of the file's bytes). Every table is read in one snapshot (one
 * read transaction; {@code REPEATABLE READ} on PostgreSQL) while the server keeps running, row by row (a cursor with
 * a fetch size), so neither the database nor a table is ever held in memory.
 */
public final class AppExport {
    static final String FORMAT = "homebase-app-export";
    static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    private static final int FETCH = 500;

    private AppExport() {}

    /** What an export or an import moved, for the command's report. */
    public record Summary(String appId, long tables, long rows, long bytes) {}

    /**
     * Writes the data of {@code appId} in {@code db} to {@code out} (replaced only when complete).
     *
     * @throws BackupException when the store cannot be read or the file cannot be written
     */
    public static Summary export(Database db, String appId, boolean withLogs, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(target.getParent());
            long rows;
            int tables = 0;
            try (Connection c = db.dataSource().getConnection();
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                boolean postgres = !db.dialect().name().equals("sqlite");
                c.setAutoCommit(false); // SQLite: the first SELECT starts the read transaction, which sees one snapshot
                if (postgres) {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    c.setReadOnly(true);
                    db.liftStatementLimit(c); // a whole table in one statement may rightly take long
                }
                try {
                    ObjectNode manifest = Json.object();
                    manifest.put("format", FORMAT).put("version", VERSION).put("app_id", appId)
                            .put("source_dialect", postgres ? "postgres" : "sqlite")
                            .put("schema_version", AppTables.schemaVersion(c)) // the first query takes the snapshot
                            .put("exported_at", Instant.now().toString()).put("with_logs", withLogs);
                    ArrayNode list = manifest.putArray("tables");
                    rows = 0;
                    for (AppTables.Table table : AppTables.ALL) {
                        if (table.log() && !withLogs) continue;
                        zip.putNextEntry(new ZipEntry(table.file()));
                        MessageDigest sha = sha256();
                        long n = writeTable(c, table, appId, new Digesting(zip, sha));
                        zip.closeEntry();
                        list.addObject().put("name", table.name()).put("file", table.file()).put("rows", n)
                                .put("sha256", HexFormat.of().formatHex(sha.digest()));
                        rows += n;
                        tables++;
                    }
                    c.commit();
                    zip.putNextEntry(new ZipEntry(MANIFEST));
                    zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                    zip.closeEntry();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new BackupException("cannot export app " + appId + " from " + db.displayUrl() + " (" + e.getMessage() + ")", e);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(appId, tables, rows, Files.size(target));
        } catch (IOException e) {
            throw new BackupException("cannot write the export " + target + " (" + e.getMessage() + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static long writeTable(Connection c, AppTables.Table table, String appId, OutputStream out) throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) sql.append(i == 0 ? "" : ", ").append(table.columns().get(i).name());
        sql.append(" FROM ").append(table.name()).append(" WHERE app_id = ? ORDER BY ").append(table.orderBy());
        long n = 0;
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setFetchSize(FETCH);
            s.setString(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ObjectNode row = Json.object();
                    int i = 1;
                    for (AppTables.Column col : table.columns()) {
                        put(row, col, rs, i++);
                    }
                    out.write(Json.write(row).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    n++;
                }
            }
        }
        out.flush();
        return n;
    }

    private static void put(ObjectNode row, AppTables.Column col, ResultSet rs, int i) throws SQLException, IOException {
        String name = col.name();
        switch (col.kind()) {
            case TEXT -> row.put(name, rs.getString(i));
            case LONG -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) row.putNull(name); else row.put(name, v);
            }
            case BOOL -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) row.putNull(name); else row.put(name, v);
            }
            case JSON -> {
                String text = rs.getString(i);
                JsonNode value = text == null ? null : Json.parse(text);
                if (value == null) row.putNull(name); else row.set(name, value);
            }
        }
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** Passes bytes on to the zip entry and into the digest; closing it leaves the zip open. */
    private static final class Digesting extends FilterOutputStream {
        private final MessageDigest digest;

        Digesting(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
        }

        @Override
        public void close() {
            // the zip stream stays open for the next entry
        }
    }
}
