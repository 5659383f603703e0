package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Timestamps#format} writes what the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS} writes, for any date-time. */
class TimestampsTest {
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    @Test
    void formatsAsThePattern() {
        SplittableRandom random = new SplittableRandom(15);
        long min = LocalDateTime.of(-2, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(10001, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        for (int i = 0; i < 200_000; i++) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000), ZoneOffset.UTC);
            assertEquals(PATTERN.format(t), Timestamps.format(t), t.toString());
        }
        for (LocalDateTime t : new LocalDateTime[] {LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999),
                LocalDateTime.of(2025, 1, 15, 10, 30, 0, 123_000_000), LocalDateTime.of(2000, 2, 29, 0, 0, 0, 999), LocalDateTime.of(0, 6, 1, 1, 1)}) {
            assertEquals(PATTERN.format(t), Timestamps.format(t), t.toString());
        }
        Instant at = Instant.parse("2026-12-06T17:37:01.123456789Z");
        assertEquals("2026-12-06T17:37:01.123456", new Timestamps(Clock.fixed(at, ZoneOffset.UTC)).now());
    }
}
