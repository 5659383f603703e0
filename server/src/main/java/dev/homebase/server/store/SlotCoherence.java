package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every node that shares a database on the slot assignment the table {@code record_slots} holds (see
 * {@link RecordSlots}), and sets right the records written with an old one.
 *
 * <ul>
 *   <li>When {@link SchemaIndexes#sync} changes an entity's assignment, it {@link #announce announces} it on the event
 *       bus inside its transaction (PostgreSQL: {@code pg_notify}, heard at commit; SQLite has one node and nothing to
 *       send); each other node reloads that entity's mirror from the table at once (one small query) and acknowledges,
 *       and the sync waits up to {@link #ACK_WAIT} for them. The bus is best effort, so every node also compares its
 *       mirror with the table every {@link #RECHECK_EVERY} and takes the table's if they differ (then it also repairs those entities, as below).</li>
 *   <li>A write another node made with its old mirror between the commit and its reload, or one in flight on any node
 *       meanwhile, is set right by the repair the changing node runs {@link #REPAIR_DELAY} after its commit, in the
 *       background ({@link SlotRepair}: it rewrites only the stale records and logs how many).</li>
 *   <li>Each node repairs every slotted entity of its apps once, {@link #REPAIR_DELAY} after it starts
 *       ({@link #repairSoon}): a node that stopped between a commit and its delayed repair, or one that kept writing
 *       with an old assignment until it was restarted, leaves nothing stale behind.</li>
 * </ul>
 * Repairs run one at a time on one background thread. Thread-safe.
 *
 * <pre>{@code
 * SlotCoherence slots = new SlotCoherence(db, topics.topic(SlotCoherence.TOPIC));
 * SchemaIndexes.sync(db, apps, declared, slots);
 * slots.repairSoon(apps);
 * }</pre>
 */
public final class SlotCoherence implements AutoCloseable {
    /** The event-bus topic of assignment changes. */
    public static final String TOPIC = "slots";
    /** How long after a commit (or a start) the background repair runs: writes in flight then have committed. */
    public static final Duration REPAIR_DELAY = Duration.ofSeconds(5);
    /**
     * How often a node compares its mirror with the table (one small query), in case it missed an announcement (the
     * bus is best effort: a node whose listening connection was down when it was sent never hears it).
     */
    public static final Duration RECHECK_EVERY = Duration.ofSeconds(30);
    /** How long a sync waits for the other nodes to reload their mirrors. */
    static final Duration ACK_WAIT = Duration.ofSeconds(2);
    private static final Pattern MESSAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}/\\w{1,128}");
    private static final Logger log = LoggerFactory.getLogger(SlotCoherence.class);

    private final Database db;
    private final EventBus bus;
    private final Duration delay;
    private final ScheduledExecutorService repairs;
    /** Syncs of this node under way: the table may differ from the mirror on purpose until they commit. */
    private final AtomicInteger syncing = new AtomicInteger();

    /** Listens on {@code bus} (the {@link #TOPIC} topic) and repairs {@link #REPAIR_DELAY} after a change. */
    public SlotCoherence(Database db, EventBus bus) {
        this(db, bus, REPAIR_DELAY);
    }

    /** With another repair delay (tests). */
    public SlotCoherence(Database db, EventBus bus, Duration delay) {
        this(db, bus, delay, RECHECK_EVERY);
    }

    /** With another repair delay and recheck interval (tests). */
    public SlotCoherence(Database db, EventBus bus, Duration delay, Duration recheckEvery) {
        this.db = db;
        this.bus = bus;
        this.delay = delay;
        this.repairs = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("slot-repair").daemon().factory());
        bus.subscribe(this::received);
        repairs.scheduleWithFixedDelay(this::recheck, recheckEvery.toMillis(), recheckEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A sync of this node starts: no recheck replaces the mirror it loads until {@link #syncEnded}. */
    void syncStarted() {
        syncing.incrementAndGet();
    }

    /** The sync ended (committed and mirrored, or rolled back and mirrored). */
    void syncEnded() {
        syncing.decrementAndGet();
    }

    /**
     * Tells the other nodes, as part of the transaction {@code c} belongs to, that the assignment of one entity
     * changed; returns what waits for them to have reloaded it (call it after the commit).
     */
    EventBus.Acks announce(Connection c, String appId, String entity) throws SQLException {
        return bus.publishAcknowledged(c, appId + "/" + entity);
    }

    /** After the commit of changed assignments: waits a little for the other nodes, then schedules the repairs. */
    void committed(Collection<EventBus.Acks> acks, Collection<String> keys) {
        long until = System.nanoTime() + ACK_WAIT.toNanos();
        for (EventBus.Acks a : acks) a.await(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
        for (String key : keys) {
            int cut = key.indexOf('\u0000');
            schedule(key.substring(0, cut), key.substring(cut + 1), "after a schema change");
        }
    }

    /** Schedules one repair of every entity of {@code apps} that has slots (a node's start). */
    public void repairSoon(Set<String> apps) {
        List<String[]> entities = db.read(c -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT app_id, entity FROM record_slots ORDER BY app_id, entity");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) if (apps.contains(rs.getString(1))) out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            return out;
        });
        for (String[] e : entities) schedule(e[0], e[1], "at start");
    }

    private void schedule(String appId, String entity, String why) {
        try {
            repairs.schedule(() -> repair(appId, entity, why), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Slots: closed, no repair of {}/{}", appId, entity);
        }
    }

    private void repair(String appId, String entity, String why) {
        long started = System.nanoTime();
        try {
            int fixed = SlotRepair.run(db, appId, entity);
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (fixed > 0) log.info("Slots: set right {} records of {}/{} written with an old assignment ({}, {} ms)", fixed, appId, entity, why, ms);
            else log.debug("Slots: no stale records of {}/{} ({}, {} ms)", appId, entity, why, ms);
        } catch (RuntimeException e) {
            log.warn("Slots: repair of {}/{} ({}) failed: {}", appId, entity, why, e.toString());
        }
    }

    /** The safety net for a missed announcement: the table wins (every {@link #RECHECK_EVERY}; tests call it too). */
    void recheck() {
        try {
            List<String[]> differed = db.read(c -> db.dialect().slots().reloadIfDiffers(c, () -> syncing.get() > 0));
            for (String[] e : differed) {
                // This node may have written that entity's records with its old assignment after the changing node's repair.
                log.info("Slots: the assignment of {}/{} differed from the table's (an announcement missed); reloaded", e[0], e[1]);
                schedule(e[0], e[1], "after a missed change");
            }
        } catch (RuntimeException e) {
            log.debug("Slots: recheck failed: {}", e.toString());
        }
    }

    /** Another node changed an entity's assignment: mirror the table's now. */
    private void received(String message) {
        if (!MESSAGE.matcher(message).matches()) return;
        int cut = message.indexOf('/');
        String appId = message.substring(0, cut);
        String entity = message.substring(cut + 1);
        db.read(c -> {
            db.dialect().slots().loadEntity(c, appId, entity);
            return null;
        });
        log.debug("Slots: reloaded the assignment of {}/{} another node changed", appId, entity);
    }

    /** Stops the repairs (one running ends first, up to a few seconds). Does not close the bus. */
    @Override
    public void close() {
        repairs.shutdownNow();
        try {
            repairs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
