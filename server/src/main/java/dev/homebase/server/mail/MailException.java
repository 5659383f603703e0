package dev.homebase.server.mail;

/** A message could not be sent. */
public final class MailException extends RuntimeException {
    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
