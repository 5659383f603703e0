package dev.homebase.server.realtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Socket.IO packet ready for many connections: the complete WebSocket text payload, Engine.IO's {@code 4}
 * (message) prefix included, encoded to UTF-8 once. Each connection sends a read-only view of the same bytes, so a
 * room's fan-out neither concatenates nor encodes per member.
 */
final class OutboundFrame {
    private final String packet;
    private final byte[] payload;

    private OutboundFrame(String packet) {
        this.packet = packet;
        this.payload = ("4" + packet).getBytes(StandardCharsets.UTF_8);
    }

    /** The frame of one encoded Socket.IO packet, such as {@code 2["update_model",{...}]}. */
    static OutboundFrame of(String socketIoPacket) {
        return new OutboundFrame(socketIoPacket);
    }

    /** The Socket.IO packet, without the Engine.IO prefix (for a connection not served by our Jetty adapter). */
    String packet() {
        return packet;
    }

    /** The WebSocket payload's length in bytes. */
    int length() {
        return payload.length;
    }

    /** A fresh read-only view of the payload: its own position, the shared bytes. */
    ByteBuffer view() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }
}
