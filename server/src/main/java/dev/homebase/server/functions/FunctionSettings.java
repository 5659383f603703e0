package dev.homebase.server.functions;

import java.time.Duration;

/**
 * How function processes are run. Immutable.
 *
 * @param callTimeout longest wait for a function's response headers; past it the caller gets a 504
 *     and the process is stopped (Deno cannot cancel one request, and the call may be stuck in a loop)
 * @param startTimeout longest wait for a new process to be ready (includes the first download of
 *     its {@code npm:} imports)
 * @param idleTimeout a process unused this long is stopped
 * @param maxProcesses most processes kept per function; more start only when all are busy
 */
public record FunctionSettings(Duration callTimeout, Duration startTimeout, Duration idleTimeout, int maxProcesses) {

    public FunctionSettings {
        if (callTimeout.isNegative() || callTimeout.isZero()) throw new IllegalArgumentException("callTimeout must be positive");
        if (startTimeout.isNegative() || startTimeout.isZero()) throw new IllegalArgumentException("startTimeout must be positive");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
        if (maxProcesses < 1 || maxProcesses > 16) throw new IllegalArgumentException("maxProcesses must be between 1 and 16");
    }

    /** 60 s per call, 60 s to start, stopped after 5 idle minutes, at most 2 processes per function. */
    public static FunctionSettings defaults() {
        return new FunctionSettings(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(5), 2);
    }

    /** A copy with another per-call timeout. */
    public FunctionSettings withCallTimeout(Duration d) {
        return new FunctionSettings(d, startTimeout, idleTimeout, maxProcesses);
    }

    /** A copy with another idle timeout. */
    public FunctionSettings withIdleTimeout(Duration d) {
        return new FunctionSettings(callTimeout, startTimeout, d, maxProcesses);
    }
}
