package dev.homebase.server.entity;

/** A record that does not satisfy its entity schema; the message names the field (422). */
public final class ValidationException extends RuntimeException {
    public ValidationException(String message) {
        super(message);
    }
}
