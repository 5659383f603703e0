package dev.homebase.server.cli;

/**
 * The exit codes of {@code homebase}: one per cause of a failed start, so scripts and service managers can tell them
 * apart. Each comes with one line on stderr starting {@code homebase:} (the stack trace only with
 * {@code HOMEBASE_LOG_LEVEL=debug}). Documented in the README; do not renumber.
 */
public enum ExitCode {
    /** Clean shutdown (SIGTERM, SIGINT) or a command that did its work. */
    OK(0),
    /** Anything unexpected. */
    FAILED(1),
    /** A configuration error: a bad flag or environment value, a bad project or schema (also picocli's usage errors). */
    CONFIG(2),
    /** {@code --db} / {@code HOMEBASE_DB} is not a URL Homebase can use. */
    BAD_DATABASE_URL(3),
    /** The database server cannot be reached (refused, unknown host, timeout). */
    DATABASE_UNREACHABLE(4),
    /** The database server refused the user or password. */
    DATABASE_AUTHENTICATION(5),
    /** The named database does not exist on the server. */
    NO_SUCH_DATABASE(6),
    /** The port is in use, or the address cannot be bound. */
    PORT_IN_USE(7),
    /** The data folder (or the SQLite file) cannot be created or written. */
    DATA_NOT_WRITABLE(8),
    /** {@code HOMEBASE_DENO} names no usable Deno. */
    DENO_UNUSABLE(9),
    /** {@code backup} or {@code restore} could not be done: the file, a non-empty target, another kind of store. */
    FAILED_BACKUP(10),
    /** {@code export} or {@code import} could not be done: a file that is no export (or damaged, cut, of another version), an app that has data. */
    FAILED_MOVE(11);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }
}
