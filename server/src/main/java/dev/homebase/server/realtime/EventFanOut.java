package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the dispatch lanes share while each sends one event to its own connections: every group's verdict (what a
 * {@link SubscriberFilter#groupKey} group sees, asked of the filter once per group whichever lane meets the group
 * first) and every distinct (shape, room) packet, encoded once. Thread-safe; one per event.
 */
final class EventFanOut {
    private final ConcurrentHashMap<Object, Optional<ObjectNode>> verdicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PacketKey, OutboundFrame> frames = new ConcurrentHashMap<>();

    /** A shape by identity (two groups that get the very same record share its packets) and an exact room. */
    private record PacketKey(ObjectNode shape, String room) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PacketKey k && k.shape == shape && k.room.equals(room);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(shape) * 31 + room.hashCode();
        }
    }

    /** The group's verdict: {@code ask} runs once per group for this event (other lanes wait for its answer). */
    Optional<ObjectNode> verdict(Object group, Supplier<Optional<ObjectNode>> ask) {
        return verdicts.computeIfAbsent(group, g -> ask.get());
    }

    /** The frame of this shape in this room, encoded by {@code encode} once for this event. */
    OutboundFrame frame(ObjectNode shape, String room, Function<String, OutboundFrame> encode) {
        return frames.computeIfAbsent(new PacketKey(shape, room), k -> encode.apply(k.room()));
    }
}
