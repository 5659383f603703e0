package dev.homebase.server.integrations;

/** An integration call refused: bad input, not allowed, or a provider that failed. The message is safe to show. */
public final class IntegrationException extends RuntimeException {
    /** Why. */
    public enum Kind {
        /** 400: the input is malformed. */
        BAD_INPUT,
        /** 403: the caller may not do this. */
        FORBIDDEN,
        /** 502: the provider (the SMTP server) failed. */
        PROVIDER_FAILED
    }

    private final Kind kind;

    public IntegrationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why. */
    public Kind kind() {
        return kind;
    }
}
