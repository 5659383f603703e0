package dev.homebase.server.entity;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The string {@code format}s that strict validation checks. Other formats ({@code file},
 * {@code richtext}, {@code color}, anything unknown) are hints only and accept any string.
 */
enum StringFormat {
    DATE("Input should be a valid date", StringFormat::isDate, "date"),
    DATE_TIME("Input should be a valid datetime", StringFormat::isDateTime, "date-time", "datetime"),
    TIME("Input should be a valid time", StringFormat::isTime, "time"),
    EMAIL("Input should be a valid email address", StringFormat::isEmail, "email"),
    URI_FORMAT("Input should be a valid URL", StringFormat::isUri, "uri", "url"),
    UUID("Input should be a valid UUID", StringFormat::isUuid, "uuid"),
    IPV4("Input should be a valid IPv4 address", StringFormat::isIpv4, "ipv4"),
    IPV6("Input should be a valid IPv6 address", StringFormat::isIpv6, "ipv6"),
    HOSTNAME("Input should be a valid hostname", StringFormat::isHostname, "hostname"),
    REGEX("Input should be a valid regular expression", StringFormat::isRegex, "regex");

    private static final Pattern EMAIL_SHAPE =
            Pattern.compile("^[^\\s@]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+$");
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_SHAPE = Pattern.compile("^" + OCTET + "(?:\\." + OCTET + "){3}$");
    private static final Pattern HEX_GROUP = Pattern.compile("^[0-9a-fA-F]{1,4}$");
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private final String message;
    private final Predicate<String> test;
    private final String[] names;

    StringFormat(String message, Predicate<String> test, String... names) {
        this.message = message;
        this.test = test;
        this.names = names;
    }

    /** The checked format called {@code name} (case-insensitive), or empty for hint-only formats. */
    static Optional<StringFormat> fromSchemaName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (StringFormat format : values()) {
            for (String alias : format.names) {
                if (alias.equals(wanted)) return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code value} is well-formed. */
    boolean matches(String value) {
        return test.test(value);
    }

    /** The pydantic-style problem text used when a value does not match. */
    String message() {
        return message;
    }

    private static boolean isDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** ISO 8601 with {@code T} or a space, optional offset; a bare date passes too (pydantic lax mode). */
    private static boolean isDateTime(String value) {
        if (isDate(value)) return true;
        String spaced = value.length() > 10 && value.charAt(10) == ' '
                ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        String normalized = spaced.replace('t', 'T').replace('z', 'Z');
        return parses(() -> OffsetDateTime.parse(normalized)) || parses(() -> LocalDateTime.parse(normalized));
    }

    private static boolean isTime(String value) {
        String normalized = value.replace('z', 'Z');
        return parses(() -> LocalTime.parse(normalized)) || parses(() -> OffsetTime.parse(normalized));
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isEmail(String value) {
        return value.length() <= 254 && EMAIL_SHAPE.matcher(value).matches();
    }

    private static boolean isUri(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getSchemeSpecificPart() != null && !uri.getSchemeSpecificPart().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isUuid(String value) {
        return UUID_SHAPE.matcher(value).matches();
    }

    private static boolean isIpv4(String value) {
        return IPV4_SHAPE.matcher(value).matches();
    }

    /** RFC 4291 text forms: eight groups, one {@code ::} elision, optional trailing IPv4. */
    private static boolean isIpv6(String value) {
        if (value.isEmpty() || value.indexOf(':') < 0) return false;
        int elision = value.indexOf("::");
        if (elision >= 0 && value.indexOf("::", elision + 1) >= 0) return false;
        String head = elision >= 0 ? value.substring(0, elision) : value;
        String tail = elision >= 0 ? value.substring(elision + 2) : "";
        int groups = 0;
        String[] headParts = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailParts = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        String[] last = elision >= 0 ? tailParts : headParts; // an embedded IPv4 only ends the address
        for (String[] parts : new String[][] {headParts, tailParts}) {
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean lastPart = parts == last && i == parts.length - 1;
                if (lastPart && part.indexOf('.') >= 0) {
                    if (!isIpv4(part)) return false;
                    groups += 2;
                } else if (HEX_GROUP.matcher(part).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return elision >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isHostname(String value) {
        String host = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
        if (host.isEmpty() || host.length() > 253) return false;
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    private static boolean isRegex(String value) {
        try {
            Pattern.compile(value);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
