package dev.homebase.sdk.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a Java backend function over HTTP, the Java counterpart of {@code Deno.serve(handler)}: a
 * whole function is one {@code Entry.java} file.
 *
 * <pre>{@code
 * import dev.homebase.sdk.*;
 * import dev.homebase.sdk.auth.User;
 * import dev.homebase.sdk.functions.*;
 * import java.util.Map;
 *
 * public class Entry {
 *     public static void main(String[] args) {
 *         FunctionServer.serve(request -> {
 *             Base44Client base44 = Base44.createClientFromRequest(request.headers());
 *             User me = base44.auth().me();
 *             return FunctionReply.json(200, Map.of("email", me.email()));
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p><b>Under Homebase</b> (the environment variable {@value #PORT_ENV} is set): listens on that
 * loopback port ({@code 0} picks a free one), prints {@code HOMEBASE_READY <port>} on stdout once it
 * accepts requests, and stops the server and exits the JVM when stdin closes (the Homebase server
 * holds it open for the function's whole life, so no function outlives it). <b>Anywhere else</b>:
 * listens on {@code 127.0.0.1} at the port in {@code PORT} (default 8000) until the process is
 * stopped.
 *
 * <p>Each request runs on its own virtual thread (Java 21+) or on a bounded pool of platform
 * threads (Java 17). A handler that throws answers {@code 500 {"message":"Function failed"}} and its
 * stack trace goes to stderr, never to the caller; a {@link ReplyException} sends its reply.
 */
public final class FunctionServer implements AutoCloseable {
    /** The environment variable holding the port Homebase asks the function to listen on. */
    public static final String PORT_ENV = "HOMEBASE_FUNCTION_PORT";
    /** The line printed on stdout once the server accepts requests, followed by the port. */
    public static final String READY_PREFIX = "HOMEBASE_READY ";
    /**
     * The environment variable that, set to {@code 1} under Homebase, makes {@link #serve} a training
     * run: it answers one request of its own with a built-in handler (never the function's), then
     * exits, so the JVM can record the classes a request needs in a class-data archive that later
     * starts map instead of loading them one by one.
     */
    public static final String TRAINING_ENV = "HOMEBASE_FUNCTION_TRAINING";
    /** Longest request body read; a larger one is answered with 413. */
    private static final long MAX_BODY = 64L * 1024 * 1024;
    /** Threads of the pool used when virtual threads are not available (Java 17). */
    private static final int PLATFORM_THREADS = 32;
    private static final String FAILED = "Function failed";

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final PrintStream log;

    private FunctionServer(HttpServer server, ExecutorService executor, PrintStream log) {
        this.server = server;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Serves the handler and blocks until the server stops. Under Homebase that is when stdin
     * closes, and the JVM then exits with status 0; elsewhere, when the process is stopped.
     *
     * @param handler answers each request
     * @throws IllegalStateException when the port cannot be bound (the process should end)
     */
    public static void serve(FunctionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String managedPort = System.getenv(PORT_ENV);
        boolean managed = managedPort != null && !managedPort.isBlank();
        int port = managed ? parsePort(managedPort, PORT_ENV) : parsePort(System.getenv().getOrDefault("PORT", "8000"), "PORT");
        boolean training = managed && "1".equals(System.getenv(TRAINING_ENV));
        FunctionServer server = start(training ? FunctionServer::warmUp : handler,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        if (training) {
            server.train();
            System.exit(0);
        }
        if (managed) {
            // The ready line is the handshake Homebase waits for: only after the socket accepts.
            System.out.println(READY_PREFIX + server.port());
            System.out.flush();
            server.closeWhenStdinCloses(System.in);
        } else {
            System.err.println("Listening on http://127.0.0.1:" + server.port() + "/");
        }
        server.awaitStop();
        if (managed) {
            System.exit(0); // threads the handler started must not keep an orphan alive
        }
    }

    /**
     * Starts serving the handler without blocking: for tests and for embedding.
     *
     * @param handler answers each request
     * @param address where to listen; port 0 picks a free one
     * @return the running server; close it to stop
     * @throws IllegalStateException when the address cannot be bound
     */
    public static FunctionServer start(FunctionHandler handler, InetSocketAddress address) {
        Objects.requireNonNull(handler, "handler");
        HttpServer http;
        try {
            http = HttpServer.create(address, 128);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = newExecutor();
        FunctionServer server = new FunctionServer(http, executor, System.err);
        http.setExecutor(executor);
        http.createContext("/", exchange -> server.exchange(handler, exchange));
        http.start();
        return server;
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Blocks until {@link #close()} completed. */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting requests, lets running ones finish for up to a second, and stops. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitStop();
            return;
        }
        try {
            server.stop(1);
            executor.shutdown();
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** Sends one request to this server over a plain socket, reads the answer, and stops. */
    private void train() {
        byte[] request = ("POST /warm-up?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Base44-App-Id: warm-up\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"warm\":[1]}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            log.println("Warm-up request failed: " + e);
        } finally {
            close();
        }
    }

    /** The training run's handler: touches what a typical function uses (JSON both ways, headers, a client). */
    private static FunctionReply warmUp(FunctionRequest request) {
        request.bodyMap();
        request.query();
        request.header("Authorization");
        try (dev.homebase.sdk.Base44Client client = dev.homebase.sdk.Base44.createClientFromRequest(request.headers())) {
            client.config();
        }
        return FunctionReply.json(200, Map.of("warm", List.of(true, 1, "x"))).header("X-Warm", "1");
    }

    /** Closes the server once {@code in} reaches its end (or fails), on a daemon thread. */
    void closeWhenStdinCloses(InputStream in) {
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // nothing is ever sent; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe is an end too
            }
            close();
        }, "homebase-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void exchange(FunctionHandler handler, HttpExchange exchange) {
        try {
            FunctionRequest request;
            try {
                request = read(exchange);
            } catch (BodyTooLarge e) {
                write(exchange, FunctionReply.json(413, Map.of("message", "Request body too large")));
                return;
            }
            write(exchange, answer(handler, request));
        } catch (IOException e) {
            // the caller went away; nothing to answer
        } finally {
            exchange.close();
        }
    }

    private FunctionReply answer(FunctionHandler handler, FunctionRequest request) {
        try {
            FunctionReply reply = handler.handle(request);
            return reply == null ? FunctionReply.status(204) : reply;
        } catch (ReplyException e) {
            return e.reply();
        } catch (VirtualMachineError e) {
            if (!(e instanceof OutOfMemoryError)) {
                throw e;
            }
            log.println("Unhandled error in function (" + request.method() + " " + request.path() + "): " + e);
        } catch (Exception | LinkageError | AssertionError e) {
            // The detail goes to stderr (the server log), not to the caller.
            log.println("Unhandled error in function (" + request.method() + " " + request.path() + "): " + stackTrace(e));
        }
        return FunctionReply.json(500, Map.of("error", FAILED, "message", FAILED));
    }

    private static FunctionRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new BodyTooLarge();
        }
        HttpHeaders headers = HttpHeaders.of(exchange.getRequestHeaders(), (name, value) -> true);
        return new FunctionRequest(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), headers, body);
    }

    private static void write(HttpExchange exchange, FunctionReply reply) throws IOException {
        for (Map.Entry<String, List<String>> h : reply.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                continue; // the server frames the body itself
            }
            exchange.getResponseHeaders().put(h.getKey(), h.getValue());
        }
        byte[] body = reply.bodyBytes();
        int status = reply.status();
        boolean noBody = body.length == 0 || status == 204 || status == 304 || status < 200
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        // -1 means "no body"; 0 would mean chunked.
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ExecutorService newExecutor() {
        try {
            // Java 21+: one virtual thread per request. Looked up reflectively: the SDK targets Java 17.
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(PLATFORM_THREADS, PLATFORM_THREADS, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "function-request-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    private static int parsePort(String value, String variable) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(variable + " must be a port number, got \"" + value + "\"");
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }

    /** A request body over {@link #MAX_BODY}. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
