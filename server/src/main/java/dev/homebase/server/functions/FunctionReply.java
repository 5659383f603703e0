package dev.homebase.server.functions;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A function's response, with its body still streaming from the process. Close it once the body
 * is copied (or abandoned): that frees the process for other calls. One thread at a time.
 */
public final class FunctionReply implements AutoCloseable {
    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Runnable onClose;
    private boolean closed;

    FunctionReply(int status, Map<String, List<String>> headers, InputStream body, Runnable onClose) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.onClose = onClose;
    }

    /** The status the function answered with. */
    public int status() {
        return status;
    }

    /** The function's headers by name (as received; hop-by-hop ones included). */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body, read as it arrives. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // the connection is going away anyway
        } finally {
            onClose.run();
        }
    }
}
