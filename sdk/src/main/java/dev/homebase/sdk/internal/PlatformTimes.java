package dev.homebase.sdk.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the platform's timestamps into {@code java.time}. The platform writes
 * {@code created_date} and {@code updated_date} as naive UTC with microseconds
 * ({@code 2025-01-15T10:30:00.123000}, no offset); apps store any ISO-8601 text. An
 * {@link Instant} or {@link OffsetDateTime} read from text without an offset is taken as UTC; a
 * {@link LocalDate} read from a date-time keeps its date part; a {@link LocalDateTime} read from
 * text with an offset is turned into UTC. Numbers are epoch milliseconds. Registered after the
 * Java time module, so these readers win for the four types; writing stays ISO-8601 text.
 */
final class PlatformTimes {
    private PlatformTimes() {
    }

    /**
     * Returns the module with the four readers.
     *
     * @return a new module
     */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("homebase-platform-times");
        m.addDeserializer(Instant.class, new Reader<>(Instant.class) {
            @Override
            Instant fromText(String text) {
                return utc(text).toInstant();
            }

            @Override
            Instant fromMillis(long millis) {
                return Instant.ofEpochMilli(millis);
            }
        });
        m.addDeserializer(OffsetDateTime.class, new Reader<>(OffsetDateTime.class) {
            @Override
            OffsetDateTime fromText(String text) {
                return utc(text);
            }

            @Override
            OffsetDateTime fromMillis(long millis) {
                return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
            }
        });
        m.addDeserializer(LocalDateTime.class, new Reader<>(LocalDateTime.class) {
            @Override
            LocalDateTime fromText(String text) {
                TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                        OffsetDateTime::from, LocalDateTime::from);
                return t instanceof OffsetDateTime o
                        ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) t;
            }

            @Override
            LocalDateTime fromMillis(long millis) {
                return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
            }
        });
        m.addDeserializer(LocalDate.class, new Reader<>(LocalDate.class) {
            @Override
            LocalDate fromText(String text) {
                if (text.length() <= 10) {
                    return LocalDate.parse(text);
                }
                return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(text));
            }

            @Override
            LocalDate fromMillis(long millis) {
                return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
            }
        });
        return m;
    }

    /** Parses ISO-8601 date-time text, with or without an offset (none means UTC). */
    static OffsetDateTime utc(String text) {
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                LocalDateTime::from);
        return t instanceof OffsetDateTime o ? o : ((LocalDateTime) t).atOffset(ZoneOffset.UTC);
    }

    /** Reads text or epoch milliseconds; anything else is a mapping failure naming the type. */
    private abstract static class Reader<T> extends JsonDeserializer<T> {
        private final Class<T> type;

        Reader(Class<T> type) {
            this.type = type;
        }

        abstract T fromText(String text);

        abstract T fromMillis(long millis);

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return fromMillis(p.getLongValue());
            }
            if (token != JsonToken.VALUE_STRING) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            String text = p.getText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return fromText(text);
            } catch (DateTimeParseException | ClassCastException e) {
                return type.cast(ctxt.handleWeirdStringValue(type, text, "not an ISO-8601 %s: %s",
                        type.getSimpleName(), e.getMessage()));
            }
        }
    }
}
