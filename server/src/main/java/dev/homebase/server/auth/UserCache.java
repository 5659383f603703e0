package dev.homebase.server.auth;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.EventBus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users that signed-in requests run as, kept for a few seconds so that a request does not read its caller's user
 * row in a transaction of its own. Thread-safe.
 *
 * <p>Every change to a user ({@link UserStore} tells {@link #changed} inside the changing transaction) drops the copy
 * on this node right away and again once the change committed, and on every other node through the {@link EventBus}
 * when it commits (PostgreSQL: {@code pg_notify} in that same transaction); the changing request answers once the
 * other nodes acknowledged the drop (at most {@link #ACK_WAIT}). So a role change, a password change (token version),
 * or a deletion applies to the very next request on any node. A copy read while a change was on its way is
 * never used: each drop bumps a generation, and a copy is used only in the generation its read began in (user
 * changes are rare, so a drop of one user retiring every copy costs little).
 *
 * <p>NB: while a node's listening connection is down, it misses the drops of the other nodes; its copies then live at
 * most {@link #TTL}. Users that do not exist are never kept. At most {@link #MAX_ENTRIES} copies; when full, all are
 * dropped (cheap, and refilled within a request each).
 */
public final class UserCache {
    /** How long a copy is used. */
    public static final Duration TTL = Duration.ofSeconds(5);
    /** Most users kept. */
    public static final int MAX_ENTRIES = 10_000;
    /** Longest a change waits, after its commit, for the other nodes to drop their copies (one may be stuck or gone). */
    static final Duration ACK_WAIT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(UserCache.class);

    private record Key(String appId, String userId) {}

    private record Entry(UserRecord user, long until, long generation) {}

    private final Database db;
    private final UserStore users;
    private final EventBus bus;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param db where users are read
     * @param users how they are read
     * @param bus the other nodes' changes arrive here, and this node's leave here (a topic of its own)
     */
    public UserCache(Database db, UserStore users, EventBus bus) {
        this.db = db;
        this.users = users;
        this.bus = bus;
        bus.subscribe(this::fromOtherNode);
    }

    /** The user with {@code userId} in {@code appId}, from the copy when fresh, else from the database. */
    public Optional<UserRecord> find(String appId, String userId) {
        Key key = new Key(appId, userId);
        Entry e = entries.get(key);
        long now = System.nanoTime();
        long current = generation.get();
        if (e != null && e.generation == current && now - e.until < 0) return Optional.of(e.user);
        Optional<UserRecord> found = db.read(c -> users.findById(c, appId, userId));
        if (found.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) entries.clear();
            // Stamped with the generation the read began in: after a drop that arrived meanwhile (maybe about a change
            // this read did not see), the copy is never used.
            entries.put(key, new Entry(found.get(), now + TTL.toNanos(), current));
        }
        return found;
    }

    /**
     * A user is being changed in the transaction {@code c} belongs to: the copies here are dropped now and after the
     * commit, the other nodes' when it commits.
     *
     * @throws SQLException when the notification cannot be sent (the change rolls back)
     */
    public void changed(Connection c, String appId, String userId) throws SQLException {
        drop(appId, userId);
        EventBus.Acks acks = bus.publishAcknowledged(c, appId + "|" + userId);
        db.afterCommit(c, () -> {
            drop(appId, userId);
            tell(appId, userId);
            // The change's request answers once the other nodes dropped their copies: their next request sees it.
            acks.await(ACK_WAIT);
        });
    }

    /** Drops the copy of one user (and retires every other copy: see the class comment). */
    public void drop(String appId, String userId) {
        generation.incrementAndGet();
        entries.remove(new Key(appId, userId));
    }

    private void fromOtherNode(String message) {
        int bar = message.indexOf('|');
        if (bar < 0) {
            log.warn("User changes: malformed message from another node ignored");
            return;
        }
        String appId = message.substring(0, bar);
        String userId = message.substring(bar + 1);
        drop(appId, userId);
        tell(appId, userId);
    }

    /**
     * Tells {@code listener} (app id, user id) of every committed change to a user, made on this node (after its
     * commit) or on another (when its message arrives), once the copy here was dropped. For what keeps a user beyond
     * one request (realtime connections). A listener must be quick and must not throw.
     */
    public void onCommittedChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    private void tell(String appId, String userId) {
        for (BiConsumer<String, String> listener : listeners) {
            try {
                listener.accept(appId, userId);
            } catch (RuntimeException e) {
                log.warn("User changes: a listener failed", e);
            }
        }
    }
}
