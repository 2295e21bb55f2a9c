package dev.lodestar.spi.analysis;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A time series with one point per bucket of the range, including empty buckets (value 0), in
 * order.
 */
public record TrendResult(List<Point> points) {
    public TrendResult {
        points = List.copyOf(points);
    }

    /**
     * One bucket.
     *
     * @param start the bucket's start as local time in the project zone
     * @param value the count
     */
    public record Point(LocalDateTime start, long value) {}
}
