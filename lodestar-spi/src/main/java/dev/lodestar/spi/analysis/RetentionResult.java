package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * Mergeable retention counts: one series per breakdown value (a single series with value null when
 * there is no breakdown), ordered by total cohort size (largest first), then value (null last).
 * Each series has one row per cohort period of the spec, in order, also when the cohort is empty.
 * Engines over disjoint sets of persons merge by adding sizes and counts. Rates and the average
 * curve are computed by core.
 *
 * @param periods N: every cohort has cells 0..N
 * @param series the series
 */
public record RetentionResult(int periods, List<Series> series) {
    public RetentionResult {
        series = List.copyOf(series);
        for (Series s : series) {
            for (Cohort c : s.cohorts()) {
                if (c.counts().size() != periods + 1) {
                    throw new IllegalArgumentException(
                            "cohort " + c.start() + " has " + c.counts().size() + " cells, expected " + (periods + 1));
                }
            }
        }
    }

    /**
     * The cohorts of one breakdown value.
     *
     * @param breakdownValue the value (null: no breakdown, or the property is absent)
     * @param cohorts one per cohort period, oldest first
     */
    public record Series(String breakdownValue, List<Cohort> cohorts) {
        public Series {
            cohorts = List.copyOf(cohorts);
        }

        /** The sum of the cohort sizes. */
        public long persons() {
            long sum = 0;
            for (Cohort c : cohorts) {
                sum += c.size();
            }
            return sum;
        }
    }

    /**
     * One row of the triangle.
     *
     * @param start the first local day of the cohort period
     * @param size persons in the cohort
     * @param counts at index k (0..N), the persons of the cohort who returned in period k (or later,
     *     for on-or-after); index 0 equals the size
     * @param completeCells cells 0..completeCells-1 are complete: their period ended at or before the
     *     observation end; later cells are incomplete (their period ends after it)
     */
    public record Cohort(LocalDate start, long size, List<Long> counts, int completeCells) {
        public Cohort {
            requireNonNull(start, "start is null");
            counts = List.copyOf(counts);
            if (completeCells < 0 || completeCells > counts.size()) {
                throw new IllegalArgumentException("completeCells " + completeCells + " is not in 0.." + counts.size());
            }
        }

        public boolean complete(int k) {
            return k < completeCells;
        }
    }
}
