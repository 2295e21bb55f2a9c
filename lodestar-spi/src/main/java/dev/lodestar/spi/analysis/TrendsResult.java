package dev.lodestar.spi.analysis;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The values of a trend: for every series of the spec and every breakdown value, one value per
 * bucket (every bucket of the range, in order).
 *
 * @param buckets the local start of every bucket overlapping the range, in order
 * @param series one entry per (series, breakdown value); without breakdown one per series
 */
public record TrendsResult(List<LocalDateTime> buckets, List<Series> series) {
    public TrendsResult {
        buckets = List.copyOf(buckets);
        series = List.copyOf(series);
    }

    /**
     * One line of the chart.
     *
     * @param index the series' position in the spec, from 0
     * @param breakdownValue the value (null for the absent value, or without breakdown)
     * @param other whether this is the group of all values not kept
     * @param values one per bucket; counts are whole numbers, null where the measure is undefined
     *     (e.g. the average of no values)
     */
    public record Series(int index, String breakdownValue, boolean other, List<Double> values) {
        public Series {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }
}
