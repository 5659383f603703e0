package dev.homebase.server.store.backup;

/** A backup or restore cannot be done; the message is one line saying why and what to do. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
