package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A retention table. The semantics are documented in {@code docs/analytics.md}; in short: a person
 * joins the cohort of a period when they did the cohort event in it (the first time ever, or
 * every period for {@link CohortType#RECURRING}); cell k of a cohort counts its persons who did the
 * return event in period k after the cohort period ({@link Mode#ON}) or in any period from k on
 * ({@link Mode#ON_OR_AFTER}). Cell 0 is the cohort itself (the cohort event counts as a return in
 * period 0, as in PostHog), so it always equals the cohort size. Periods are calendar days, ISO
 * weeks (Monday) or months in the range's zone. Only named events (track, page, screen) count.
 *
 * @param cohortEvent the event that puts a person in a cohort; null for any named event
 * @param cohortType first occurrence ever, or every period
 * @param returnEvent the event that counts as a return; null for any named event
 * @param period the period length
 * @param periods N, 1 to {@link #MAX_PERIODS}: cells 0..N are computed
 * @param mode bounded (return in exactly period k) or unbounded (period k or later)
 * @param range the cohorts are the periods whose start lies in this range (at most {@link
 *     #MAX_COHORTS})
 * @param asOf the observation end: events at or after it are ignored and cells whose period ends
 *     after it are incomplete; null for the range's end
 * @param breakdown an event property (as in {@link PropertyFilter}) whose value on the person's
 *     earliest cohort event of the cohort period splits the table, or a trait name whose current
 *     value for the person splits it; null for none
 * @param breakdownSource where the breakdown value comes from: {@link TrendBreakdown.Source#EVENT}
 *     (the default when null) or {@link TrendBreakdown.Source#PERSON} (the person's current trait,
 *     as trends compute it, the same for all their cohorts)
 */
public record RetentionSpec(
        String cohortEvent,
        CohortType cohortType,
        String returnEvent,
        Period period,
        int periods,
        Mode mode,
        TimeRange range,
        Instant asOf,
        String breakdown,
        TrendBreakdown.Source breakdownSource) {
    public static final int MAX_PERIODS = 100;
    public static final int MAX_COHORTS = 1000;

    public RetentionSpec {
        requireNonNull(cohortType, "cohortType is null");
        requireNonNull(period, "period is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(range, "range is null");
        cohortEvent = checkEvent(cohortEvent, "cohort");
        returnEvent = checkEvent(returnEvent, "return");
        if (periods < 1 || periods > MAX_PERIODS) {
            throw new IllegalArgumentException("periods must be 1 to " + MAX_PERIODS + ", found " + periods);
        }
        asOf = asOf == null ? range.to() : asOf;
        if (!asOf.isAfter(range.from())) {
            throw new IllegalArgumentException("asOf " + asOf + " must be after the range start " + range.from());
        }
        if (breakdown != null) {
            breakdown = PropertyFilter.checkProperty(breakdown);
        }
        breakdownSource = breakdownSource == null ? TrendBreakdown.Source.EVENT : breakdownSource;
        if (period.touching(range) > MAX_COHORTS) {
            throw new IllegalArgumentException("the range holds more than " + MAX_COHORTS + " " + period.wireName()
                    + " cohorts; choose a shorter range or a longer period");
        }
    }

    /** The same table split by {@code property} from {@code source} (null for none). */
    public RetentionSpec withBreakdown(String property, TrendBreakdown.Source source) {
        return new RetentionSpec(
                cohortEvent, cohortType, returnEvent, period, periods, mode, range, asOf, property, source);
    }

    /** Whether the breakdown is a person trait. */
    public boolean breakdownByTrait() {
        return breakdown != null && breakdownSource == TrendBreakdown.Source.PERSON;
    }

    /** A table without breakdown, observed until the range's end. */
    public RetentionSpec(
            String cohortEvent,
            CohortType cohortType,
            String returnEvent,
            Period period,
            int periods,
            Mode mode,
            TimeRange range) {
        this(cohortEvent, cohortType, returnEvent, period, periods, mode, range, null, null, null);
    }

    private static String checkEvent(String event, String what) {
        if (event != null && event.isBlank()) {
            throw new IllegalArgumentException(what + " event name is blank (use null for any event)");
        }
        return event;
    }

    /** The first day of every cohort period whose start (local midnight) lies in the range, in order. */
    public List<LocalDate> cohortStarts() {
        return period.startsIn(range);
    }

    /** The instant at which the period beginning on {@code day} begins (its first local instant). */
    public Instant start(LocalDate day) {
        return day.atStartOfDay(range.zone()).toInstant();
    }

    /** How a person joins cohorts. */
    public enum CohortType {
        /** The period of the person's first occurrence ever of the cohort event. */
        FIRST_TIME,
        /** Every period in which the person did the cohort event. */
        RECURRING;

        public static CohortType parse(String text) {
            for (CohortType t : values()) {
                if (t.name().equalsIgnoreCase(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("cohort type '" + text + "' is not one of first_time, recurring");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What counts in cell k. */
    public enum Mode {
        /** Returned in exactly period k ("N-day" retention). */
        ON,
        /** Returned in period k or any later one, until the observation end ("unbounded"). */
        ON_OR_AFTER;

        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode '" + text + "' is not one of on, on_or_after");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The length of a retention period: calendar units of the range's zone, weeks from Monday. */
    public enum Period {
        DAY,
        WEEK,
        MONTH;

        public static Period parse(String text) {
            for (Period p : values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("period '" + text + "' is not one of day, week, month");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Checks an activity analysis's common fields: an event name that is null (any event) or not
         * blank, and a range of at most {@code max} periods.
         */
        public void checkActivity(String event, TimeRange range, int max) {
            requireNonNull(range, "range is null");
            if (event != null && event.isBlank()) {
                throw new IllegalArgumentException("event name is blank (use null for any event)");
            }
            if (touching(range) > max) {
                throw new IllegalArgumentException("the range holds more than " + max + " " + wireName()
                        + " periods; choose a shorter range or a longer period");
            }
        }

        /** How many periods overlap the range (an upper bound of {@link #startsIn}'s size). */
        public long touching(TimeRange range) {
            return between(
                            truncate(LocalDate.ofInstant(range.from(), range.zone())),
                            LocalDate.ofInstant(range.to(), range.zone()))
                    + 1;
        }

        /** The first day of every period whose start (local midnight) lies in the range, in order. */
        public List<LocalDate> startsIn(TimeRange range) {
            ZoneId zone = range.zone();
            List<LocalDate> starts = new ArrayList<>();
            LocalDate p = truncate(LocalDate.ofInstant(range.from(), zone));
            if (p.atStartOfDay(zone).toInstant().isBefore(range.from())) {
                p = plus(p, 1);
            }
            for (; p.atStartOfDay(zone).toInstant().isBefore(range.to()); p = plus(p, 1)) {
                starts.add(p);
            }
            return starts;
        }

        /** The first day of the period holding {@code day}. */
        public LocalDate truncate(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        /** The first day of the period {@code k} periods after the one starting on {@code start}. */
        public LocalDate plus(LocalDate start, long k) {
            return switch (this) {
                case DAY -> start.plusDays(k);
                case WEEK -> start.plusWeeks(k);
                case MONTH -> start.plusMonths(k);
            };
        }

        /** How many periods the period holding {@code later} is after the one holding {@code earlier}. */
        public long between(LocalDate earlier, LocalDate later) {
            LocalDate a = truncate(earlier);
            LocalDate b = truncate(later);
            return switch (this) {
                case DAY -> ChronoUnit.DAYS.between(a, b);
                case WEEK -> ChronoUnit.WEEKS.between(a, b);
                case MONTH -> ChronoUnit.MONTHS.between(a, b);
            };
        }
    }
}
