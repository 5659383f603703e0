package dev.homebase.server.functions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The warm processes of one function. A call takes an idle process, else starts one while fewer
 * than the maximum run, else shares the least busy one (Deno serves concurrent requests in one
 * process). Dead processes are dropped when found, so the next call starts a fresh one. A pool
 * replaced after its function changed is {@linkplain #drain drained}: its processes stop as soon as
 * their calls finish. Thread-safe.
 */
final class FunctionPool {
    private final Supplier<FunctionProcess> starter;
    private final int maxProcesses;
    private final List<FunctionProcess> processes = new ArrayList<>(); // guarded by this
    private int starting; // guarded by this
    private volatile boolean closed; // written under this
    private boolean draining; // guarded by this

    FunctionPool(Supplier<FunctionProcess> starter, int maxProcesses) {
        this.starter = starter;
        this.maxProcesses = maxProcesses;
    }

    /**
     * A process for one call, marked busy; give it back with {@link #release}.
     *
     * @throws FunctionException when a needed process cannot be started
     */
    FunctionProcess acquire() {
        synchronized (this) {
            while (true) {
                if (closed) throw new FunctionException(FunctionException.Kind.FAILED, "Function runtime is shutting down");
                processes.removeIf(p -> !p.isAlive());
                FunctionProcess idle = processes.stream().filter(p -> p.inFlight() == 0).findFirst().orElse(null);
                if (idle != null) {
                    idle.begin();
                    return idle;
                }
                if (processes.size() + starting < maxProcesses) {
                    starting++;
                    break;
                }
                if (!processes.isEmpty()) {
                    FunctionProcess least = processes.stream().min(Comparator.comparingInt(FunctionProcess::inFlight)).orElseThrow();
                    least.begin();
                    return least;
                }
                try {
                    wait(); // every slot is a process still starting: wait for one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FunctionException(FunctionException.Kind.FAILED, "Interrupted");
                }
            }
        }
        FunctionProcess started = null;
        try {
            started = starter.get();
        } finally {
            synchronized (this) {
                starting--;
                if (started != null) {
                    if (closed) {
                        started.stop();
                    } else {
                        started.begin();
                        processes.add(started);
                    }
                }
                notifyAll();
            }
        }
        if (closed) throw new FunctionException(FunctionException.Kind.FAILED, "Function runtime is shutting down");
        return started;
    }

    /** Gives back a process after a call. */
    void release(FunctionProcess p) {
        p.end();
        synchronized (this) {
            if (draining && p.inFlight() == 0) {
                processes.remove(p);
                p.stop();
            }
        }
    }

    /**
     * Stops the processes once their calls finish (idle ones now): the function's code changed, and
     * a fresh pool serves the next calls. A call that still reaches this pool is served, by a process
     * that stops when the call ends.
     */
    synchronized void drain() {
        draining = true;
        processes.removeIf(p -> {
            boolean idle = p.inFlight() == 0 || !p.isAlive();
            if (idle) p.stop();
            return idle;
        });
    }

    /** Stops a process that must not serve again (it timed out or broke a connection). */
    synchronized void retire(FunctionProcess p) {
        processes.remove(p);
        p.stop();
        notifyAll();
    }

    /** Stops processes idle for {@code idleNanos}; returns how many remain. */
    synchronized int reap(long idleNanos, long nowNanos) {
        processes.removeIf(p -> {
            boolean drop = !p.isAlive() || p.idleFor(idleNanos, nowNanos) || draining && p.inFlight() == 0;
            if (drop) p.stop();
            return drop;
        });
        return processes.size();
    }

    /** How many processes are running. */
    synchronized int size() {
        processes.removeIf(p -> !p.isAlive());
        return processes.size();
    }

    synchronized void close() {
        closed = true;
        processes.forEach(FunctionProcess::stop);
        processes.clear();
        notifyAll();
    }
}
