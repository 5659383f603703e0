package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Room names, idempotent joins, limits and case-insensitive matching, without a server. */
class RoomsTest {

    private static Subscriber subscriber(String appId) {
        return new Subscriber(null, appId, Optional.empty(), Optional.empty(), Instant.EPOCH);
    }

    @Test
    void onlyEntityAndConversationRoomsParse() {
        assertEquals(new Rooms.Key("app", "task"), Rooms.parse("app", "entities:app:Task"));
        assertNull(Rooms.parse("app", "entities:other:Task"));
        assertNull(Rooms.parse("app", "entities:app:"));
        assertNull(Rooms.parse("app", "entities:app:Task:x"));
        assertNull(Rooms.parse("app", "entities:app:Ta sk"));
        // Conversation rooms (§17.4) are keys of their own; who may join them is the filter's decision.
        assertEquals(new Rooms.Key("app", "/agent-conversations/abc"), Rooms.parse("app", "/agent-conversations/abc"));
        assertTrue(Rooms.parse("app", "/agent-conversations/abc").isConversation());
        assertNull(Rooms.parse("app", "/agent-conversations/"));
        assertNull(Rooms.parse("app", "/agent-conversations/a b"));
        assertNull(Rooms.parse("app", "/agent-conversations/a/b"));
        assertNull(Rooms.parse("app", "entities:app:" + "x".repeat(101)));
        assertNull(Rooms.parse("ap", "entities:app:Task"));
    }

    @Test
    void memberListsAreSplitByLaneAndShareRoomStrings() {
        Rooms rooms = new Rooms(10, 2);
        List<Subscriber> subs = List.of(subscriber("app"), subscriber("app"), subscriber("app"));
        for (int i = 0; i < subs.size(); i++) {
            subs.get(i).assignLane(i % 2);
            rooms.add(subs.get(i));
            // Each join brings its own string, as each client's message does.
            assertEquals(Rooms.JoinResult.JOINED, rooms.join(subs.get(i), new String("entities:app:Task".toCharArray())));
        }
        Rooms.Key key = Rooms.Key.of("app", "Task");
        assertEquals(List.of(subs.get(0), subs.get(2)), rooms.members(key, 0).stream().map(Rooms.Member::subscriber).sorted(byIndexIn(subs)).toList());
        assertEquals(List.of(subs.get(1)), rooms.members(key, 1).stream().map(Rooms.Member::subscriber).toList());
        assertEquals(3, rooms.members(key).size());
        String first = rooms.members(key).get(0).rooms().get(0);
        for (Rooms.Member m : rooms.members(key)) assertTrue(m.rooms().get(0) == first, "one instance of the room string per list");

        assertTrue(rooms.leave(subs.get(2), "entities:app:Task"));
        assertEquals(List.of(subs.get(0)), rooms.members(key, 0).stream().map(Rooms.Member::subscriber).toList());
    }

    private static java.util.Comparator<Subscriber> byIndexIn(List<Subscriber> subs) {
        return java.util.Comparator.comparingInt(subs::indexOf);
    }

    @Test
    void joinIsIdempotentAndLeaveUndoesIt() {
        Rooms rooms = new Rooms(3);
        Subscriber s = subscriber("app");
        rooms.add(s);
        assertEquals(Rooms.JoinResult.JOINED, rooms.join(s, "entities:app:Task"));
        assertEquals(Rooms.JoinResult.ALREADY_JOINED, rooms.join(s, "entities:app:Task"));
        assertEquals(1, rooms.roomCount(s));
        assertTrue(rooms.leave(s, "entities:app:Task"));
        assertFalse(rooms.leave(s, "entities:app:Task"));
        assertFalse(rooms.hasMembers("app", "Task"));
    }

