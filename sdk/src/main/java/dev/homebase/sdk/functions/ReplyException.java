package dev.homebase.sdk.functions;

/**
 * Thrown by a {@link FunctionHandler} (or by {@link FunctionRequest#bodyJson()} for a malformed
 * body) to answer with a given reply instead of the generic 500.
 *
 * <pre>{@code
 * if (user == null) throw new ReplyException(FunctionReply.json(401, Map.of("message", "Sign in first")));
 * }</pre>
 */
public class ReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient FunctionReply reply;

    /**
     * Creates the exception.
     *
     * @param reply what the function answers
     */
    public ReplyException(FunctionReply reply) {
        super("Function replied with status " + reply.status());
        this.reply = reply;
    }

    /**
     * Returns the reply to send.
     *
     * @return the reply
     */
    public FunctionReply reply() {
        return reply;
    }
}
