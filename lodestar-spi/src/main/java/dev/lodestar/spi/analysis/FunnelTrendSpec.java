package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

/**
 * Conversion over time: the funnel counted once per bucket of its range, with the first step (for
 * unordered funnels, the anchor) in that bucket. Each bucket is exactly {@link
 * AnalyticsEngine#funnel} over the part of the range the bucket covers, so a person who entered the
 * funnel in two buckets counts in both, each time with the furthest step reached from there.
 *
 * @param funnel the funnel, without a breakdown
 * @param interval the buckets, in the range's zone
 */
public record FunnelTrendSpec(FunnelSpec funnel, Interval interval) {
    public FunnelTrendSpec {
        requireNonNull(funnel, "funnel is null");
        requireNonNull(interval, "interval is null");
        if (funnel.breakdown() != null) {
            throw new IllegalArgumentException("a funnel over time has no breakdown; remove \"breakdown\"");
        }
    }
}
