package dev.homebase.server.cli;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.backup.Backups;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase backup}: a consistent copy of the store {@code serve} uses with the same options, taken while the
 * server runs (SQLite: {@code VACUUM INTO}, a SQLite file; PostgreSQL: one snapshot, a gzip'd JSON-lines file).
 *
 * <pre>
 * ./homebase backup my-app --out backups/app-$(date +%F).hbk
 * </pre>
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a consistent backup of the database while the server runs.")
final class BackupCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PROJECT_DIR", description = "Project folder(s) served; the first one's data folder holds the default SQLite database. Default: .")
    List<Path> projects;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write (replaced when complete)")
    Path out;

    @Override
    public Integer call() {
        Path dir = projects == null || projects.isEmpty() ? null : projects.get(0);
        return Stores.report(ExitCode.FAILED_BACKUP, () -> {
            try (Database database = Stores.open(db, Stores.dataDir(data, dir))) {
                Backups.Summary s = Backups.backup(database, out);
                return "Backed up " + database.displayUrl() + " to " + out.toAbsolutePath().normalize() + " (" + s.kind() + ", "
                        + s.tables() + " tables, " + s.rows() + " rows, " + s.bytes() + " bytes)";
            }
        });
    }
}
