package dev.homebase.server.cli;

import dev.homebase.server.store.backup.Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase restore}: puts a backup of {@code homebase backup} back into an empty database of the same kind (a
 * non-empty one only with {@code --force}, which replaces its contents). Stop the server first.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup into an empty database (stop the server first).")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A file written by homebase backup")
    Path file;

    @Mixin
    TargetStore target;

    @Option(names = "--force", description = "Replace the contents of a database that is not empty")
    boolean force;

    @Override
    public Integer call() {
        var url = target.url();
        return Stores.report(ExitCode.FAILED_BACKUP, () -> {
            Backups.Summary s = Backups.restore(file, url, force);
            return "Restored " + file.toAbsolutePath().normalize() + " into " + url.display() + " (" + s.kind() + ", "
                    + s.tables() + " tables, " + s.rows() + " rows)";
        });
    }
}
