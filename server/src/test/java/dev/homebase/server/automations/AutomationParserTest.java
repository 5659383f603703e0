package dev.homebase.server.automations;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.project.ProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code function.jsonc} automations: every form of the Base44 format parses, every mistake is one
 * line naming the file and the automation, and the schedules' ticks are where they should be.
 */
class AutomationParserTest {
    private static final Set<String> ENTITIES = Set.of("Order");

    @Test
    void everyFormParses() throws Exception {
        List<Automation> all = parse("""
                { "name": "f", "entry": "entry.ts", "automations": [
                  { "name": "once", "type": "scheduled", "schedule_mode": "one-time", "one_time_date": "2026-03-01T09:00:00" },
                  { "name": "cron", "type": "scheduled", "schedule_mode": "recurring", "schedule_type": "cron",
                    "cron_expression": "0 9 * * 1-5", "ends_type": "after", "ends_after_count": 3, "function_args": { "k": 1 } },
                  { "name": "weekly", "type": "scheduled", "schedule_mode": "recurring", "schedule_type": "simple",
                    "repeat_unit": "weeks", "repeat_on_days": [1, 5], "start_time": "02:00", "ends_type": "on", "ends_on_date": "2027-01-01" },
                  { "name": "orders", "type": "entity", "entity_name": "Order", "event_types": ["create", "update"], "is_active": false },
                  { "name": "slack", "type": "connector", "integration_type": "slack", "events": ["message"] },
                ] }
                """);
        assertEquals(List.of("once", "cron", "weekly", "orders"), all.stream().map(Automation::name).toList(), "connector skipped");
        assertEquals(new Schedule.Once(Instant.parse("2026-03-01T09:00:00Z")), ((Automation.Scheduled) all.get(0).trigger()).schedule());
        Automation.Scheduled cron = (Automation.Scheduled) all.get(1).trigger();
        assertEquals(3, cron.ends().after());
        assertEquals(1, all.get(1).args().path("k").asInt());
        Automation.Scheduled weekly = (Automation.Scheduled) all.get(2).trigger();
        assertEquals(new SimpleSchedule(SimpleSchedule.Unit.WEEKS, 1, LocalTime.of(2, 0), Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 1),
                weekly.schedule());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), weekly.ends().on());
        assertEquals(new Automation.OnEntity("Order", Set.of("create", "update")), all.get(3).trigger());
        assertFalse(all.get(3).active());
        assertTrue(all.get(0).active(), "is_active defaults to true");
    }

    @TestFactory
    Stream<DynamicTest> everyMistakeNamesTheFileAndTheAutomation() {
        return Stream.of(
                new String[] {"{\"automations\": {}}", "\"automations\" must be an array"},
                new String[] {"{\"automations\": [{\"type\": \"entity\"}]}", "automations[0]: \"name\" is required"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"webhook\"}]}", "(\"a\"): \"type\" must be scheduled, entity or connector"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"cron_expression\": \"61 * * * *\"}]}",
                        "(\"a\"): \"cron_expression\" \"61 * * * *\" is not a standard cron expression"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"cron_expression\": \"* * * * * *\"}]}",
                        "is not a standard cron expression"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"schedule_type\": \"simple\", \"repeat_unit\": \"years\"}]}",
                        "\"repeat_unit\" must be minutes, hours, days, weeks or months"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"repeat_unit\": \"weeks\", \"repeat_on_days\": [7]}]}",
                        "\"repeat_on_days\" may hold only 0 (Sunday) to 6 (Saturday)"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"repeat_unit\": \"hours\", \"repeat_interval\": 0}]}",
                        "\"repeat_interval\" must be a whole number from 1"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"one_time_date\": \"tomorrow\"}]}",
                        "\"one_time_date\" must be an ISO date"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"scheduled\", \"cron_expression\": \"* * * * *\", \"ends_type\": \"after\"}]}",
                        "\"ends_after_count\" is required"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Invoice\", \"event_types\": [\"create\"]}]}",
                        "\"entity_name\" \"Invoice\" is not an entity of this app"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Order\", \"event_types\": []}]}",
                        "\"event_types\" must list at least one"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Order\", \"event_types\": [\"upsert\"]}]}",
                        "\"event_types\" may hold only create, update and delete"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Order\", \"event_types\": [\"create\"], \"is_active\": \"no\"}]}",
                        "\"is_active\" must be true or false"},
                new String[] {"{\"automations\": [{\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Order\", \"event_types\": [\"create\"]},"
                        + " {\"name\": \"a\", \"type\": \"entity\", \"entity_name\": \"Order\", \"event_types\": [\"delete\"]}]}",
                        "automations[1] (\"a\"): another automation of this function has the same name"},
                new String[] {"{\"automations\": [ oops ]}", "invalid JSON"}
        ).map(c -> DynamicTest.dynamicTest(c[1], () -> {
            ProjectException e = assertThrows(ProjectException.class, () -> parse(c[0]));
            assertTrue(e.getMessage().contains("function.jsonc"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }));
    }

    @Test
    void cronTicksAreTheNewestAtOrBefore() {
        Schedule every5 = Schedule.CronSchedule.parse("*/5 * * * *");
        assertEquals(Optional.of(Instant.parse("2026-12-06T07:05:00Z")), every5.latestAtOrBefore(Instant.parse("2026-12-06T07:09:59.900Z")));
        assertEquals(Optional.of(Instant.parse("2026-12-06T07:10:00Z")), every5.latestAtOrBefore(Instant.parse("2026-12-06T07:10:00Z")));
        Schedule weekdays = Schedule.CronSchedule.parse("0 9 * * 1-5");
        // Sunday 2026-12-06 -> the Friday before at 09:00
        assertEquals(Optional.of(Instant.parse("2026-12-04T09:00:00Z")), weekdays.latestAtOrBefore(Instant.parse("2026-12-06T12:00:00Z")));
    }

    @Test
    void simpleTicksCountFromTheEpoch() {
        Instant t = Instant.parse("2026-12-06T07:13:20Z"); // a Sunday
        assertEquals(Instant.parse("2026-12-06T07:10:00Z"), simple(SimpleSchedule.Unit.MINUTES, 5, "00:00", Set.of(), 1).latestAtOrBefore(t).orElseThrow());
        assertEquals(Instant.parse("2026-12-06T06:30:00Z"), simple(SimpleSchedule.Unit.HOURS, 2, "00:30", Set.of(), 1).latestAtOrBefore(t).orElseThrow());
        assertEquals(Instant.parse("2026-12-05T09:00:00Z"), simple(SimpleSchedule.Unit.DAYS, 1, "09:00", Set.of(), 1).latestAtOrBefore(t).orElseThrow());
        assertEquals(Instant.parse("2026-12-04T10:00:00Z"),
                simple(SimpleSchedule.Unit.WEEKS, 1, "10:00", Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 1).latestAtOrBefore(t).orElseThrow());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), simple(SimpleSchedule.Unit.MONTHS, 1, "00:00", Set.of(), 31).latestAtOrBefore(t).orElseThrow(),
                "the 31st in a 30-day month is its last day");
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), simple(SimpleSchedule.Unit.MONTHS, 1, "00:00", Set.of(), 6).latestAtOrBefore(t).orElseThrow());
    }

    @Test
    void aOneTimeDateHasNoTickBeforeIt() {
        Schedule once = new Schedule.Once(Instant.parse("2026-12-06T08:00:00Z"));
        assertEquals(Optional.empty(), once.latestAtOrBefore(Instant.parse("2026-12-06T07:59:59Z")));
        assertEquals(Optional.of(Instant.parse("2026-12-06T08:00:00Z")), once.latestAtOrBefore(Instant.parse("2026-12-07T00:00:00Z")));
    }

    private static SimpleSchedule simple(SimpleSchedule.Unit unit, int interval, String start, Set<DayOfWeek> days, int dayOfMonth) {
        return new SimpleSchedule(unit, interval, LocalTime.parse(start), days.isEmpty() ? Set.of(DayOfWeek.MONDAY) : days, dayOfMonth);
    }

    private static List<Automation> parse(String json) throws Exception {
        Path dir = TempDirs.create("automation-parse");
        Path file = dir.resolve("function.jsonc");
        Files.writeString(file, json);
        return AutomationParser.parseFile("app", "f", file, ENTITIES);
    }
}
