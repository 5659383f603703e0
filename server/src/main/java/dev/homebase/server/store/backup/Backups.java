package dev.homebase.server.store.backup;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Takes a backup of a store, and restores one into an empty store; the dialect decides how (see the package doc). */
public final class Backups {
    /** The first bytes of every SQLite database file. */
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The Flyway table: not backed up as data (the restored store is migrated by its own open). */
    static final String SCHEMA_HISTORY = "homebase_schema_history";

    private Backups() {}

    /** What a backup holds, for the command's report. */
    public record Summary(String kind, long tables, long rows, long bytes) {}

    /**
     * Writes a consistent backup of the open database to {@code out} (replacing it only when complete).
     *
     * @throws BackupException when it cannot be written
     */
    public static Summary backup(Database db, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(tmp);
            Summary summary = db.dialect().name().equals("sqlite") ? sqliteBackup(db, tmp) : PostgresBackup.write(db, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(summary.kind(), summary.tables(), summary.rows(), Files.size(target));
        } catch (IOException e) {
            throw new BackupException("cannot write the backup " + target + " (" + e.getMessage() + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** {@code VACUUM INTO}: one read transaction over the live file, indexes included. */
    private static Summary sqliteBackup(Database db, Path tmp) {
        try (Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, tmp.toString());
            s.execute();
        } catch (SQLException e) {
            throw new BackupException("cannot back up the SQLite database " + db.displayUrl() + " (" + e.getMessage() + ")", e);
        }
        long rows = 0;
        List<String> tables;
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
            tables = tables(c);
            for (String t : tables) rows += count(c, t);
        } catch (SQLException e) {
            throw new BackupException("the backup written to " + tmp + " cannot be read back (" + e.getMessage() + ")", e);
        }
        return new Summary("sqlite", tables.size(), rows, 0);
    }

    /**
     * Restores the backup {@code file} into the database at {@code url}, which must be empty (apart from its schema)
     * unless {@code force}. For SQLite the database file is replaced: stop the server first.
     *
     * @throws BackupException for a file that is no backup, a backup of another store or schema, a non-empty target
     */
    public static Summary restore(Path file, DatabaseUrl url, boolean force) {
        byte[] head = head(file);
        boolean sqliteFile = Arrays.equals(head, SQLITE_MAGIC);
        if (!sqliteFile && (head.length < 2 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b)) {
            throw new BackupException(file + " is not a Homebase backup (neither a SQLite file nor a gzip'd PostgreSQL backup)");
        }
        boolean sqliteTarget = url.kind() == DatabaseUrl.Kind.SQLITE;
        if (sqliteFile != sqliteTarget) {
            throw new BackupException(file + " is a backup of a " + (sqliteFile ? "SQLite" : "PostgreSQL") + " database and restores into "
                    + (sqliteFile ? "a SQLite" : "a PostgreSQL") + " database only; name one with --db");
        }
        if (!sqliteFile) {
            try (Database db = Database.open(url)) {
                return PostgresBackup.restore(file, db, force);
            }
        }
        Path path = Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length())).toAbsolutePath().normalize();
        try (Database db = Database.open(url)) {
            if (!force) requireEmpty(db, "--force");
        }
        long rows = 0;
        List<String> tables;
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            tables = tables(c);
            for (String t : tables) rows += count(c, t);
        } catch (SQLException e) {
            throw new BackupException("cannot read the backup " + file + " (" + e.getMessage() + ")", e);
        }
        try {
            Path tmp = path.resolveSibling(path.getFileName() + ".restoring");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(path.resolveSibling(path.getFileName() + "-wal"));
            Files.deleteIfExists(path.resolveSibling(path.getFileName() + "-shm"));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackupException("cannot write the database file " + path + " (" + e.getMessage() + ")", e);
        }
        try (Database ignored = Database.open(url)) {
            // opens and migrates the restored file: a backup of an older schema is brought up to date
        }
        return new Summary("sqlite", tables.size(), rows, 0);
    }

    /** Refuses a database that holds any row (the schema history aside). */
    static void requireEmpty(Database db, String flag) {
        db.read(c -> {
            for (String t : tables(c)) {
                if (count(c, t) > 0) {
                    throw new BackupException("the database " + db.displayUrl() + " is not empty (table " + t
                            + " has rows); restore into an empty database, or add " + flag + " to replace its contents");
                }
            }
            return null;
        });
    }

    /** The data tables of the connection's database (its current schema), the schema history left out. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        String schema = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres") ? c.getSchema() : null;
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.equalsIgnoreCase(SCHEMA_HISTORY) && !name.startsWith("sqlite_")) out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first bytes of {@code file}: the SQLite header, or gzip's {@code 1f 8b}. */
    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SQLITE_MAGIC.length);
        } catch (NoSuchFileException e) {
            throw new BackupException("the backup file " + file + " does not exist");
        } catch (IOException e) {
            throw new BackupException("cannot read the backup file " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
