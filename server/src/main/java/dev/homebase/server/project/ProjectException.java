package dev.homebase.server.project;

/**
 * A project folder that cannot be served; the one-line message names the file and the problem,
 * e.g. {@code my-app/base44/entities/task.jsonc: invalid JSON at line 3, column 5: ...}.
 */
public final class ProjectException extends RuntimeException {
    /**
     * A project failure.
     *
     * @param message {@code <file>: <problem>}
     */
    public ProjectException(String message) {
        super(message);
    }

    /**
     * A project failure caused by another exception.
     *
     * @param message {@code <file>: <problem>}
     * @param cause the underlying failure (kept for logs)
     */
    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
