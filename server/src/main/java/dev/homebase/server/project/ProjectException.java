package dev.homebase.server.project;

/** A project folder that cannot be served; the message names the file and the problem. */
public final class ProjectException extends RuntimeException {
    public ProjectException(String message) {
        super(message);
    }

    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
