package dev.homebase.server.entity;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Record timestamps in the platform's form: naive UTC with microseconds,
 * {@code 2025-01-15T10:30:00.123000}. Fixed width, so they sort as strings.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final Clock clock;

    public Timestamps(Clock clock) {
        this.clock = clock;
    }

    /** The current time, formatted. */
    public String now() {
        return format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    /** Formats a UTC date-time. */
    public static String format(LocalDateTime utc) {
        return FORMAT.format(utc);
    }
}
