package dev.homebase.server.cli;

import dev.homebase.server.entity.SchemaException;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code homebase} command and its subcommands. */
@Command(name = "homebase", mixinStandardHelpOptions = true, version = "Homebase 0.1.0",
        description = "Self-hosted, Base44-compatible backend.",
        subcommands = {ServeCommand.class, ServiceTokenCommand.class})
public final class HomebaseCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * Runs the command line and returns the exit code. Configuration problems print one line
     * ({@code homebase: <reason>}) and exit 2.
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new HomebaseCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ProjectException || e instanceof SchemaException || e instanceof IllegalArgumentException
                    || e instanceof StoreException) {
                System.err.println("homebase: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
