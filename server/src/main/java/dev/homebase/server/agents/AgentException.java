package dev.homebase.server.agents;

/**
 * A refused agent request, with the HTTP status and a message safe to show ({@code http/AgentsApi} renders it):
 * 400 bad input, 401 no owner, 403 another owner's conversation, 404 unknown agent or conversation, 429 too many
 * runs waiting.
 */
public final class AgentException extends RuntimeException {
    private final int status;

    AgentException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
