package dev.homebase.server.entity;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Makes record ids: 24 lowercase hex characters, like the hosted platform's. The first four bytes
 * are the creation second (as in a Mongo ObjectId), which keeps new rows near each other in the
 * primary-key index; the other eight are random, so ids cannot be guessed. Thread-safe.
 */
public final class RecordIds {
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public RecordIds(Clock clock) {
        this.clock = clock;
    }

    /** A new id. */
    public String next() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        long seconds = clock.instant().getEpochSecond();
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        return HexFormat.of().formatHex(bytes);
    }
}
