package dev.lodestar.core.analysis;

import dev.lodestar.spi.analysis.ConversionTimes;
import dev.lodestar.spi.analysis.FunnelResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the mergeable counts of a funnel into the figures people read: conversion against step 1
 * and against the previous step, drop-off, and time to convert (average exact, median and p90
 * estimated from the log-scale histogram). Computed here, once, so that engines cannot disagree.
 */
public final class FunnelMath {
    private FunnelMath() {}

    /**
     * The figures of one step.
     *
     * @param step the step, from 1
     * @param persons persons who reached it
     * @param conversionFromFirst persons / persons at step 1 (1 for step 1, 0 when nobody started)
     * @param conversionFromPrevious persons / persons at the previous step (1 for step 1)
     * @param dropOff persons at the previous step who did not reach this one (0 for step 1)
     * @param averageSeconds average time from step 1, null for step 1 or when nobody converted
     * @param medianSeconds estimated median time from step 1, null likewise
     * @param p90Seconds estimated 90th percentile, null likewise
     */
    public record StepFigures(
            int step,
            long persons,
            double conversionFromFirst,
            double conversionFromPrevious,
            long dropOff,
            Double averageSeconds,
            Double medianSeconds,
            Double p90Seconds) {}

    public static List<StepFigures> figures(FunnelResult.Series series) {
        List<StepFigures> figures = new ArrayList<>();
        List<Long> persons = series.persons();
        long first = persons.get(0);
        for (int k = 0; k < persons.size(); k++) {
            long here = persons.get(k);
            long previous = k == 0 ? here : persons.get(k - 1);
            ConversionTimes times = series.timeToConvert().get(k);
            figures.add(new StepFigures(
                    k + 1,
                    here,
                    ratio(here, first, k == 0),
                    ratio(here, previous, k == 0),
                    previous - here,
                    times.count() == 0 ? null : times.sumSeconds() / times.count(),
                    quantile(times, 0.5),
                    quantile(times, 0.9)));
        }
        return figures;
    }

    /**
     * Overall conversion of a funnel's counts: persons at the last step / persons at step 1; null
     * when nobody entered (a point of a trend where the rate is undefined, not zero).
     */
    public static Double conversion(List<Long> persons) {
        long first = persons.get(0);
        return first == 0 ? null : (double) persons.get(persons.size() - 1) / first;
    }

    private static double ratio(long part, long whole, boolean firstStep) {
        if (whole == 0) {
            return firstStep ? 1.0 : 0.0;
        }
        return (double) part / whole;
    }

    /**
     * Estimates a quantile from the histogram: finds the bucket holding the rank {@code q * count}
     * and interpolates geometrically inside it (linearly in the first bucket, [0, 1 s)); the open
     * last bucket answers its lower bound. Null when there are no values. The estimate is within
     * one bucket (19%) of the true value.
     */
    public static Double quantile(ConversionTimes times, double q) {
        if (times.count() == 0) {
            return null;
        }
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], found " + q);
        }
        double rank = q * times.count();
        long seen = 0;
        List<Long> histogram = times.histogram();
        for (int b = 0; b < histogram.size(); b++) {
            long inBucket = histogram.get(b);
            if (inBucket == 0) {
                continue;
            }
            if (seen + inBucket >= rank) {
                double fraction = (rank - seen) / inBucket;
                double lower = ConversionTimes.lowerSeconds(b);
                double upper = ConversionTimes.upperSeconds(b);
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                if (b == 0) {
                    return lower + fraction * (upper - lower);
                }
                return lower * Math.pow(upper / lower, fraction);
            }
            seen += inBucket;
        }
        return ConversionTimes.lowerSeconds(histogram.size() - 1);
    }

    /** Adds up series (e.g. all breakdown values, or the values beyond the top N) under one value. */
    public static FunnelResult.Series merge(String value, List<FunnelResult.Series> series, int steps) {
        long[] persons = new long[steps];
        List<ConversionTimes> times = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            times.add(ConversionTimes.EMPTY);
        }
        for (FunnelResult.Series s : series) {
            for (int k = 0; k < steps; k++) {
                persons[k] += s.persons().get(k);
                times.set(k, times.get(k).merge(s.timeToConvert().get(k)));
            }
        }
        List<Long> counts = new ArrayList<>();
        for (long p : persons) {
            counts.add(p);
        }
        return new FunnelResult.Series(value, counts, times);
    }

    /** The whole funnel, all breakdown values together. */
    public static FunnelResult.Series total(FunnelResult result) {
        return merge(null, result.series(), result.stepCount());
    }

    /**
     * The first {@code limit} series as they are (results are ordered by persons at step 1), and the
     * rest merged into one series named {@code otherName}.
     */
    public static List<FunnelResult.Series> top(FunnelResult result, int limit, String otherName) {
        if (result.series().size() <= limit) {
            return result.series();
        }
        List<FunnelResult.Series> top = new ArrayList<>(result.series().subList(0, limit));
        top.add(merge(otherName, result.series().subList(limit, result.series().size()), result.stepCount()));
        return top;
    }
}
