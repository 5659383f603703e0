package dev.homebase.server.cli;

import dev.homebase.server.entity.SchemaException;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.store.BadDatabaseUrlException;
import dev.homebase.server.store.DatabaseOpenException;
import dev.homebase.server.store.DatabaseUrl;
import dev.homebase.server.store.StoreException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Turns what stopped a command into its exit code and one line on stderr, {@code homebase: <what went wrong; how to
 * fix it>}. The stack trace follows only with {@code HOMEBASE_LOG_LEVEL=debug} (or {@code trace}). Messages pass
 * through {@link DatabaseUrl#redact} so that no password reaches the terminal.
 */
final class StartErrors {
    private StartErrors() {}

    /** The exit code for {@code e}. */
    static ExitCode codeOf(Throwable e) {
        if (e instanceof StartException s) return s.exitCode();
        if (e instanceof BadDatabaseUrlException) return ExitCode.BAD_DATABASE_URL;
        if (e instanceof DatabaseOpenException d) {
            return switch (d.reason()) {
                case UNREACHABLE -> ExitCode.DATABASE_UNREACHABLE;
                case AUTHENTICATION_FAILED -> ExitCode.DATABASE_AUTHENTICATION;
                case NO_SUCH_DATABASE -> ExitCode.NO_SUCH_DATABASE;
                case NOT_WRITABLE -> ExitCode.DATA_NOT_WRITABLE;
                case OTHER -> ExitCode.CONFIG;
            };
        }
        if (e instanceof ProjectException || e instanceof SchemaException || e instanceof IllegalArgumentException
                || e instanceof StoreException) return ExitCode.CONFIG;
        return ExitCode.FAILED;
    }

    /** Prints the one line (and, when debugging, the trace) and returns the exit code. */
    static int report(Throwable e, PrintStream err) {
        ExitCode code = codeOf(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (code == ExitCode.FAILED) {
            message = "unexpected error: " + e.getClass().getSimpleName() + ": " + message
                    + " (set HOMEBASE_LOG_LEVEL=debug for the details)";
        }
        err.println("homebase: " + DatabaseUrl.redact(oneLine(message)));
        if (debugging()) e.printStackTrace(err);
        err.flush();
        return code.code();
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean debugging() {
        String level = Env.string("HOMEBASE_LOG_LEVEL").orElse("").toLowerCase(Locale.ROOT);
        return level.equals("debug") || level.equals("trace") || level.equals("all");
    }
}
