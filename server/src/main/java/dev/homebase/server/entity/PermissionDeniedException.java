package dev.homebase.server.entity;

/** The caller may not do this at all (403), as opposed to a record it may not see (404). */
public final class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
