package dev.homebase.server.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Gives each request an id, sent back in {@code X-Request-Id} and used in logs and error bodies. */
final class RequestIds {
    private static final String ATTRIBUTE = "homebase.requestId";
    /** The request id in the logging context (MDC) while the request is handled: the JSON log lines carry it. */
    static final String MDC_KEY = "request_id";

    private RequestIds() {}

    static void assign(Context ctx) {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        String id = "req_" + HexFormat.of().formatHex(b);
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
        org.slf4j.MDC.put(MDC_KEY, id); // removed by RequestMetrics when the request is answered
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "req_unknown" : id;
    }
}
