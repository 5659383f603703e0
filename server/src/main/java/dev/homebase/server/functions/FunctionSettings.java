package dev.homebase.server.functions;

import java.time.Duration;

/**
 * How function processes are run. Immutable.
 *
 * @param callTimeout longest wait for a function's response headers; past it the caller gets a 504
 *     and the process is stopped (Deno cannot cancel one request, and the call may be stuck in a loop)
 * @param startTimeout longest wait for a new process to be ready (includes the first download of
 *     its {@code npm:} imports, and compiling an {@code Entry.java})
 * @param idleTimeout a process unused this long is stopped
 * @param maxProcesses most processes kept per function; more start only when all are busy
 * @param heapLimitMb largest heap of one function process, in MiB: {@code -Xmx} for Java,
 *     {@code --max-old-space-size} for Deno's V8. A function that needs more fails with an out-of-memory
 *     error (Java: a 500 from the failing call; Deno: the process dies, a 502, and a fresh process next time)
 * @param sandbox whether Java function processes are confined by the operating system
 *     ({@code auto}: when the machine allows it, {@code required}: or not at all, {@code off}), see {@link FunctionSandbox}
 */
public record FunctionSettings(Duration callTimeout, Duration startTimeout, Duration idleTimeout, int maxProcesses, int heapLimitMb,
                               String sandbox) {

    public FunctionSettings {
        if (callTimeout.isNegative() || callTimeout.isZero()) throw new IllegalArgumentException("callTimeout must be positive");
        if (startTimeout.isNegative() || startTimeout.isZero()) throw new IllegalArgumentException("startTimeout must be positive");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
        if (maxProcesses < 1 || maxProcesses > 16) throw new IllegalArgumentException("maxProcesses must be between 1 and 16");
        if (heapLimitMb < 16 || heapLimitMb > 65_536) throw new IllegalArgumentException("heapLimitMb must be between 16 and 65536");
        FunctionSandbox.Mode.parse(sandbox);
    }

    /** {@link #sandbox} as a mode. */
    FunctionSandbox.Mode sandboxMode() {
        return FunctionSandbox.Mode.parse(sandbox);
    }

    /**
     * 60 s per call, 60 s to start, stopped after 5 idle minutes, at most 2 processes per function, 256 MiB heap each,
     * Java functions confined when the machine allows it.
     */
    public static FunctionSettings defaults() {
        return new FunctionSettings(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(5), 2, 256, "auto");
    }

    /** A copy with another per-call timeout. */
    public FunctionSettings withCallTimeout(Duration d) {
        return new FunctionSettings(d, startTimeout, idleTimeout, maxProcesses, heapLimitMb, sandbox);
    }

    /** A copy with another idle timeout. */
    public FunctionSettings withIdleTimeout(Duration d) {
        return new FunctionSettings(callTimeout, startTimeout, d, maxProcesses, heapLimitMb, sandbox);
    }

    /** A copy with another heap limit per process, in MiB. */
    public FunctionSettings withHeapLimitMb(int mb) {
        return new FunctionSettings(callTimeout, startTimeout, idleTimeout, maxProcesses, mb, sandbox);
    }

    /**
     * A copy with another confinement of Java functions.
     *
     * @param mode {@code auto}, {@code required} or {@code off}
     * @throws IllegalArgumentException for another value
     */
    public FunctionSettings withSandbox(String mode) {
        return new FunctionSettings(callTimeout, startTimeout, idleTimeout, maxProcesses, heapLimitMb, mode.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
