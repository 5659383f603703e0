package dev.homebase.server.automations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the due ticks of scheduled automations on each step of a node's loop. A tick is due when
 * it is the newest tick at or before now (and before the schedule's end) and later than both when the
 * automation was first seen and the last tick claimed. Only the newest is claimed: ticks missed while
 * every node was down run once, at start, not once each; a new automation does not run for ticks
 * before it was first seen. The last state read is cached per automation, so a step whose ticks are
 * not due does not touch the database. Used by one thread at a time.
 */
final class TickScheduler {
    private static final Logger log = LoggerFactory.getLogger(TickScheduler.class);

    private final RunStore store;
    private final Clock clock;
    private final Map<String, RunStore.ScheduleState> states = new ConcurrentHashMap<>();

    TickScheduler(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reads (or records, on the first sight by any node) when each scheduled automation was first seen,
     * so that "first seen" is the start, not the first step of the loop.
     */
    void prime(List<Automation> automations) {
        long now = clock.millis();
        for (Automation a : automations) {
            if (a.trigger() instanceof Automation.Scheduled) states.computeIfAbsent(a.appId() + "\u0000" + a.key(), k -> store.schedule(a, now));
        }
    }

    /** Claims the due tick of each active scheduled automation in {@code automations}, if any. */
    void tick(List<Automation> automations) {
        for (Automation a : automations) {
            if (!a.active() || !(a.trigger() instanceof Automation.Scheduled s)) continue;
            Instant now = clock.instant();
            String key = a.appId() + "\u0000" + a.key();
            RunStore.ScheduleState state = states.computeIfAbsent(key, k -> store.schedule(a, now.toEpochMilli()));
            Ends ends = s.ends();
            if (ends.after() > 0 && state.fired() >= ends.after()) continue;
            Instant bound = ends.on() != null && ends.on().isBefore(now) ? ends.on() : now;
            Optional<Instant> latest = s.schedule().latestAtOrBefore(bound);
            if (latest.isEmpty() || latest.get().toEpochMilli() <= state.seenTo()) continue;
            long slot = latest.get().toEpochMilli();
            if (store.claimTick(a, slot, ends.after(), now.toEpochMilli())) {
                log.debug("app {}: {} of {}: tick {} claimed", a.appId(), a.label(), a.function(), latest.get());
            }
            states.put(key, store.schedule(a, now.toEpochMilli()));
        }
    }
}
