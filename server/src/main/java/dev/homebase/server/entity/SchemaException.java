package dev.homebase.server.entity;

/** An entity schema that cannot be used; the message names the source file and the problem. */
public final class SchemaException extends RuntimeException {
    public SchemaException(String message) {
        super(message);
    }
}
