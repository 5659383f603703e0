package dev.homebase.server.entity;

/** The record does not exist, or the caller may not see it (answered the same way: 404). */
public final class RecordNotFoundException extends RuntimeException {
    public RecordNotFoundException(String message) {
        super(message);
    }
}
