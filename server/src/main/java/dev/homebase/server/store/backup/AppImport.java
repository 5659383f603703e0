package dev.homebase.server.store.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an export file of {@link AppExport} into a store of either kind, in one transaction: the manifest is checked
 * first (format, version, schema version), every table's rows are counted and checksummed as they are inserted, and
 * any mismatch rolls everything back. An app that already has data in the target is refused unless {@code replace},
 * which deletes its rows in the same transaction. Rows are streamed in batches, never a table in memory.
 */
public final class AppImport {
    private static final int BATCH = 500;

    private AppImport() {}

    /**
     * Imports {@code file} into {@code db}, as app {@code appId} (null: the app of the export).
     *
     * @throws BackupException for a file that is no export, a damaged or cut one, another version, or an app with data
     */
    public static AppExport.Summary importApp(Path file, Database db, String appId, boolean replace) {
        if (!Files.isRegularFile(file)) {
            if (Files.exists(file)) throw new BackupException(file + " is not a file");
            throw new BackupException("the export file " + file + " does not exist");
        }
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            JsonNode manifest = manifest(zip, file);
            String app = appId != null ? appId : manifest.path("app_id").asText();
            return db.inMaintenanceTx(c -> {
                int ours = AppTables.schemaVersion(c);
                int theirs = manifest.path("schema_version").asInt();
                if (theirs > ours) {
                    throw new BackupException(file + " was exported from a newer Homebase (schema version " + theirs + ", this one has "
                            + ours + "); import it with that release or a newer one");
                }
                if (replace) {
                    for (AppTables.Table t : AppTables.ALL) delete(c, t, app);
                } else {
                    requireNoData(c, app, db.displayUrl());
                }
                boolean postgres = !db.dialect().name().equals("sqlite");
                long rows = 0;
                Set<String> seen = new HashSet<>();
                for (JsonNode entry : manifest.path("tables")) {
                    AppTables.Table table = AppTables.named(entry.path("name").asText());
                    if (table == null || !seen.add(table.name())) {
                        throw new BackupException(file + " names a table this Homebase does not import: " + entry.path("name").asText());
                    }
                    rows += insert(c, zip, file, table, entry, app, postgres);
                }
                db.dialect().slots().refillApp(db.dialect(), c, app); // the export has no slot columns: fill them from the data
                return new AppExport.Summary(app, seen.size(), rows, 0);
            });
        } catch (ZipException e) {
            throw new BackupException(file + " is not a Homebase export or is damaged (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new BackupException("the export file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new BackupException("cannot read the export " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(AppExport.MANIFEST);
        if (entry == null) throw new BackupException(file + " is not a Homebase export (no " + AppExport.MANIFEST + ")");
        JsonNode manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BackupException(file + " is not a Homebase export (its manifest is not JSON)");
        }
        if (!AppExport.FORMAT.equals(manifest.path("format").asText())) {
            throw new BackupException(file + " is not a Homebase export (format " + manifest.path("format") + ")");
        }
        if (manifest.path("version").asInt() != AppExport.VERSION) {
            throw new BackupException(file + " is an export of format version " + manifest.path("version") + "; this Homebase reads version "
                    + AppExport.VERSION + " only");
        }
        if (manifest.path("app_id").asText().isEmpty() || !manifest.path("tables").isArray()) {
            throw new BackupException(file + " has a manifest without app_id or tables");
        }
        return manifest;
    }

    private static void requireNoData(Connection c, String app, String url) throws SQLException {
        for (AppTables.Table t : AppTables.ALL) {
            if (t.log()) continue;
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + t.name() + " WHERE app_id = ? LIMIT 1")) {
                s.setString(1, app);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        throw new BackupException("app " + app + " already has data in " + url + " (table " + t.name()
                                + "); add --replace to replace it with the export");
                    }
                }
            }
        }
    }

    private static void delete(Connection c, AppTables.Table t, String app) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + t.name() + " WHERE app_id = ?")) {
            s.setString(1, app);
            s.executeUpdate();
        }
    }

    private static long insert(Connection c, ZipFile zip, Path file, AppTables.Table table, JsonNode entry, String app, boolean postgres)
            throws SQLException {
        ZipEntry data = zip.getEntry(entry.path("file").asText());
        if (data == null) throw new BackupException(file + " is damaged: " + entry.path("file").asText() + " is missing");
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name()).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            AppTables.Column col = table.columns().get(i);
            sql.append(i == 0 ? "" : ", ").append(col.name());
            values.append(i == 0 ? "" : ", ").append(postgres && col.kind() == AppTables.Kind.JSON ? "CAST(? AS jsonb)" : "?");
        }
        sql.append(") VALUES (").append(values).append(')');
        MessageDigest sha = AppExport.sha256();
        long rows = 0;
        try (PreparedStatement s = c.prepareStatement(sql.toString());
             BufferedReader in = new BufferedReader(new InputStreamReader(new DigestInputStream(zip.getInputStream(data), sha),
                     StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int pending = 0;
            while ((line = in.readLine()) != null) {
                JsonNode row;
                try {
                    row = Json.parse(line);
                } catch (IOException e) {
                    throw new BackupException(file + " is damaged: a line of " + data.getName() + " is not JSON");
                }
                int i = 1;
                for (AppTables.Column col : table.columns()) {
                    JsonNode v = col.name().equals("app_id") ? Json.MAPPER.getNodeFactory().textNode(app) : row.get(col.name());
                    bind(s, i++, col, v, file, data.getName());
                }
                s.addBatch();
                rows++;
                if (++pending >= BATCH) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) s.executeBatch();
        } catch (ZipException e) {
            throw new BackupException(file + " is damaged (" + data.getName() + ": " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackupException("cannot read " + data.getName() + " of " + file + " (" + e.getMessage() + ")", e);
        }
        if (rows != entry.path("rows").asLong(-1)) {
            throw new BackupException(file + " is damaged: " + data.getName() + " has " + rows + " rows, its manifest says "
                    + entry.path("rows"));
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(entry.path("sha256").asText())) {
            throw new BackupException(file + " is damaged: the checksum of " + data.getName() + " does not match its manifest");
        }
        return rows;
    }

    private static void bind(PreparedStatement s, int i, AppTables.Column col, JsonNode v, Path file, String name) throws SQLException {
        if (v == null || v.isNull()) {
            s.setNull(i, switch (col.kind()) {
                case TEXT, JSON -> Types.VARCHAR;
                case LONG -> Types.BIGINT;
                case BOOL -> Types.BOOLEAN;
            });
            return;
        }
        switch (col.kind()) {
            case TEXT -> {
                if (!v.isTextual()) throw new BackupException(file + " is damaged: " + name + " has a non-text " + col.name());
                s.setString(i, v.asText());
            }
            case LONG -> {
                if (!v.canConvertToLong() || !v.isIntegralNumber()) throw new BackupException(file + " is damaged: " + name + " has a non-number " + col.name());
                s.setLong(i, v.asLong());
            }
            case BOOL -> {
                if (!v.isBoolean()) throw new BackupException(file + " is damaged: " + name + " has a non-boolean " + col.name());
                s.setBoolean(i, v.asBoolean());
            }
            case JSON -> s.setString(i, Json.write(v));
        }
    }
}
