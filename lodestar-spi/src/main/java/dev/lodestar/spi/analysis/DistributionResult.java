package dev.lodestar.spi.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A distribution: count, sum, extremes, percentiles and a histogram of the values.
 *
 * @param count the number of values
 * @param sum their sum
 * @param min the least value, null when there is none
 * @param max the greatest value, null when there is none
 * @param percentiles the values at {@link #QUANTILES} (linear interpolation between the closest
 *     ranks, as DuckDB's {@code quantile_cont}), null elements when there is no value
 * @param bins the histogram, {@link Bins#choose chosen} from these figures; empty without values
 */
public record DistributionResult(
        long count, double sum, Double min, Double max, List<Double> percentiles, List<Bin> bins) {
    /** The percentiles reported: p10, p25, p50, p75, p90, p99. */
    public static final List<Double> QUANTILES = List.of(0.1, 0.25, 0.5, 0.75, 0.9, 0.99);

    public DistributionResult {
        percentiles = Collections.unmodifiableList(new ArrayList<>(percentiles));
        bins = List.copyOf(bins);
        if (percentiles.size() != QUANTILES.size()) {
            throw new IllegalArgumentException(
                    "expected " + QUANTILES.size() + " percentiles, found " + percentiles.size());
        }
    }

    /** The mean, null without values. */
    public Double mean() {
        return count == 0 ? null : sum / count;
    }

    /**
     * One bar of the histogram: values in {@code [from, to)}; the last bar also holds its upper edge.
     */
    public record Bin(double from, double to, long count) {}

    /**
     * Equal-width bins from {@code lo}: value v falls into bin {@code min(n - 1, floor((v - lo) /
     * width))}.
     */
    public record Bins(double lo, double width, int n) {
        public static final int MAX_INTEGER_BINS = 30;
        public static final int MAX_BINS = 50;

        /**
         * The bins for a distribution: none without values; one bin when all values are equal; one
         * bin per whole number when the values are whole numbers spanning fewer than {@link
         * #MAX_INTEGER_BINS}; else Freedman–Diaconis (width 2 IQR / n^(1/3), from the least value),
         * at most {@link #MAX_BINS} bins (wider when needed), widths rounded up to whole numbers for
         * whole-number values.
         */
        public static Bins choose(long count, double min, double max, double p25, double p75, boolean integral) {
            if (count == 0) {
                return new Bins(0, 1, 0);
            }
            double span = max - min;
            if (span == 0) {
                return new Bins(min, 1, 1);
            }
            if (integral && span < MAX_INTEGER_BINS) {
                return new Bins(min, 1, (int) span + 1);
            }
            double width = 2 * (p75 - p25) / Math.cbrt(count);
            int n = width > 0 ? (int) Math.min(MAX_BINS, Math.ceil(span / width)) : MAX_BINS;
            n = Math.max(n, 1);
            width = span / n;
            if (integral) {
                width = Math.ceil(width);
                n = (int) Math.floor(span / width) + 1;
            }
            return new Bins(min, width, n);
        }

        /** The bin of a value. */
        public int indexOf(double value) {
            return (int) Math.min(n - 1, Math.floor((value - lo) / width));
        }

        /** The histogram bars for counts per bin. */
        public List<Bin> bars(long[] counts) {
            List<Bin> bars = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                bars.add(new Bin(lo + i * width, lo + (i + 1) * width, counts[i]));
            }
            return bars;
        }
    }
}
