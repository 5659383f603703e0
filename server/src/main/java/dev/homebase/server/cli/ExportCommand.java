package dev.homebase.server.cli;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.backup.AppExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase export}: one app's data (records, users with their password hashes, secrets, keys; logs with
 * {@code --with-logs}) as a portable file that {@code homebase import} reads into a store of either kind. Taken in
 * one snapshot while the server runs.
 *
 * <pre>
 * ./homebase export --app tasks examples/tasks --out tasks.hbx
 * </pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one app's data (records, users, secrets, keys) to a portable file, while the server runs.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--app", required = true, paramLabel = "ID", description = "The app to export")
    String app;

    @Parameters(arity = "0..1", paramLabel = "PROJECT_DIR", description = "Project folder whose data folder holds the default SQLite database. Default: .")
    Path project;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    @Option(names = "--with-logs", description = "Also export the function logs, page views and analytics events")
    boolean withLogs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The export file to write (replaced when complete)")
    Path out;

    @Override
    public Integer call() {
        return Stores.report(ExitCode.FAILED_MOVE, () -> {
            try (Database database = Stores.open(db, Stores.dataDir(data, project))) {
                AppExport.Summary s = AppExport.export(database, app, withLogs, out);
                return "Exported app " + s.appId() + " from " + database.displayUrl() + " to " + out.toAbsolutePath().normalize()
                        + " (" + s.tables() + " tables, " + s.rows() + " rows, " + s.bytes() + " bytes)";
            }
        });
    }
}
