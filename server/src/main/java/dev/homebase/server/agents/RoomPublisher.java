package dev.homebase.server.agents;

/** Where conversation changes are pushed: the realtime relay's conversation rooms (all nodes). */
@FunctionalInterface
public interface RoomPublisher {
    /** Sends {@code update_model} with {@code data} (a JSON text) to the members of {@code room} of {@code appId}. */
    void publish(String appId, String room, String data);
}
