package dev.homebase.server.functions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Deno process hosting one function on a loopback port. Its stdin stays open and
 * unused: the bootstrap exits when it closes, so no process outlives the server. The bootstrap prints
 * {@code HOMEBASE_READY <port>} once the handler is listening; every other line the function prints
 * goes to the server log under its name. Thread-safe.
 */
final class FunctionProcess {
    private static final Logger log = LoggerFactory.getLogger(FunctionProcess.class);
    private static final Pattern READY = Pattern.compile("^HOMEBASE_READY (\\d{1,5})$");
    /** Longest line copied to the log; the rest is cut. */
    private static final int MAX_LOG_LINE = 4000;

    /** Where the lines a process prints go (all but its ready line). */
    @FunctionalInterface
    interface Output {
        /** One line the process printed, on stderr or stdout. */
        void line(boolean stderr, String line);

        /** The server log only, under the process's label. */
        static Output serverLog(String label) {
            return (stderr, line) -> {
                // Deno reports each npm/remote module it fetches on stderr: progress, not a problem.
                if (stderr && line.startsWith("Download http")) log.debug("function {}: {}", label, line);
                else if (stderr) log.warn("function {}: {}", label, clip(line));
                else log.info("function {}: {}", label, clip(line));
            };
        }
    }

    private final String label;
    private final Process process;
    private final int port;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();

    private FunctionProcess(String label, Process process, int port) {
        this.label = label;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a process and waits until it is ready.
     *
     * @param label how the log names it ({@code appId/function})
     * @throws FunctionException FAILED when it exits first, TIMEOUT when it is not ready in time
     */
    static FunctionProcess start(String label, ProcessBuilder builder, long startTimeoutMillis) {
        return start(label, builder, startTimeoutMillis, Output.serverLog(label));
    }

    /** Like {@link #start(String, ProcessBuilder, long)}, with what the process prints going to {@code output}. */
    static FunctionProcess start(String label, ProcessBuilder builder, long startTimeoutMillis, Output output) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            log.error("function {}: cannot start {}: {}", label, builder.command().getFirst(), e.getMessage());
            throw new FunctionException(FunctionException.Kind.FAILED, "Function could not be started");
        }
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        pump(label, process.getInputStream(), line -> {
            Matcher m = READY.matcher(line);
            if (!ready.isDone() && m.matches()) ready.complete(Integer.parseInt(m.group(1)));
            else output.line(false, line);
        });
        pump(label, process.getErrorStream(), line -> output.line(true, line));
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));
        try {
            int port = ready.get(startTimeoutMillis, TimeUnit.MILLISECONDS);
            log.debug("function {}: ready on port {} (pid {})", label, port, process.pid());
            return new FunctionProcess(label, process, port);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            log.warn("function {}: not ready within {} ms, stopped", label, startTimeoutMillis);
            throw new FunctionException(FunctionException.Kind.TIMEOUT, "Function did not start in time");
        } catch (ExecutionException e) {
            int code = waitForExit(process);
            log.warn("function {}: exited with code {} before it was ready", label, code);
            throw new FunctionException(FunctionException.Kind.FAILED, "Function failed to start (exit code " + code + ")");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FunctionException(FunctionException.Kind.FAILED, "Function start was interrupted");
        }
    }

    /** Copies a stream of the process, line by line, on a daemon thread (a pipe read would pin a virtual thread). */
    private static void pump(String label, InputStream in, Consumer<String> onLine) {
        Thread.ofPlatform().daemon().name("function-output " + label).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) onLine.accept(line);
            } catch (IOException e) {
                // the process is gone; nothing more to copy
            }
        });
    }

    private static int waitForExit(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String clip(String line) {
        return line.length() <= MAX_LOG_LINE ? line : line.substring(0, MAX_LOG_LINE) + "…";
    }

    /** The loopback port the function listens on. */
    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
        lastUsedNanos = System.nanoTime();
    }

    void end() {
        inFlight.decrementAndGet();
        lastUsedNanos = System.nanoTime();
    }

    /** Whether nothing is running and nothing ran for {@code idleNanos}. */
    boolean idleFor(long idleNanos, long nowNanos) {
        return inFlight.get() == 0 && nowNanos - lastUsedNanos >= idleNanos;
    }

    /** The exit code, or -1 while running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops the process and the ones it started. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "function " + label + " (pid " + process.pid() + ", port " + port + ")";
    }
}
