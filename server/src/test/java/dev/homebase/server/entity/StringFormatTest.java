package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class StringFormatTest {
    private record Sample(String format, String value, boolean valid) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample("date", "2025-01-15", true),
            new Sample("date", "2024-02-29", true),
            new Sample("date", "2025-02-29", false),
            new Sample("date", "2025-1-5", false),
            new Sample("date", "15/01/2025", false),
            new Sample("date-time", "2025-01-15T10:30:00Z", true),
            new Sample("date-time", "2025-01-15T10:30:00.123456+02:00", true),
            new Sample("date-time", "2025-01-15T10:30:00.123000", true),
            new Sample("date-time", "2025-01-15 10:30", true),
            new Sample("date-time", "2025-01-15t10:30:00z", true),
            new Sample("date-time", "2025-01-15", true),
            new Sample("date-time", "2025-01-15T25:00:00", false),
            new Sample("date-time", "1700000000", false),
            new Sample("datetime", "2025-01-15T10:30:00Z", true),
            new Sample("time", "10:30", true),
            new Sample("time", "10:30:59.5", true),
            new Sample("time", "10:30:00+02:00", true),
            new Sample("time", "10:30:00Z", true),
            new Sample("time", "24:00", false),
            new Sample("time", "10h30", false),
            new Sample("email", "ann@example.com", true),
            new Sample("email", "first.last+tag@sub.example.co.uk", true),
            new Sample("email", "josé@exämple.de", true),
            new Sample("email", "ann@localhost", false),
            new Sample("email", "ann example.com", false),
            new Sample("email", "@example.com", false),
            new Sample("email", "a@b@c.com", false),
            new Sample("uri", "https://example.com/a?b=c#d", true),
            new Sample("uri", "mailto:ann@example.com", true),
            new Sample("url", "http://localhost:4400", true),
            new Sample("uri", "/relative/path", false),
            new Sample("uri", "https://exa mple.com", false),
            new Sample("uri", "https://", false),
            new Sample("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            new Sample("uuid", "123E4567E89B12D3A456426614174000", true),
            new Sample("uuid", "123e4567-e89b-12d3-a456-42661417400", false),
            new Sample("uuid", "not-a-uuid", false),
            new Sample("ipv4", "192.168.0.1", true),
            new Sample("ipv4", "0.0.0.0", true),
            new Sample("ipv4", "256.0.0.1", false),
            new Sample("ipv4", "1.2.3", false),
            new Sample("ipv4", "01.2.3.4", false),
            new Sample("ipv6", "::1", true),
            new Sample("ipv6", "::", true),
            new Sample("ipv6", "2001:db8::8a2e:370:7334", true),
            new Sample("ipv6", "2001:0db8:0000:0000:0000:ff00:0042:8329", true),
            new Sample("ipv6", "::ffff:192.168.0.1", true),
            new Sample("ipv6", "1::", true),
            new Sample("ipv6", "1:2:3:4:5:6:7:8:9", false),
            new Sample("ipv6", "1:2:3:4:5:6:7::8", false),
            new Sample("ipv6", "1::2::3", false),
            new Sample("ipv6", ":1", false),
            new Sample("ipv6", "12345::", false),
            new Sample("ipv6", "1.2.3.4::", false),
            new Sample("ipv6", "192.168.0.1", false),
            new Sample("hostname", "example.com", true),
            new Sample("hostname", "localhost", true),
            new Sample("hostname", "a-b.example.com.", true),
            new Sample("hostname", "-bad.com", false),
            new Sample("hostname", "bad..com", false),
            new Sample("hostname", "under_score.com", false),
            new Sample("hostname", "a".repeat(64) + ".com", false),
            new Sample("regex", "^[a-z]+$", true),
            new Sample("regex", "(unclosed", false));

    @TestFactory
    Stream<DynamicTest> checksEachFormat() {
        return SAMPLES.stream().map(sample -> DynamicTest.dynamicTest(
                sample.format() + " " + (sample.valid() ? "accepts " : "rejects ") + sample.value(),
                () -> assertEquals(sample.valid(), StringFormat.fromSchemaName(sample.format()).orElseThrow().matches(sample.value()))));
    }

    @Test
    void unknownFormatsAreNotChecked() {
        for (String hint : List.of("file", "richtext", "color", "markdown", "")) {
            assertEquals(Optional.empty(), StringFormat.fromSchemaName(hint));
        }
    }

    @Test
    void formatNamesAreCaseInsensitive() {
        assertTrue(StringFormat.fromSchemaName("Date-Time").isPresent());
        assertEquals(StringFormat.EMAIL, StringFormat.fromSchemaName("EMAIL").orElseThrow());
    }
}
