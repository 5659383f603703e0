package dev.homebase.server.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EventBus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus between nodes on one PostgreSQL database: {@code NOTIFY} on one channel, {@code LISTEN} on a dedicated
 * connection per node.
 *
 * <p>A notification's payload is {@code nodeId|seq|i|message} for a message that fits inline, or
 * {@code nodeId|seq|r|rowId} for a larger one (upper case {@code I}, {@code R}: the sender waits for every other node to
 * acknowledge it, which each does with {@code nodeId|0|a|senderId|seq} once handled), written to {@code realtime_events} in the transaction that notifies
 * (so the row is visible when the notification arrives) and read back by the listeners. NOTIFY's limit is 8000 bytes;
 * {@link #MAX_INLINE_BYTES} leaves room for the header. Rows older than {@link #KEEP} are purged by the sender. The
 * sequence number keeps equal messages of one transaction from being merged by PostgreSQL; the node id lets a node skip
 * its own notifications.
 *
 * <p>{@link #publish(Connection, String)} notifies inside the caller's write transaction (delivered at its commit).
 * {@link #publish(String)}, for changes that already committed, sends on one background thread, in batches (one
 * transaction per batch), so writers never wait on it.
 * The listening connection is not from the pool; when it drops, the listener reconnects with backoff (messages sent
 * meanwhile are not replayed).
 *
 * <p>Presence: {@link #reachesOtherNodes()} is false while no other node has been heard for {@link #PRESENCE_TTL}, so a
 * lone node's writes prepare and send no realtime message at all (its {@code pg_notify} batches were ~10 % of a
 * create's or update's server CPU). A node says {@code nodeId|0|h|} ("hello") each time it starts listening, and every
 * other node answers {@code nodeId|0|p|} ("present"), which each node also repeats every {@link #HEARTBEAT}; any
 * notification from another node counts as hearing it. So a starting node is heard by the others before it serves a
 * request (it starts listening when it starts), and a node that stopped is dropped after {@link #PRESENCE_TTL}. While
 * this node's own listening connection is down it cannot hear anyone, and it sends to be safe.
 */
public final class PostgresEventBus implements EventBus {
    /** The one channel every node listens on. */
    public static final String CHANNEL = "homebase_events";
    /** Messages up to this many UTF-8 bytes go inline; larger ones by reference. */
    public static final int MAX_INLINE_BYTES = 7000;
    /** How long by-reference rows are kept for listeners to read. */
    static final Duration KEEP = Duration.ofMinutes(5);
    /** How often the sender purges older rows. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int OUTBOX_CAPACITY = 100_000;
    private static final int BATCH = 200;
    private static final Duration IDLE_CHECK = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How often a node says it is present (its other notifications count too). */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How long after the last word from another node this node still sends to the others. */
    static final Duration PRESENCE_TTL = HEARTBEAT.multipliedBy(3);
    /** How long after saying hello a node sends to the others before any has answered. */
    private static final Duration HELLO_GRACE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PostgresEventBus.class);

    private final Database db;
    private final String jdbcUrl;
    private final String nodeId;
    private final Duration keep;
    private final Duration purgeEvery;
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>(OUTBOX_CAPACITY);
    private final AtomicLong seq = new AtomicLong();
    /** Own messages someone waits for the other nodes to acknowledge ({@link #publishAcknowledged}), by sequence number. */
    private final Map<Long, CountDownLatch> awaited = new ConcurrentHashMap<>();
    private static final int MAX_AWAITED = 10_000;
    /** The application name of a node's listening connection, followed by its node id. */
    private static final String LISTENER_NAME = "homebase-listen-";
    private final Thread sender;
    private final Thread listener;
    private volatile Consumer<String> handler = m -> { };
    private volatile Connection listening;
    private volatile boolean listeningNow;
    private volatile boolean closed;
    private long lastPurge;
    private long lastHeartbeat;
    /** {@link System#nanoTime()} until which another node counts as present (at first: none). */
    private volatile long othersUntil = System.nanoTime();
    private final long presenceTtlNanos;
    private final long heartbeatNanos;

    private final LongAdder sent = new LongAdder();
    private final LongAdder sentByReference = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder reconnects = new LongAdder();

    /**
     * Starts the sender and the listener.
     *
     * @param db the pooled database, for sending
     * @param jdbcUrl the same database, for the dedicated listening connection
     * @param nodeId this node's id, unique among the nodes (a random UUID per process)
     */
    public PostgresEventBus(Database db, String jdbcUrl, String nodeId) {
        this(db, jdbcUrl, nodeId, KEEP, PURGE_EVERY);
    }

    /** With other purge timers (tests). */
    PostgresEventBus(Database db, String jdbcUrl, String nodeId, Duration keep, Duration purgeEvery) {
        this(db, jdbcUrl, nodeId, keep, purgeEvery, HEARTBEAT, PRESENCE_TTL);
    }

    /** With other purge and presence timers (tests). */
    PostgresEventBus(Database db, String jdbcUrl, String nodeId, Duration keep, Duration purgeEvery, Duration heartbeat,
                     Duration presenceTtl) {
        if (nodeId.contains("|")) throw new IllegalArgumentException("node id must not contain '|'");
        this.db = db;
        this.jdbcUrl = jdbcUrl;
        this.nodeId = nodeId;
        this.keep = keep;
        this.purgeEvery = purgeEvery;
        this.heartbeatNanos = heartbeat.toNanos();
        this.presenceTtlNanos = presenceTtl.toNanos();
        this.sender = Thread.ofPlatform().daemon().name("event-bus-send").start(this::sendLoop);
        this.listener = Thread.ofPlatform().daemon().name("event-bus-listen").start(this::listenLoop);
    }

    /**
     * Whether another node has been heard within {@link #PRESENCE_TTL}, or this node cannot hear them now (its listening
     * connection is down): then realtime changes are sent to the other nodes; otherwise there is nobody to send them to.
     */
    @Override
    public boolean reachesOtherNodes() {
        return !listeningNow || System.nanoTime() - othersUntil < 0;
    }

    @Override
    public void publish(String message) {
        if (closed) return;
        if (!outbox.offer(message)) {
            dropped.increment();
            long n = dropped.sum();
            if (n == 1 || n % 1000 == 0) log.warn("Event bus: {} events not sent to other nodes: outbox full", n);
        }
    }

    @Override
    public void publish(Connection c, String message) throws SQLException {
        if (closed) return;
        send(c, seq.incrementAndGet(), message, false);
    }

    @Override
    public Acks publishAcknowledged(Connection c, String message) throws SQLException {
        if (closed) return Acks.NONE;
        long n = seq.incrementAndGet();
        int others = listeningNow ? otherListeners(c) : 0;
        if (others == 0) {
            send(c, n, message, false);
            return Acks.NONE; // nobody else to wait for (or we would not hear their answers)
        }
        CountDownLatch acks = new CountDownLatch(others);
        if (awaited.size() >= MAX_AWAITED) awaited.clear(); // rolled-back sends are never acknowledged; stay bounded
        awaited.put(n, acks);
        send(c, n, message, true);
        return max -> {
            try {
                if (!acks.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.debug("Event bus: {} of {} nodes did not acknowledge in {}", acks.getCount(), others, max);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                awaited.remove(n);
            }
        };
    }

    /** The other nodes listening on this database now: their listening connections are named after them. */
    private int otherListeners(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name LIKE 'homebase-listen-%' AND application_name <> ?")) {
            ps.setString(1, LISTENER_NAME + nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * Notifies on {@code c} (inline, or by a row written on {@code c} for a large message); with {@code acknowledged},
     * the kind is upper case ({@code I}, {@code R}) and the receivers acknowledge it.
     */
    private void send(Connection c, long n, String message, boolean acknowledged) throws SQLException {
        String header = nodeId + "|" + n + "|";
        String payload;
        if (header.length() + 2 + utf8Length(message) <= MAX_INLINE_BYTES) {
            payload = header + (acknowledged ? "I|" : "i|") + message;
        } else {
            // The row is written in the same transaction, so it is visible when the notification arrives.
            try (PreparedStatement store = c.prepareStatement(
                    "INSERT INTO realtime_events (node_id, payload, created_at) VALUES (?, ?, ?) RETURNING id")) {
                store.setString(1, nodeId);
                store.setString(2, message);
                store.setLong(3, System.currentTimeMillis());
                try (ResultSet rs = store.executeQuery()) {
                    rs.next();
                    payload = header + (acknowledged ? "R|" : "r|") + rs.getLong(1);
                }
            }
            sentByReference.increment();
        }
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.executeQuery().close();
        }
        sent.increment();
    }

    @Override
    public void subscribe(Consumer<String> handler) {
        this.handler = handler;
    }

    /** Whether the listening connection is up and listening (for tests and health). */
    public boolean listening() {
        return listeningNow;
    }

    /** The counters: sent, of them by reference, received from other nodes, dropped, reconnects. */
    public String stats() {
        return "sent=" + sent.sum() + " byReference=" + sentByReference.sum() + " received=" + received.sum()
                + " dropped=" + dropped.sum() + " reconnects=" + reconnects.sum();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        sender.interrupt();
        Connection c = listening;
        if (c != null) {
            try {
                c.close(); // wakes the listener out of its wait
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        listener.interrupt();
        try {
            sender.join(2000);
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- sending ----

    private void sendLoop() {
        List<String> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                String first = outbox.poll(Math.min(1000, Math.max(1, heartbeatNanos / 1_000_000)), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    outbox.drainTo(batch, BATCH - 1);
                    send(batch);
                    batch.clear();
                }
                purgeNowAndThen();
                heartbeatNowAndThen();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Event bus: {} events not sent to other nodes: {}", batch.size(), e.getMessage());
                batch.clear();
            }
        }
    }

    private void send(List<String> batch) {
        long now = System.currentTimeMillis();
        // A batch of inline messages is one statement (the notifications), sent without BEGIN and COMMIT.
        boolean inline = batch.stream().allMatch(this::inlineWhateverItsNumber);
        Database.TxFunction<Void> work = c -> {
            List<String> payloads = new ArrayList<>(batch.size());
            try (PreparedStatement store = c.prepareStatement(
                    "INSERT INTO realtime_events (node_id, payload, created_at) VALUES (?, ?, ?) RETURNING id")) {
                for (String message : batch) {
                    String header = nodeId + "|" + seq.incrementAndGet() + "|";
                    if (header.length() + 2 + utf8Length(message) <= MAX_INLINE_BYTES) {
                        payloads.add(header + "i|" + message);
                    } else {
                        store.setString(1, nodeId);
                        store.setString(2, message);
                        store.setLong(3, now);
                        try (ResultSet rs = store.executeQuery()) {
                            rs.next();
                            payloads.add(header + "r|" + rs.getLong(1));
                        }
                        sentByReference.increment();
                    }
                }
            }
            // The whole batch in one statement (one round trip), in order: pg_notify is volatile, so it runs per
            // row after the sort.
            try (PreparedStatement notify = c.prepareStatement(
                    "SELECT pg_notify(?, t.p) FROM unnest(?) WITH ORDINALITY AS t(p, n) ORDER BY t.n")) {
                notify.setString(1, CHANNEL);
                notify.setArray(2, c.createArrayOf("text", payloads.toArray()));
                notify.executeQuery().close();
            }
            return null;
        };
        if (inline) db.inSingleStatement(work);
        else db.inTx(work);
        sent.add(batch.size());
    }

    /** Whether {@code message} goes inline whatever its sequence number (at most 20 digits). */
    private boolean inlineWhateverItsNumber(String message) {
        return nodeId.length() + 22 + 2 + utf8Length(message) <= MAX_INLINE_BYTES;
    }

    private void purgeNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < purgeEvery.toMillis()) return;
        lastPurge = now;
        int purged = db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM realtime_events WHERE created_at < ?")) {
                ps.setLong(1, now - keep.toMillis());
                return ps.executeUpdate();
            }
        });
        if (purged > 0) log.debug("Event bus: purged {} old by-reference events", purged);
    }

    /** Every {@link #HEARTBEAT}, while listening: "present", so that the other nodes keep sending here. */
    private void heartbeatNowAndThen() {
        long now = System.nanoTime();
        if (!listeningNow || now - lastHeartbeat < heartbeatNanos) return;
        lastHeartbeat = now;
        sayPresence("p");
    }

    /**
     * {@link #notifyPresence} on a pooled connection: the listening connection only listens (and acknowledges), so
     * that what it last ran stays its {@code LISTEN}.
     */
    private void sayPresence(String kind) {
        try {
            db.inSingleStatement(c -> {
                notifyPresence(c, kind);
                return null;
            });
        } catch (RuntimeException e) { // the pool is busy or the database away: the next heartbeat says it again
            log.debug("Event bus: presence not sent: {}", e.getMessage());
        }
    }

    /** {@code kind} "h" (hello: who is there?) or "p" (present), from this node, on {@code c}. */
    private void notifyPresence(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, nodeId + "|0|" + kind + "|");
            ps.executeQuery().close();
        }
    }

    private static int utf8Length(String s) {
        if (s.length() * 3 <= MAX_INLINE_BYTES) return s.length() * 3; // an upper bound is enough to decide
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- listening ----

    private void listenLoop() {
        long backoff = 250;
        boolean first = true;
        while (!closed) {
            try (Connection c = connect()) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listeningNow = true;
                // The other nodes answer "p" and, from now on, send their changes here too; until their answers arrive
                // (milliseconds), this node sends to them as if they were there.
                long grace = System.nanoTime() + Math.min(presenceTtlNanos, HELLO_GRACE.toNanos());
                if (grace - othersUntil > 0) othersUntil = grace;
                sayPresence("h");
                if (!first) {
                    reconnects.increment();
                    log.info("Event bus: listening again on {}", CHANNEL);
                }
                first = false;
                backoff = 250;
                listen(c);
            } catch (SQLException e) {
                listeningNow = false;
                if (closed) return;
                log.warn("Event bus: listening connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } finally {
                listeningNow = false;
                listening = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        // The pool's driver properties (user, password, TLS from the --db URL): the JDBC URL alone does not carry them.
        if (db.dataSource() instanceof HikariDataSource pool) props.putAll(pool.getDataSourceProperties());
        props.setProperty("ApplicationName", LISTENER_NAME + nodeId);
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        c.setAutoCommit(true);
        return c;
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (!closed) {
            PGNotification[] notes = pg.getNotifications(500);
            if (notes != null && notes.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification n : notes) handle(c, n.getParameter());
            } else if (System.nanoTime() - lastHeard > IDLE_CHECK.toNanos()) {
                // A quiet connection may be a dead one: a round trip finds out (and throws, to reconnect).
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private void handle(Connection c, String payload) throws SQLException {
        String[] parts = payload.split("\\|", 4);
        if (parts.length != 4 || parts[0].equals(nodeId)) return; // our own, already delivered locally
        othersUntil = System.nanoTime() + presenceTtlNanos;
        if (parts[2].equals("h")) { // a node started listening: say we are here
            sayPresence("p");
            return;
        }
        if (parts[2].equals("p")) return;
        if (parts[2].equals("a")) { // "nodeId|seq" of a message that node waits on
            acknowledged(parts[3]);
            return;
        }
        String message;
        if (parts[2].equalsIgnoreCase("i")) {
            message = parts[3];
        } else if (parts[2].equalsIgnoreCase("r")) {
            message = byReference(c, parts[3]);
            if (message == null) return;
        } else {
            return;
        }
        received.increment();
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            log.warn("Event bus: a message from node {} could not be handled", parts[0], e);
        }
        if (parts[2].equals("I") || parts[2].equals("R")) {
            // Handled: tell the sender, on this listening connection (autocommit: sent at once).
            try (PreparedStatement ack = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ack.setString(1, CHANNEL);
                ack.setString(2, nodeId + "|0|a|" + parts[0] + "|" + parts[1]);
                ack.executeQuery().close();
            }
        }
    }

    private void acknowledged(String target) {
        int bar = target.indexOf('|');
        if (bar < 0 || !target.substring(0, bar).equals(nodeId) || awaited.isEmpty()) return;
        try {
            CountDownLatch acks = awaited.get(Long.parseLong(target.substring(bar + 1)));
            if (acks != null) acks.countDown();
        } catch (NumberFormatException e) {
            // not an acknowledgement of ours
        }
    }

    private static String byReference(Connection c, String id) throws SQLException {
        long rowId;
        try {
            rowId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM realtime_events WHERE id = ?")) {
            ps.setLong(1, rowId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getString(1);
            }
        }
        log.debug("Event bus: event {} was purged before it was read", rowId);
        return null;
    }
}
