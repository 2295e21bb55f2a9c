package dev.lodestar.spi.analysis;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A funnel per bucket, one point per bucket of the range (also empty ones), in order.
 *
 * @param stepCount number of steps
 * @param points the buckets
 */
public record FunnelTrendResult(int stepCount, List<Point> points) {
    public FunnelTrendResult {
        points = List.copyOf(points);
    }

    /**
     * One bucket.
     *
     * @param start the bucket's start as local time in the range's zone
     * @param persons at index k, the persons who entered the funnel in this bucket and reached step k+1
     */
    public record Point(LocalDateTime start, List<Long> persons) {
        public Point {
            persons = List.copyOf(persons);
        }
    }
}
