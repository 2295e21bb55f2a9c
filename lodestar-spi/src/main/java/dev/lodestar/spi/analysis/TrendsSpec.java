package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A trend of one or more series over calendar buckets of the range's zone; see {@code
 * docs/analytics.md}. Formulas and the comparison with the previous period are computed by core
 * from these results.
 *
 * @param series 1 to {@link #MAX_SERIES} series
 * @param interval the bucket size; buckets are cut in the range's zone
 * @param range only events in the range count (DAU, WAU and MAU windows may reach before it)
 * @param breakdown splits every series by a value; null for none
 */
public record TrendsSpec(List<TrendSeries> series, Interval interval, TimeRange range, TrendBreakdown breakdown) {
    public static final int MAX_SERIES = 10;

    public TrendsSpec {
        series = List.copyOf(requireNonNull(series, "series is null"));
        requireNonNull(interval, "interval is null");
        requireNonNull(range, "range is null");
        if (series.isEmpty() || series.size() > MAX_SERIES) {
            throw new IllegalArgumentException("a trend needs 1 to " + MAX_SERIES + " series, found " + series.size());
        }
        for (TrendSeries s : series) {
            if (s.measure().activeDays() > 0 && interval == Interval.HOUR) {
                throw new IllegalArgumentException(
                        "measure " + s.measure().wireName() + " needs a day, week or month interval, not hour");
            }
        }
    }
}
