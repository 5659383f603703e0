package dev.homebase.server.store.sqlite;

import java.util.Locale;
import java.util.function.Function;

/**
 * How SQLite syncs its write-ahead log to disk, from {@code HOMEBASE_SQLITE_SYNCHRONOUS}
 * ({@code full} or {@code normal}; unset: {@link #DEFAULT}).
 *
 * <ul>
 *   <li>{@link #FULL}: every commit is fsynced before the write is acknowledged, so an
 *       acknowledged write survives a power loss or an OS crash.</li>
 *   <li>{@link #NORMAL}: the log is fsynced only at checkpoints, so an acknowledged write
 *       survives a crash or {@code kill -9} of the server, but the last commits before a power loss
 *       or an OS crash can be lost (the database stays consistent).</li>
 * </ul>
 * Measured with {@code bench/run-durability.sh}; the numbers are in the README.
 */
public enum SqliteSynchronous {
    FULL, NORMAL;

    /** The environment variable read by {@link #fromEnvironment}. */
    public static final String VARIABLE = "HOMEBASE_SQLITE_SYNCHRONOUS";

    /** What an unset variable means. */
    public static final SqliteSynchronous DEFAULT = FULL;

    /** The value of the {@code synchronous} pragma. */
    public String pragma() {
        return name();
    }

    /** The setting from the process environment. @throws IllegalArgumentException for a value that is neither full nor normal */
    public static SqliteSynchronous fromEnvironment() {
        return from(System::getenv);
    }

    /**
     * The setting from {@code env} (one variable's value, null when unset).
     *
     * @throws IllegalArgumentException naming the variable, for a value that is neither full nor normal
     */
    public static SqliteSynchronous from(Function<String, String> env) {
        String raw = env.apply(VARIABLE);
        if (raw == null || raw.isBlank()) return DEFAULT;
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "normal" -> NORMAL;
            default -> throw new IllegalArgumentException(VARIABLE + " must be full or normal, got \"" + raw.strip() + "\"");
        };
    }
}
