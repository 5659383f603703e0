package dev.homebase.server.entity;

/**
 * A record that does not satisfy its entity schema (HTTP 422). The message is the exact text the
 * client sees, e.g. {@code Error in field price: Input should be a valid number}.
 */
public final class ValidationException extends RuntimeException {
    private final String field;
    private final String problem;

    /** A failure with a ready-made message (no field path known). */
    public ValidationException(String message) {
        super(message);
        this.field = null;
        this.problem = message;
    }

    /**
     * A failure of one field; the message reads {@code Error in field <field>: <problem>}.
     *
     * @param field the path of the field, e.g. {@code tags[2]} or {@code address.city}
     * @param problem the pydantic-style problem, e.g. {@code Field required}
     */
    public ValidationException(String field, String problem) {
        super("Error in field " + field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The failing field's path, or null when the message was given whole. */
    public String field() {
        return field;
    }

    /** The problem without the {@code Error in field} prefix. */
    public String problem() {
        return problem;
    }
}
