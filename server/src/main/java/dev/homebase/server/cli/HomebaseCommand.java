package dev.homebase.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code homebase} command and its subcommands. */
@Command(name = "homebase", mixinStandardHelpOptions = true, version = "Homebase 0.1.0",
        description = "Self-hosted, Base44-compatible backend.",
        subcommands = {ServeCommand.class, ServiceTokenCommand.class, SecretsCommand.class, BackupCommand.class,
                RestoreCommand.class, ExportCommand.class, ImportCommand.class, ImportBase44Command.class,
                ConnectorsCommand.class})
public final class HomebaseCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * Runs the command line and returns the exit code. A command that cannot start prints one line
     * ({@code homebase: <reason and fix>}) and exits with the {@link ExitCode} of the cause: 2 for configuration
     * problems, 3 to 9 for the database URL, the database, the port, the data folder and Deno.
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new HomebaseCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> StartErrors.report(e, System.err));
        return cli.execute(args);
    }
}
