/**
 * Backend functions, from both sides.
 *
 * <p>Calling them: {@link dev.homebase.sdk.functions.FunctionsModule} ({@code base44.functions()}),
 * whose {@code invoke} returns a {@link dev.homebase.sdk.functions.FunctionResponse} or throws a
 * {@link dev.homebase.sdk.functions.FunctionException}.
 *
 * <p>Writing them in Java: {@link dev.homebase.sdk.functions.FunctionServer#serve} hosts a
 * {@link dev.homebase.sdk.functions.FunctionHandler}, which gets a
 * {@link dev.homebase.sdk.functions.FunctionRequest} and answers with a
 * {@link dev.homebase.sdk.functions.FunctionReply} (the names differ on purpose: a function
 * <em>replies</em>, its caller reads the <em>response</em>).
 */
package dev.homebase.sdk.functions;
