package dev.lodestar.spi.analysis;

import java.util.List;

/**
 * Mergeable funnel counts: one series per breakdown value (a single series with value null when
 * the funnel has no breakdown), ordered by persons at step 1 (most first), then value (null last).
 * Rates, drop-off and time percentiles are computed by core from these.
 *
 * @param stepCount number of steps
 * @param series the series
 */
public record FunnelResult(int stepCount, List<Series> series) {
    public FunnelResult {
        series = List.copyOf(series);
    }

    /**
     * The counts of one breakdown value.
     *
     * @param breakdownValue the value (null: no breakdown, or the property is absent)
     * @param persons persons who reached step k+1 at index k (reaching a step implies reaching every
     *     earlier step)
     * @param timeToConvert at index k, the time from step 1 to step k+1 of each person who reached
     *     step k+1: the shortest over the person's attempts; index 0 is empty
     */
    public record Series(String breakdownValue, List<Long> persons, List<ConversionTimes> timeToConvert) {
        public Series {
            persons = List.copyOf(persons);
            timeToConvert = List.copyOf(timeToConvert);
            if (persons.size() != timeToConvert.size()) {
                throw new IllegalArgumentException("persons and timeToConvert differ in length");
            }
        }
    }
}
