package dev.homebase.server.realtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Socket.IO packet ready for many connections: the complete WebSocket text payload, Engine.IO's {@code 4}
 * (message) prefix included, encoded to UTF-8 once. Each connection sends a read-only view of the same bytes, so a
 * room's fan-out neither concatenates nor encodes per member.
 *
 * <p>A frame {@linkplain #shared shared} by many connections keeps its bytes off the Java heap: the socket write
 * then reads them where they are, where bytes on the heap are first copied to a temporary native buffer, once per
 * connection.
 */
final class OutboundFrame {
    /** Largest payload kept off the heap (bigger, rare events stay on the heap, counted by the heap limit). */
    static final int MAX_DIRECT_BYTES = 64 * 1024;

    private final String packet;
    /** The payload, read-only, positioned at 0; every view is a duplicate. */
    private final ByteBuffer bytes;

    private OutboundFrame(String packet, boolean direct) {
        this.packet = packet;
        byte[] payload = ("4" + packet).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer;
        if (direct && payload.length <= MAX_DIRECT_BYTES) {
            buffer = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
        } else {
            buffer = ByteBuffer.wrap(payload);
        }
        this.bytes = buffer.asReadOnlyBuffer();
    }

    /** The frame of one encoded Socket.IO packet, such as {@code 2["update_model",{...}]}. */
    static OutboundFrame of(String socketIoPacket) {
        return new OutboundFrame(socketIoPacket, false);
    }

    /** Like {@link #of} for a frame about to be sent to many connections (its bytes kept off the heap when small). */
    static OutboundFrame shared(String socketIoPacket) {
        return new OutboundFrame(socketIoPacket, true);
    }

    /** The Socket.IO packet, without the Engine.IO prefix (for a connection not served by our Jetty adapter). */
    String packet() {
        return packet;
    }

    /** The WebSocket payload's length in bytes. */
    int length() {
        return bytes.capacity();
    }

    /** Whether the payload is kept off the heap. */
    boolean isDirect() {
        return bytes.isDirect();
    }

    /** A fresh read-only view of the payload: its own position, the shared bytes. */
    ByteBuffer view() {
        return bytes.duplicate();
    }
}
