package dev.homebase.server.cli;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.backup.AppExport;
import dev.homebase.server.store.backup.AppImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase import}: reads a file of {@code homebase export} into a store of either kind, all or nothing. An
 * app that already has data there is refused unless {@code --replace}.
 *
 * <pre>
 * ./homebase import tasks.hbx --db postgresql://homebase@db/homebase
 * </pre>
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import one app's data from a file of homebase export (all or nothing).")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A file written by homebase export")
    Path file;

    @Mixin
    TargetStore target;

    @Option(names = "--app", paramLabel = "ID", description = "Import as this app id (default: the app of the export)")
    String app;

    @Option(names = "--replace", description = "Replace the data of an app that already has data in the database")
    boolean replace;

    @Override
    public Integer call() {
        return Stores.report(ExitCode.FAILED_MOVE, () -> {
            try (Database database = target.open()) {
                AppExport.Summary s = AppImport.importApp(file, database, app, replace);
                return "Imported app " + s.appId() + " from " + file.toAbsolutePath().normalize() + " into " + database.displayUrl()
                        + " (" + s.tables() + " tables, " + s.rows() + " rows)";
            }
        });
    }
}
