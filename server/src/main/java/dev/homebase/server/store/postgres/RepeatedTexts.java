package dev.homebase.server.store.postgres;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which statement texts a node sent often lately: a small table of counters indexed by each text's hash, all halved
 * every {@value #WINDOW} uses, so a text counts as often seen after more than {@value #OFTEN} uses in about that many
 * reads. Two texts that share a counter only make the rarer one count as often seen: an approximation in one
 * direction, harmless where it is used ({@link PostgresDialect#reusable}). Thread-safe, lock-free, 16 KiB.
 */
final class RepeatedTexts {
    static final int SLOTS = 4096;
    static final int OFTEN = 8;
    static final int WINDOW = 1 << 16;

    private final AtomicIntegerArray counts = new AtomicIntegerArray(SLOTS);
    private final AtomicInteger uses = new AtomicInteger();

    /** Counts one use of {@code text}; true when it was used more than {@value #OFTEN} times lately. */
    boolean seenOften(String text) {
        int h = text.hashCode();
        h ^= h >>> 16;
        int count = counts.incrementAndGet(h & (SLOTS - 1));
        if ((uses.incrementAndGet() & (WINDOW - 1)) == 0) {
            for (int i = 0; i < SLOTS; i++) counts.set(i, counts.get(i) >> 1);
        }
        return count > OFTEN;
    }
}
