package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Lifecycle counts, one row per period of the spec in order (also when nobody was active). Engines
 * over disjoint sets of persons merge by adding the rows.
 *
 * @param periods the rows, oldest first
 */
public record LifecycleResult(List<Row> periods) {
    public LifecycleResult {
        periods = List.copyOf(periods);
    }

    /**
     * One period.
     *
     * @param start the first local day of the period
     * @param newPersons persons whose first activity ever is in this period
     * @param returning persons active in this period and the one before
     * @param resurrecting persons active in this period, not the one before, but earlier
     * @param dormant minus the number of persons active in the period before and not in this one
     *     (zero or negative, as charted)
     */
    public record Row(java.time.LocalDate start, long newPersons, long returning, long resurrecting, long dormant) {
        public Row {
            requireNonNull(start, "start is null");
            if (newPersons < 0 || returning < 0 || resurrecting < 0 || dormant > 0) {
                throw new IllegalArgumentException("lifecycle counts of " + start + " have the wrong sign: new "
                        + newPersons + ", returning " + returning + ", resurrecting " + resurrecting + ", dormant "
                        + dormant);
            }
        }

        /** Persons active in this period: new + returning + resurrecting. */
        public long active() {
            return newPersons + returning + resurrecting;
        }
    }
}
