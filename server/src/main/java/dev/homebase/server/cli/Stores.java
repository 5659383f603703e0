package dev.homebase.server.cli;

import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.DatabaseUrl;
import dev.homebase.server.store.backup.BackupException;
import java.nio.file.Path;

/**
 * The data folder and database URL the way {@code serve} finds them, for the commands that open the store
 * ({@code service-token}, {@code secrets}, {@code backup}, {@code restore}, {@code export}, {@code import},
 * {@code import-base44}), and the way those data-moving commands report.
 */
final class Stores {
    private Stores() {}

    /** One data-moving step: does its work and returns the line to print. */
    @FunctionalInterface
    interface Step {
        /** @throws BackupException when the work failed, with a message for the operator */
        String run();
    }

    /** The data folder in force: {@code --data}, else {@code HOMEBASE_DATA}, else {@code .homebase} in the project folder (default: .). */
    static Path dataDir(Path flag, Path projectDir) {
        return flag != null ? flag : Env.path("HOMEBASE_DATA").orElse((projectDir != null ? projectDir : Path.of(".")).resolve(".homebase"));
    }

    /** Opens the database in force (see {@link #url}). */
    static Database open(String flag, Path dataDir) {
        return Database.open(url(flag, dataDir));
    }

    /**
     * Runs {@code step} and prints its line; exit 0.
     *
     * @throws StartException with {@code failure} and the step's message when it throws a {@link BackupException}
     */
    static int report(ExitCode failure, Step step) {
        try {
            System.out.println(step.run());
        } catch (BackupException e) {
            throw new StartException(failure, e.getMessage(), e);
        }
        System.out.flush();
        return 0;
    }

    /**
     * The database URL in force: {@code --db}, else {@code HOMEBASE_DB}, else the SQLite file in the data folder.
     *
     * @throws dev.homebase.server.store.BadDatabaseUrlException for a URL Homebase cannot use
     */
    static DatabaseUrl url(String flag, Path dataDir) {
        return DatabaseUrl.parse(ServerConfig.databaseUrl(flag != null ? flag : Env.string("HOMEBASE_DB").orElse(null), dataDir));
    }
}
