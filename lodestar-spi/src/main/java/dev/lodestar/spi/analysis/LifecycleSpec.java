package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A lifecycle chart: for every period of the range, the persons who were new, returning,
 * resurrecting and dormant, where "active" means did the event (or any named event). The semantics
 * are documented in {@code docs/analytics.md}; in short, for period p and a person:
 *
 * <ul>
 *   <li>new: active in p, and p holds their first activity ever;
 *   <li>returning: active in p and in the period before p;
 *   <li>resurrecting: active in p, not in the period before, but in some earlier period;
 *   <li>dormant: active in the period before p, not in p (reported as a negative count).
 * </ul>
 *
 * Periods are calendar days, ISO weeks (Monday) or months in the range's zone, as for retention.
 *
 * @param event the event that makes a person active; null for any named event (track, page, screen)
 * @param filters conditions on event properties, all of which must hold for an event to count as
 *     activity
 * @param traitFilters conditions on traits of the event's resolved person (the person's current
 *     value, as for {@link TrendSeries#traitFilters()}), all of which must hold for an event to count
 *     as activity
 * @param period the period length
 * @param range the periods shown are those whose first local instant lies in this range (at most
 *     {@link #MAX_PERIODS}); each is counted in full
 */
public record LifecycleSpec(
        String event,
        List<PropertyFilter> filters,
        List<PropertyFilter> traitFilters,
        RetentionSpec.Period period,
        TimeRange range) {
    public static final int MAX_PERIODS = 1000;

    public LifecycleSpec {
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        traitFilters = List.copyOf(requireNonNull(traitFilters, "traitFilters is null"));
        requireNonNull(period, "period is null");
        period.checkActivity(event, range, MAX_PERIODS);
    }

    /** A lifecycle without filters. */
    public LifecycleSpec(String event, RetentionSpec.Period period, TimeRange range) {
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
}
