package dev.homebase.server.store.postgres;

import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL errors that bad input causes, by SQLSTATE, with a message safe to show the caller
 * (no values from the statement). Thread-safe.
 */
public final class PostgresFailures {
    private PostgresFailures() {}

    /** A message for the caller when {@code e} is the input's fault, else empty. */
    public static Optional<String> badInput(SQLException e) {
        String state = e.getSQLState();
        if (state == null) return Optional.empty();
        return Optional.ofNullable(switch (state) {
            case "2201B" -> regexMessage(e.getMessage());
            case "22003" -> "Number out of range";
            case "22P05", "22021" -> "String values cannot contain NUL characters or invalid Unicode";
            case "54000", "54001" -> "Query too complex";
            default -> state.startsWith("22") ? "Invalid value in the request" : null;
        });
    }

    /** "ERROR: invalid regular expression: invalid repetition count(s)" → "Invalid regular expression: invalid repetition count(s)". */
    private static String regexMessage(String message) {
        String marker = "invalid regular expression:";
        int at = message == null ? -1 : message.indexOf(marker);
        if (at < 0) return "Invalid regular expression";
        String reason = message.substring(at + marker.length()).strip();
        int line = reason.indexOf('\n');
        if (line >= 0) reason = reason.substring(0, line);
        if (reason.length() > 100) reason = reason.substring(0, 100);
        return reason.contains("too complex") ? "Regular expression too complex" : "Invalid regular expression: " + reason;
    }
}
