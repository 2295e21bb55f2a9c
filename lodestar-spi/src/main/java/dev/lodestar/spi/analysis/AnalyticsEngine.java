package dev.lodestar.spi.analysis;

import java.time.ZoneId;
import java.util.List;

/**
 * The analytics boundary: specs go in, mergeable counts come out. Implementations never expose how
 * they store data. Rates, intervals and p-values are computed by core from these results so that
 * two engines cannot disagree on the math.
 */
public interface AnalyticsEngine {

    /** Counts behind the overview tiles. */
    OverviewCounts overview(OverviewSpec spec);

    /** A trend of one event or of all events. */
    TrendResult trend(TrendSpec spec);

    /**
     * A trend of one or more series, optionally broken down by an event property or person trait;
     * see {@link TrendsSpec} and {@code docs/analytics.md}.
     */
    TrendsResult trends(TrendsSpec spec);

    /** The distribution of a per-person metric; see {@link DistributionSpec} and {@code docs/analytics.md}. */
    DistributionResult distribution(DistributionSpec spec);

    /** A conversion funnel; see {@link FunnelSpec} and {@code docs/analytics.md}. */
    FunnelResult funnel(FunnelSpec spec);

    /**
     * The persons who reached a funnel step or dropped off after it, one page in person id order;
     * see {@link FunnelPersonsSpec}.
     */
    FunnelPersonsPage funnelPersons(FunnelPersonsSpec spec);

    /** Conversion over time: the funnel per bucket of the first step's time; see {@link FunnelTrendSpec}. */
    FunnelTrendResult funnelTrend(FunnelTrendSpec spec);

    /** A retention table; see {@link RetentionSpec} and {@code docs/analytics.md}. */
    RetentionResult retention(RetentionSpec spec);

    /** New, returning, resurrecting and dormant persons per period; see {@link LifecycleSpec}. */
    LifecycleResult lifecycle(LifecycleSpec spec);

    /** Persons per number of active days in each week or month; see {@link StickinessSpec}. */
    StickinessResult stickiness(StickinessSpec spec);

    /** The distinct paths after a start point or before an end point; see {@link PathsSpec}. */
    PathsResult paths(PathsSpec spec);

    /** All event names with their counts, most frequent first. */
    List<EventNameCount> eventNames();

    /** Events per calendar day in the zone over the whole store, oldest first. */
    List<DayCount> eventsPerDay(ZoneId zone);

    /** Total number of events stored. */
    long totalEvents();

    /** The timestamp of the latest event, or null when the store is empty. */
    java.time.Instant latestEventTime();
}
