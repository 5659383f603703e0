package dev.homebase.server.functions;

/** Lets tests of other packages install the pinned Deno the way {@link FunctionsApiTest} does. */
public final class FunctionsApiTestAccess {
    private FunctionsApiTestAccess() {}

    /** Runs {@code npm ci} in functions-runtime/ when no Deno is installed there yet. */
    public static void installDeno() throws Exception {
        FunctionsApiTest.installDeno();
    }
}
