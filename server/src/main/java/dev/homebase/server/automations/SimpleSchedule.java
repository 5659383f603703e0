package dev.homebase.server.automations;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code schedule_type: "simple"} repeat, in UTC: every {@code interval} minutes, hours, days,
 * weeks (on {@code days}) or months (on {@code dayOfMonth}, or the month's last day when shorter),
 * at {@code startTime}. Repeats count from the Unix epoch, so every node (and every restart) computes
 * the same ticks without remembering a start: every 5 minutes from 00:00 means :00, :05, ...; every 2
 * weeks means the even weeks counted from Monday 1970-01-05.
 *
 * @param unit what {@code interval} counts
 * @param interval from 1 up
 * @param startTime the time of day (for minutes and hours: the offset of the first tick of the day)
 * @param days for weeks: the days of the week (never empty)
 * @param dayOfMonth for months: 1 to 31
 */
record SimpleSchedule(Unit unit, int interval, LocalTime startTime, Set<DayOfWeek> days, int dayOfMonth) implements Schedule {

    /** {@code repeat_unit}. */
    enum Unit { MINUTES, HOURS, DAYS, WEEKS, MONTHS }

    private static final long FIRST_MONDAY = LocalDate.of(1970, 1, 5).toEpochDay();

    @Override
    public Optional<Instant> latestAtOrBefore(Instant t) {
        return Optional.of(switch (unit) {
            case MINUTES -> fixed(t, interval * 60L);
            case HOURS -> fixed(t, interval * 3600L);
            case DAYS -> fixed(t, interval * 86_400L);
            case WEEKS -> weekly(t);
            case MONTHS -> monthly(t);
        });
    }

    /** Ticks {@code period} seconds apart, the first at {@code startTime} on 1970-01-01. */
    private Instant fixed(Instant t, long period) {
        long offset = startTime.toSecondOfDay() % period;
        long k = Math.floorDiv(t.getEpochSecond() - offset, period);
        return Instant.ofEpochSecond(offset + k * period);
    }

    private Instant weekly(Instant t) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        for (int back = 0; back <= 7 * interval + 7; back++, day = day.minusDays(1)) {
            Instant at = day.atTime(startTime).toInstant(ZoneOffset.UTC);
            long week = Math.floorDiv(day.toEpochDay() - FIRST_MONDAY, 7);
            if (!at.isAfter(t) && days.contains(day.getDayOfWeek()) && Math.floorMod(week, interval) == 0) return at;
        }
        throw new IllegalStateException("no weekly tick found"); // unreachable: days is never empty
    }

    private Instant monthly(Instant t) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(t, ZoneOffset.UTC));
        for (int back = 0; back <= interval + 1; back++, month = month.minusMonths(1)) {
            long index = (month.getYear() - 1970L) * 12 + month.getMonthValue() - 1;
            if (Math.floorMod(index, interval) != 0) continue;
            Instant at = month.atDay(Math.min(dayOfMonth, month.lengthOfMonth())).atTime(startTime).toInstant(ZoneOffset.UTC);
            if (!at.isAfter(t)) return at;
        }
        throw new IllegalStateException("no monthly tick found"); // unreachable
    }
}
