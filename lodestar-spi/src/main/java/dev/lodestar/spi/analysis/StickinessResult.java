package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Stickiness counts, one row per period of the spec in order (also when nobody was active). Engines
 * over disjoint sets of persons merge by adding the counts.
 *
 * @param periods the rows, oldest first
 */
public record StickinessResult(List<Row> periods) {
    public StickinessResult {
        periods = List.copyOf(periods);
    }

    /**
     * One period.
     *
     * @param start the first local day of the period
     * @param exactly at index N-1, the persons active on exactly N distinct days of the period (N from
     *     1 to the period's length in days)
     */
    public record Row(LocalDate start, List<Long> exactly) {
        public Row {
            requireNonNull(start, "start is null");
            exactly = List.copyOf(exactly);
        }

        /** At index N-1, the persons active on at least N distinct days of the period. */
        public List<Long> atLeast() {
            List<Long> cumulative = new ArrayList<>(exactly);
            for (int i = cumulative.size() - 2; i >= 0; i--) {
                cumulative.set(i, cumulative.get(i) + cumulative.get(i + 1));
            }
            return cumulative;
        }

        /** Persons active in the period at all. */
        public long persons() {
            return exactly.isEmpty() ? 0 : atLeast().get(0);
        }
    }
}
