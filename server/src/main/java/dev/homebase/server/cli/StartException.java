package dev.homebase.server.cli;

/** A command cannot start: the message is the one line shown after {@code homebase: }, the code the exit code. */
final class StartException extends RuntimeException {
    private final ExitCode exitCode;

    StartException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    StartException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
