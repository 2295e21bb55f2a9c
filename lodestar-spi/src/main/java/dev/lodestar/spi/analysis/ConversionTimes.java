package dev.lodestar.spi.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mergeable statistics of conversion times (one value per person): count, sum, and a histogram with
 * fixed log-scale buckets shared by every engine, so that results merge by addition. Bucket 0 holds
 * [0, 1 s); bucket b >= 1 holds [2^((b-1)/4), 2^(b/4)) seconds; the last bucket is open-ended
 * (from about 2 years).
 *
 * @param count number of values
 * @param sumSeconds sum of the values in seconds
 * @param histogram {@link #BUCKETS} counts
 */
public record ConversionTimes(long count, double sumSeconds, List<Long> histogram) {
    public static final int BUCKETS = 106;
    private static final long[] LOWER_MICROS = new long[BUCKETS];

    static {
        LOWER_MICROS[0] = 0;
        for (int b = 1; b < BUCKETS; b++) {
            LOWER_MICROS[b] = (long) Math.ceil(1_000_000.0 * StrictMath.pow(2, (b - 1) / 4.0));
        }
    }

    public static final ConversionTimes EMPTY = new ConversionTimes(0, 0, zeros());

    public ConversionTimes {
        histogram = List.copyOf(histogram);
        if (histogram.size() != BUCKETS) {
            throw new IllegalArgumentException("histogram has " + histogram.size() + " buckets, expected " + BUCKETS);
        }
    }

    private static List<Long> zeros() {
        Long[] zeros = new Long[BUCKETS];
        Arrays.fill(zeros, 0L);
        return List.of(zeros);
    }

    /** The bucket of a duration in microseconds. */
    public static int bucketOf(long micros) {
        int index = Arrays.binarySearch(LOWER_MICROS, micros);
        return index >= 0 ? index : -index - 2;
    }

    /** The lower bound of a bucket, in seconds. */
    public static double lowerSeconds(int bucket) {
        return LOWER_MICROS[bucket] / 1e6;
    }

    /** The upper bound of a bucket, in seconds (infinite for the last). */
    public static double upperSeconds(int bucket) {
        return bucket + 1 < BUCKETS ? LOWER_MICROS[bucket + 1] / 1e6 : Double.POSITIVE_INFINITY;
    }

    public ConversionTimes merge(ConversionTimes other) {
        List<Long> sum = new ArrayList<>(BUCKETS);
        for (int b = 0; b < BUCKETS; b++) {
            sum.add(histogram.get(b) + other.histogram.get(b));
        }
        return new ConversionTimes(count + other.count, sumSeconds + other.sumSeconds, sum);
    }

    /** A mutable builder; engines add one value per converted person. */
    public static final class Builder {
        private long count;
        private double sumSeconds;
        private final long[] histogram = new long[BUCKETS];

        public Builder add(long micros) {
            count++;
            sumSeconds += micros / 1e6;
            histogram[bucketOf(micros)]++;
            return this;
        }

        public ConversionTimes build() {
            List<Long> list = new ArrayList<>(BUCKETS);
            for (long h : histogram) {
                list.add(h);
            }
            return new ConversionTimes(count, sumSeconds, list);
        }
    }
}
