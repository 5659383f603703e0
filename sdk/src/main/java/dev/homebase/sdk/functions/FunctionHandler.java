package dev.homebase.sdk.functions;

/**
 * The request handler of a Java backend function, the Java form of the function passed to
 * {@code Deno.serve(handler)}. Called on its own thread for each request, possibly concurrently,
 * so it must be thread-safe.
 *
 * <pre>{@code
 * FunctionServer.serve(request -> FunctionReply.json(200, Map.of("hello", request.method())));
 * }</pre>
 */
@FunctionalInterface
public interface FunctionHandler {

    /**
     * Answers one request.
     *
     * @param request the request, with the platform headers
     * @return the reply to send; null answers {@code 204 No Content}
     * @throws Exception anything: a {@link ReplyException} sends its reply, everything else
     *                   answers {@code 500 {"message":"Function failed"}} and is logged on stderr
     */
    FunctionReply handle(FunctionRequest request) throws Exception;
}
