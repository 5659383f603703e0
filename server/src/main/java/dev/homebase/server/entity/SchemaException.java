package dev.homebase.server.entity;

/**
 * An entity schema that cannot be used; the one-line message reads {@code <source>: <problem>},
 * naming the source file and the problem.
 */
public final class SchemaException extends RuntimeException {
    /**
     * A schema failure.
     *
     * @param message {@code <source>: <problem>}
     */
    public SchemaException(String message) {
        super(message);
    }
}
