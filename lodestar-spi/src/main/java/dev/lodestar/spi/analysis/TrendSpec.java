package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

/**
 * A time series of one event.
 *
 * @param eventName the event name (track event, page or screen name); null for all events
 * @param measure what is counted per bucket
 * @param interval the bucket size
 * @param range the range; buckets are cut in its zone
 */
public record TrendSpec(String eventName, Measure measure, Interval interval, TimeRange range) {
    public TrendSpec {
        requireNonNull(measure, "measure is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(range, "range is null");
    }

    /** What a trend counts. */
    public enum Measure {
        EVENTS,
        PERSONS
    }
}
