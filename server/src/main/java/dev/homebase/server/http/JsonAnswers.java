package dev.homebase.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a JSON answer. When Javalin would not compress it (the client accepts no encoding, or the body is below
 * Javalin's minimum size for compression), the bytes go straight to the servlet response with their
 * {@code Content-Length}: one buffer, one write, sent with the headers; not through Javalin's result stream, which
 * wraps them, copies them through an 8 KiB buffer and checks the response headers again on the way. Larger answers to
 * clients that accept an encoding go through Javalin, which compresses them.
 */
final class JsonAnswers {
    /** Javalin's default {@code CompressionStrategy} compresses from this many bytes on. */
    static final int COMPRESSED_FROM = 1500;

    private JsonAnswers() {}

    static void send(Context ctx, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ctx.status(status).contentType("application/json");
        if (body.length >= COMPRESSED_FROM && ctx.header("Accept-Encoding") != null) {
            ctx.result(body);
            return;
        }
        var res = ctx.res();
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away: nobody is left to answer (Javalin ignores this for its own writes as well).
        }
    }
}
