package dev.homebase.server.functions;

/**
 * A function call that did not produce the function's own response. The message is safe to show
 * the caller; what the function printed goes to the server log only.
 */
public final class FunctionException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The process would not start, crashed, or dropped the connection (502). */
        FAILED,
        /** No response within the call or start timeout (504). */
        TIMEOUT,
        /** No Deno executable was found (503). */
        UNAVAILABLE
    }

    private final Kind kind;

    FunctionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
