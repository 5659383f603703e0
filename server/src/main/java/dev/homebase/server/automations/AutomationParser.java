package dev.homebase.server.automations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.JsoncReader;
import dev.homebase.server.project.ProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code automations} of every function's {@code function.jsonc} (api-contract §6.6, the
 * Base44 CLI's format) and validates them, each problem a one-line {@link ProjectException} naming the
 * file and the automation. Dates without an offset are UTC. {@code connector} automations are not
 * supported here: they are skipped with a warning. Thread-safe (stateless).
 */
final class AutomationParser {
    private static final Logger log = LoggerFactory.getLogger(AutomationParser.class);
    static final String FILE = "function.jsonc";
    private static final Set<String> EVENTS = Set.of("create", "update", "delete");

    private AutomationParser() {}

    /**
     * The automations declared by the functions of {@code catalog}.
     *
     * @param entities the app's entity names ({@code entity_name} must be one of them, or {@code User})
     * @throws ProjectException for the first invalid declaration
     */
    static List<Automation> parse(String appId, FunctionCatalog catalog, Set<String> entities) {
        List<Automation> out = new ArrayList<>();
        for (FunctionCatalog.Function f : catalog.all().values()) {
            Path file = f.dir().resolve(FILE);
            if (Files.isRegularFile(file)) out.addAll(parseFile(appId, f.name(), file, entities));
        }
        return out;
    }

