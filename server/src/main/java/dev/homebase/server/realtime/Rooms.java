package dev.homebase.server.realtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Which connections joined which entity rooms. Entity names match case-insensitively (as on the REST side), so
 * members are indexed by app and lower-cased entity, and each keeps the exact room strings it joined: an event is
 * sent once per exact string, with that string as {@code room} (§17.4). Thread-safe.
 *
 * <p>The member list of a key is built once and reused by every event until a membership changes anywhere (a
 * version counter, bumped after each change, tells a reader whether its cached list is still current). It is also kept
 * split by dispatch lane ({@link Subscriber#lane()}), so each lane walks only its own members; and the members of one
 * list share one instance of each room string, so looking a room's packet up compares references.
 */
final class Rooms {
    /** Entity names as the schema allows them (§19.8), with a length bound. */
    private static final Pattern ENTITY = Pattern.compile("\\w{1,100}");
    private static final String PREFIX = "entities:";
    /** An agent conversation's room (§17.4), joined only when the {@link SubscriberFilter} allows it. */
    static final String CONVERSATION_PREFIX = "/agent-conversations/";
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** App id plus lower-cased entity name; for a conversation room, the exact room string (it starts with "/"). */
    record Key(String appId, String entityLower) {
        static Key of(String appId, String entity) {
            return new Key(appId, entity.toLowerCase(Locale.ROOT));
        }

        /** Whether this is a conversation room rather than an entity room. */
        boolean isConversation() {
            return entityLower.startsWith("/");
        }
    }

    /** A member of a room key and the exact room strings it joined under that key. */
    record Member(Subscriber subscriber, List<String> rooms) {}

    /** What a join did. */
    enum JoinResult { JOINED, ALREADY_JOINED, REFUSED_NAME, REFUSED_LIMIT, REFUSED_ACCESS }

    private final int maxRoomsPerSubscriber;
    private final int lanes;
    private final Map<Key, Set<Subscriber>> index = new ConcurrentHashMap<>();
    /** Per subscriber: key to the exact room strings. Guarded by the subscriber's own map. */
    private final Map<Subscriber, Map<Key, Set<String>>> joined = new ConcurrentHashMap<>();
    /** Bumped after every membership change; a cached member list built under an older version is rebuilt. */
    private final AtomicLong version = new AtomicLong();
    private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();

    private record Snapshot(long version, List<Member> members, List<List<Member>> byLane) {}

    Rooms(int maxRoomsPerSubscriber) {
        this(maxRoomsPerSubscriber, 1);
    }

    /** @param lanes how many dispatch lanes read member lists split by lane */
    Rooms(int maxRoomsPerSubscriber, int lanes) {
        this.maxRoomsPerSubscriber = maxRoomsPerSubscriber;
        this.lanes = lanes;
    }

    /** The key of an entity room of this app, or null when the name is not one. */
    static Key parse(String appId, String room) {
        if (room.startsWith(CONVERSATION_PREFIX)) {
            return CONVERSATION_ID.matcher(room.substring(CONVERSATION_PREFIX.length())).matches() ? new Key(appId, room) : null;
        }
        String prefix = PREFIX + appId + ":";
        if (!room.startsWith(prefix)) return null;
        String entity = room.substring(prefix.length());
        return ENTITY.matcher(entity).matches() ? Key.of(appId, entity) : null;
    }

    void add(Subscriber s) {
        joined.putIfAbsent(s, new HashMap<>());
    }

    /** Joins a room; idempotent. Rooms of other apps and unknown names are refused. */
    JoinResult join(Subscriber s, String room) {
        Key key = parse(s.appId(), room);
        if (key == null) return JoinResult.REFUSED_NAME;
        Map<Key, Set<String>> mine = joined.get(s);
        if (mine == null) return JoinResult.REFUSED_NAME; // already disconnected
        synchronized (mine) {
            if (joined.get(s) != mine) return JoinResult.REFUSED_NAME; // disconnected meanwhile (ping timeout thread)
            Set<String> exact = mine.get(key);
            if (exact != null && exact.contains(room)) return JoinResult.ALREADY_JOINED;
            int count = mine.values().stream().mapToInt(Set::size).sum();
            if (count >= maxRoomsPerSubscriber) return JoinResult.REFUSED_LIMIT;
            mine.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(room);
            index.compute(key, (k, set) -> {
                Set<Subscriber> members = set == null ? ConcurrentHashMap.newKeySet() : set;
                members.add(s);
                return members;
            });
            version.incrementAndGet();
            return JoinResult.JOINED;
        }
    }

    /** Leaves a room; leaving a room not joined does nothing. @return whether it was joined */
    boolean leave(Subscriber s, String room) {
        Key key = parse(s.appId(), room);
        Map<Key, Set<String>> mine = joined.get(s);
        if (key == null || mine == null) return false;
        synchronized (mine) {
            Set<String> exact = mine.get(key);
            if (exact == null || !exact.remove(room)) return false;
            if (exact.isEmpty()) {
                mine.remove(key);
                unindex(key, s);
            }
            version.incrementAndGet();
            return true;
        }
    }

    /** Removes a subscriber from every room. */
    void remove(Subscriber s) {
        Map<Key, Set<String>> mine = joined.remove(s);
        if (mine == null) return;
        synchronized (mine) {
            for (Key key : mine.keySet()) unindex(key, s);
            mine.clear();
        }
        version.incrementAndGet();
    }

    /** Whether anyone joined a room of this entity. */
    boolean hasMembers(String appId, String entity) {
        return index.containsKey(Key.of(appId, entity));
    }

    /** Whether anyone joined this room key. */
    boolean hasMembers(Key key) {
        return index.containsKey(key);
    }

    /** The members of an entity's rooms, each with its exact room strings (a snapshot). */
    List<Member> members(String appId, String entity) {
        return members(Key.of(appId, entity));
    }

    /** The members of a room key, each with its exact room strings (a snapshot, shared until memberships change). */
    List<Member> members(Key key) {
        return snapshot(key).members();
    }

    /** The members of an entity's rooms that belong to dispatch lane {@code lane} (a snapshot, like {@link #members}). */
    List<Member> members(String appId, String entity, int lane) {
        return members(Key.of(appId, entity), lane);
    }

    /** The members of a room key that belong to dispatch lane {@code lane} (a snapshot, like {@link #members}). */
    List<Member> members(Key key, int lane) {
        return snapshot(key).byLane().get(lane);
    }

    private Snapshot snapshot(Key key) {
        long current = version.get(); // read before building: a change made meanwhile leaves a newer version behind
        Snapshot cached = snapshots.get(key);
        if (cached != null && cached.version() == current) return cached;
        Snapshot built = build(key, current);
        if (built.members().isEmpty()) snapshots.remove(key);
        else snapshots.put(key, built);
        if (!index.containsKey(key)) snapshots.remove(key); // emptied meanwhile: keep no list of gone subscribers
        return built;
    }

    /** How many member lists are cached (one per room key with members that got an event). */
    int cachedLists() {
        return snapshots.size();
    }

    private Snapshot build(Key key, long version) {
        Set<Subscriber> subs = index.get(key);
        List<Member> out = new ArrayList<>(subs == null ? 0 : subs.size());
        List<List<Member>> byLane = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) byLane.add(new ArrayList<>());
        Map<String, String> shared = new HashMap<>(); // one instance per room string in this list
        if (subs != null) {
            for (Subscriber s : subs) {
                Map<Key, Set<String>> mine = joined.get(s);
                if (mine == null) continue;
                List<String> rooms;
                synchronized (mine) {
                    Set<String> exact = mine.get(key);
                    if (exact == null || exact.isEmpty()) continue;
                    List<String> canonical = new ArrayList<>(exact.size());
                    for (String room : exact) canonical.add(shared.computeIfAbsent(room, r -> r));
                    rooms = List.copyOf(canonical);
                }
                Member member = new Member(s, rooms);
                out.add(member);
                byLane.get(Math.floorMod(s.lane(), lanes)).add(member);
            }
        }
        List<List<Member>> lanesCopy = new ArrayList<>(lanes);
        for (List<Member> l : byLane) lanesCopy.add(List.copyOf(l));
        return new Snapshot(version, List.copyOf(out), List.copyOf(lanesCopy));
    }

    /** Rooms one subscriber is in. */
    int roomCount(Subscriber s) {
        Map<Key, Set<String>> mine = joined.get(s);
        if (mine == null) return 0;
        synchronized (mine) {
            return mine.values().stream().mapToInt(Set::size).sum();
        }
    }

    /** Memberships over all subscribers (one per subscriber per exact room). */
    int memberships() {
        int n = 0;
        for (Subscriber s : joined.keySet()) n += roomCount(s);
        return n;
    }

    private void unindex(Key key, Subscriber s) {
        Set<Subscriber> left = index.computeIfPresent(key, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
        if (left == null) snapshots.remove(key); // the room is empty: its cached list must not keep its last members
    }
}
