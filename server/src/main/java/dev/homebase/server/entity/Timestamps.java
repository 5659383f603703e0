package dev.homebase.server.entity;

import java.nio.charset.StandardCharsets;
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

    /**
     * Formats a UTC date-time. Years 1 to 9999 are written digit by digit (what the pattern prints for them, without
     * the formatter's per-call work: this runs on every write); other years through the pattern.
     */
    public static String format(LocalDateTime utc) {
        int year = utc.getYear();
        if (year < 1 || year > 9999) return FORMAT.format(utc);
        byte[] out = new byte[26];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, utc.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, utc.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, utc.getHour(), 2);
        out[13] = ':';
        digits(out, 14, utc.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, utc.getSecond(), 2);
        out[19] = '.';
        digits(out, 20, utc.getNano() / 1000, 6); // SSSSSS: the fraction truncated to microseconds
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} (non-negative, below 10^width) as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