    static List<Automation> parseFile(String appId, String function, Path file, Set<String> entities) {
        JsonNode config = JsoncReader.readObject(file);
        JsonNode list = config.path("automations");
        if (list.isMissingNode() || list.isNull()) return List.of();
        if (!list.isArray()) throw new ProjectException(file + ": \"automations\" must be an array");
        List<Automation> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String where = file + ": automations[" + i + "]";
            if (!a.isObject()) throw new ProjectException(where + " must be an object");
            String name = text(a, "name", where, true);
            if (name.isBlank()) throw new ProjectException(where + ": \"name\" must not be empty");
            where += " (\"" + name + "\")";
            if (!names.add(name)) throw new ProjectException(where + ": another automation of this function has the same name");
            Automation parsed = parseOne(appId, function, name, (ObjectNode) a, where, entities);
            if (parsed != null) out.add(parsed);
        }
        return out;
    }

    private static Automation parseOne(String appId, String function, String name, ObjectNode a, String where, Set<String> entities) {
        String description = text(a, "description", where, false);
        JsonNode active = a.path("is_active");
        if (!active.isMissingNode() && !active.isNull() && !active.isBoolean()) throw new ProjectException(where + ": \"is_active\" must be true or false");
        JsonNode args = a.path("function_args");
        if (!args.isMissingNode() && !args.isNull() && !args.isObject()) throw new ProjectException(where + ": \"function_args\" must be an object");
        ObjectNode functionArgs = args.isObject() ? ((ObjectNode) args).deepCopy() : Json.object();
        String type = text(a, "type", where, true);
        Automation.Trigger trigger = switch (type) {
            case "scheduled" -> scheduled(a, where);
            case "entity" -> entity(a, where, entities);
            case "connector" -> {
                log.warn("{}: connector automations are not supported by Homebase; skipped", where);
                yield null;
            }
            default -> throw new ProjectException(where + ": \"type\" must be scheduled, entity or connector, got \"" + type + "\"");
        };
        if (trigger == null) return null;
        return new Automation(appId, function, name, description == null ? "" : description, !active.isBoolean() || active.asBoolean(),
                trigger, functionArgs);
    }

    private static Automation.Trigger entity(ObjectNode a, String where, Set<String> entities) {
        String named = text(a, "entity_name", where, true);
        // Entity names match case-insensitively, as in API paths; the schema's own spelling is kept.
        String entity = Stream.concat(Stream.of("User"), entities.stream()).filter(e -> e.equalsIgnoreCase(named)).findFirst()
                .orElseThrow(() -> new ProjectException(where + ": \"entity_name\" \"" + named + "\" is not an entity of this app (base44/entities/)"));
        JsonNode types = a.path("event_types");
        if (!types.isArray() || types.isEmpty()) {
            throw new ProjectException(where + ": \"event_types\" must list at least one of create, update, delete");
        }
        Set<String> events = new LinkedHashSet<>();
        for (JsonNode t : types) {
            if (!t.isTextual() || !EVENTS.contains(t.asText())) {
                throw new ProjectException(where + ": \"event_types\" may hold only create, update and delete, got " + t);
            }
            events.add(t.asText());
        }
        if (entity.equals("User")) log.warn("{}: entity automations on User do not fire yet (user writes bypass the record service)", where);
        return new Automation.OnEntity(entity, Set.copyOf(events));
    }

    private static Automation.Trigger scheduled(ObjectNode a, String where) {
        String mode = text(a, "schedule_mode", where, false);
        String kind = text(a, "schedule_type", where, false);
        if (mode == null) mode = a.has("one_time_date") ? "one-time" : "recurring";
        if (mode.equals("one-time")) {
            return new Automation.Scheduled(new Schedule.Once(date(a, "one_time_date", where, true)), Ends.NEVER);
        }
        if (!mode.equals("recurring")) throw new ProjectException(where + ": \"schedule_mode\" must be one-time or recurring, got \"" + mode + "\"");
        if (kind == null) kind = a.has("cron_expression") ? "cron" : "simple";
        Schedule schedule = switch (kind) {
            case "cron" -> cron(text(a, "cron_expression", where, true), where);
            case "simple" -> simple(a, where);
            default -> throw new ProjectException(where + ": \"schedule_type\" must be cron or simple, got \"" + kind + "\"");
        };
        return new Automation.Scheduled(schedule, ends(a, where));
    }

    private static Schedule cron(String expression, String where) {
        try {
            return Schedule.CronSchedule.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new ProjectException(where + ": \"cron_expression\" \"" + expression
                    + "\" is not a standard cron expression (minute hour day-of-month month day-of-week): " + e.getMessage(), e);
        }
    }

    private static Schedule simple(ObjectNode a, String where) {
        String unitName = text(a, "repeat_unit", where, true);
        SimpleSchedule.Unit unit;
        try {
            unit = SimpleSchedule.Unit.valueOf(unitName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProjectException(where + ": \"repeat_unit\" must be minutes, hours, days, weeks or months, got \"" + unitName + "\"");
        }
        int interval = integer(a, "repeat_interval", where, 1, 1, 10_000);
        LocalTime start = LocalTime.MIDNIGHT;
        String startText = text(a, "start_time", where, false);
        if (startText != null) {
            try {
                start = LocalTime.parse(startText.strip());
            } catch (DateTimeParseException e) {
                throw new ProjectException(where + ": \"start_time\" must be a time of day such as \"09:00\", got \"" + startText + "\"");
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode onDays = a.path("repeat_on_days");
        if (onDays.isArray()) {
            for (JsonNode d : onDays) {
                if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0 || d.asInt() > 6) {
                    throw new ProjectException(where + ": \"repeat_on_days\" may hold only 0 (Sunday) to 6 (Saturday), got " + d);
                }
                days.add(d.asInt() == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(d.asInt()));
            }
        } else if (!onDays.isMissingNode() && !onDays.isNull()) {
            throw new ProjectException(where + ": \"repeat_on_days\" must be an array of 0 to 6");
        }
        if (days.isEmpty()) days.add(DayOfWeek.MONDAY);
        int dayOfMonth = integer(a, "repeat_on_day_of_month", where, 1, 1, 31);
        return new SimpleSchedule(unit, interval, start, Set.copyOf(days), dayOfMonth);
    }

    private static Ends ends(ObjectNode a, String where) {
        String type = text(a, "ends_type", where, false);
        if (type == null || type.equals("never")) return Ends.NEVER;
        return switch (type) {
            case "on" -> new Ends(date(a, "ends_on_date", where, true), 0);
            case "after" -> {
                if (!a.path("ends_after_count").isIntegralNumber()) throw new ProjectException(where + ": \"ends_after_count\" is required when ends_type is after");
                yield new Ends(null, integer(a, "ends_after_count", where, 1, 1, Integer.MAX_VALUE));
            }
            default -> throw new ProjectException(where + ": \"ends_type\" must be never, on or after, got \"" + type + "\"");
        };
    }

    /** An ISO date or date-time; without an offset it is UTC. */
    private static Instant date(ObjectNode a, String field, String where, boolean required) {
        String raw = text(a, field, where, required);
        if (raw == null) return null;
        String s = raw.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ProjectException(where + ": \"" + field + "\" must be an ISO date or date-time such as "
                            + "\"2026-03-01T09:00:00Z\", got \"" + raw + "\"");
                }
            }
        }
    }

    private static String text(JsonNode a, String field, String where, boolean required) {
        JsonNode v = a.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) throw new ProjectException(where + ": \"" + field + "\" is required");
            return null;
        }
        if (!v.isTextual()) throw new ProjectException(where + ": \"" + field + "\" must be a string");
        return v.asText();
    }

    private static int integer(JsonNode a, String field, String where, int otherwise, int min, int max) {
        JsonNode v = a.path(field);
        if (v.isMissingNode() || v.isNull()) return otherwise;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new ProjectException(where + ": \"" + field + "\" must be a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", got " + v);
        }
        return v.asInt();
    }
}
