package dev.homebase.server.automations;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** When a scheduled automation's ticks are, in UTC. Immutable and thread-safe. */
sealed interface Schedule permits Schedule.CronSchedule, Schedule.Once, SimpleSchedule {

    /** The newest tick at or before {@code t}, if there is one. */
    Optional<Instant> latestAtOrBefore(Instant t);

    /** A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}), in UTC. */
    record CronSchedule(String expression, ExecutionTime times) implements Schedule {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** @throws IllegalArgumentException for an expression that is not standard 5-field cron */
        static CronSchedule parse(String expression) {
            Cron cron = PARSER.parse(expression.strip()).validate();
            return new CronSchedule(expression.strip(), ExecutionTime.forCron(cron));
        }

        @Override
        public Optional<Instant> latestAtOrBefore(Instant t) {
            // Whole minutes: the library matches a 5-field expression at any second of a matching minute.
            ZonedDateTime at = t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            if (times.isMatch(at)) return Optional.of(at.toInstant());
            return times.lastExecution(at).map(ZonedDateTime::toInstant);
        }
    }

    /** One tick at a fixed instant ({@code one_time_date}). */
    record Once(Instant at) implements Schedule {
        @Override
        public Optional<Instant> latestAtOrBefore(Instant t) {
            return at.isAfter(t) ? Optional.empty() : Optional.of(at);
        }
    }
}
