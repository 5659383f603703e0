package dev.homebase.server.cli;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.DatabaseUrl;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The database a command writes into, as {@code import} and {@code restore} take it: {@code --db}, else the SQLite
 * file of {@code --data}, else of the project folder's data folder (a picocli mixin).
 */
final class TargetStore {
    @Option(names = {"-p", "--project"}, description = "Project folder whose data folder holds the default SQLite database. Default: .")
    Path project;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    DatabaseUrl url() {
        return Stores.url(db, Stores.dataDir(data, project));
    }

    Database open() {
        return Stores.open(db, Stores.dataDir(data, project));
    }
}
