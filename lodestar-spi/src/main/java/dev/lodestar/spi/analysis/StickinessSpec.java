package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Stickiness: for every week or month of the range, how many persons were active on exactly N
 * distinct local days of it (N from 1 to the period's length in days), where "active" means did the
 * event (or any named event). The semantics are documented in {@code docs/analytics.md}.
 *
 * @param event the event that makes a person active; null for any named event (track, page, screen)
 * @param filters conditions on event properties, all of which must hold for an event to count as
 *     activity
 * @param traitFilters conditions on traits of the event's resolved person (the person's current
 *     value, as for {@link TrendSeries#traitFilters()}), all of which must hold for an event to count
 *     as activity
 * @param period {@link RetentionSpec.Period#WEEK} (ISO, from Monday) or {@link
 *     RetentionSpec.Period#MONTH}, calendar periods of the range's zone
 * @param range the periods shown are those whose first local instant lies in this range (at most
 *     {@link #MAX_PERIODS}); each is counted in full
 */
public record StickinessSpec(
        String event,
        List<PropertyFilter> filters,
        List<PropertyFilter> traitFilters,
        RetentionSpec.Period period,
        TimeRange range) {
    public static final int MAX_PERIODS = 1000;

    public StickinessSpec {
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        traitFilters = List.copyOf(requireNonNull(traitFilters, "traitFilters is null"));
        requireNonNull(period, "period is null");
        period.checkActivity(event, range, MAX_PERIODS);
        if (period == RetentionSpec.Period.DAY) {
            throw new IllegalArgumentException("stickiness period must be week or month, found day");
        }
    }

    /** A stickiness without filters. */
    public StickinessSpec(String event, RetentionSpec.Period period, TimeRange range) {
        this(event, List.of(), List.of(), period, range);
    }

    /** The first day of every period whose start (local midnight) lies in the range, in order. */
    public List<LocalDate> periodStarts() {
        return period.startsIn(range);
    }

    /** The instant at which the period beginning on {@code day} begins (its first local instant). */
    public Instant start(LocalDate day) {
        return day.atStartOfDay(range.zone()).toInstant();
    }

    /** How many calendar days the period beginning on {@code start} has: 7, or the month's length. */
    public int days(LocalDate start) {
        return (int) java.time.temporal.ChronoUnit.DAYS.between(start, period.plus(start, 1));
    }
}