    @Test
    void cachedMemberListFollowsEveryJoinLeaveAndDisconnect() {
        Rooms rooms = new Rooms(5);
        Subscriber a = subscriber("app");
        Subscriber b = subscriber("app");
        rooms.add(a);
        rooms.add(b);
        rooms.join(a, "entities:app:Task");
        List<Rooms.Member> first = rooms.members("app", "Task");
        assertEquals(List.of(a), first.stream().map(Rooms.Member::subscriber).toList());
        assertTrue(first == rooms.members("app", "task"), "unchanged memberships reuse the list");

        rooms.join(b, "entities:app:Task");
        assertEquals(2, rooms.members("app", "Task").size());
        rooms.join(b, "entities:app:TASK"); // a second exact name under the same key
        assertEquals(List.of("entities:app:Task", "entities:app:TASK"), rooms.members("app", "Task").stream()
                .filter(m -> m.subscriber() == b).findFirst().orElseThrow().rooms());
        rooms.leave(b, "entities:app:TASK");
        assertEquals(List.of("entities:app:Task"), rooms.members("app", "Task").stream()
                .filter(m -> m.subscriber() == b).findFirst().orElseThrow().rooms());
        rooms.remove(a);
        assertEquals(List.of(b), rooms.members("app", "Task").stream().map(Rooms.Member::subscriber).toList());
        assertEquals(1, rooms.cachedLists());
        rooms.leave(b, "entities:app:Task");
        assertEquals(0, rooms.cachedLists(), "an emptied room keeps no list of its last members");
        assertTrue(rooms.members("app", "Task").isEmpty());

        rooms.join(b, "entities:app:Task");
        rooms.members("app", "Task");
        rooms.remove(b); // a disconnect empties the room too
        assertEquals(0, rooms.cachedLists());
    }

    @Test
    void limitAndRefusals() {
        Rooms rooms = new Rooms(2);
        Subscriber s = subscriber("app");
        rooms.add(s);
        assertEquals(Rooms.JoinResult.REFUSED_NAME, rooms.join(s, "entities:other:Task"));
        assertEquals(Rooms.JoinResult.JOINED, rooms.join(s, "entities:app:A"));
        assertEquals(Rooms.JoinResult.JOINED, rooms.join(s, "entities:app:B"));
        assertEquals(Rooms.JoinResult.REFUSED_LIMIT, rooms.join(s, "entities:app:C"));
        assertEquals(Rooms.JoinResult.ALREADY_JOINED, rooms.join(s, "entities:app:A"));
        rooms.remove(s);
        assertEquals(0, rooms.memberships());
        assertFalse(rooms.hasMembers("app", "A"));
        assertEquals(Rooms.JoinResult.REFUSED_NAME, rooms.join(s, "entities:app:A"), "gone after disconnect");
    }

    @Test
    void membersMatchCaseInsensitivelyWithTheirExactRooms() {
        Rooms rooms = new Rooms(10);
        Subscriber a = subscriber("app");
        Subscriber b = subscriber("app");
        rooms.add(a);
        rooms.add(b);
        rooms.join(a, "entities:app:Task");
        rooms.join(a, "entities:app:task");
        rooms.join(b, "entities:app:TASK");
        List<Rooms.Member> members = rooms.members("app", "tAsK");
        assertEquals(2, members.size());
        Rooms.Member ma = members.stream().filter(m -> m.subscriber() == a).findFirst().orElseThrow();
        assertEquals(List.of("entities:app:Task", "entities:app:task"), ma.rooms());
        assertEquals(3, rooms.memberships());
        assertTrue(rooms.members("app", "Other").isEmpty());
    }

    @Test
    void tokensNullAndUndefinedMeanNone() {
        assertEquals(Optional.empty(), RealtimeServer.token(null));
        assertEquals(Optional.empty(), RealtimeServer.token(""));
        assertEquals(Optional.empty(), RealtimeServer.token("null"));
        assertEquals(Optional.empty(), RealtimeServer.token("undefined"));
        assertEquals(Optional.of("eyJ.x.y"), RealtimeServer.token("eyJ.x.y"));
    }

    @Test
    void nestingDepthIgnoresBracketsInStrings() {
        assertEquals(1, JettyEndpoint.nestingDepth("2[\"join\",\"[[[{{{\"]"));
        assertEquals(3, JettyEndpoint.nestingDepth("2[[{\"a\\\"[\":1}]]"));
        assertEquals(0, JettyEndpoint.nestingDepth("40"));
    }
}
