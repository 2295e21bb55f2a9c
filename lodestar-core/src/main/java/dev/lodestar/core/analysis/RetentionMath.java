package dev.lodestar.core.analysis;

import dev.lodestar.spi.analysis.RetentionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the mergeable counts of a retention table into rates and the average curve. Computed here,
 * once, so that engines cannot disagree.
 *
 * <p>The average curve at period k is the cohort-size weighted mean of the rates of the cohorts
 * whose cell k is complete and whose size is not zero: sum of counts[k] / sum of sizes over those
 * cohorts (equivalently, the pooled rate). Incomplete cells are left out because their count can
 * still grow; empty cohorts carry no weight (PostHog#26217). Where no cohort qualifies the value is
 * null.
 */
public final class RetentionMath {
    private RetentionMath() {}

    /** counts[k] / size for every cell of a cohort; 0 for an empty cohort. */
    public static List<Double> rates(RetentionResult.Cohort cohort) {
        List<Double> rates = new ArrayList<>(cohort.counts().size());
        for (long count : cohort.counts()) {
            rates.add(cohort.size() == 0 ? 0.0 : (double) count / cohort.size());
        }
        return rates;
    }

    /**
     * One point of the average curve.
     *
     * @param period k
     * @param rate the weighted average rate, null when no complete non-empty cell exists
     * @param persons the returning persons summed over the cohorts used
     * @param cohortPersons the cohort sizes summed over the cohorts used (the weight)
     * @param cohorts how many cohorts were used
     */
    public record AveragePoint(int period, Double rate, long persons, long cohortPersons, int cohorts) {}

    /** The weighted average curve of a series, for k = 0..N. */
    public static List<AveragePoint> average(RetentionResult.Series series, int periods) {
        List<AveragePoint> curve = new ArrayList<>(periods + 1);
        for (int k = 0; k <= periods; k++) {
            long persons = 0;
            long weight = 0;
            int used = 0;
            for (RetentionResult.Cohort c : series.cohorts()) {
                if (c.size() > 0 && c.complete(k)) {
                    persons += c.counts().get(k);
                    weight += c.size();
                    used++;
                }
            }
            curve.add(new AveragePoint(k, weight == 0 ? null : (double) persons / weight, persons, weight, used));
        }
        return curve;
    }

    /**
     * Adds up series (all breakdown values, or the values beyond the top N) under one value. Every
     * series of one result has the same cohort rows, and engines over disjoint persons produce the
     * same rows too, so rows are matched by start day.
     */
    public static RetentionResult.Series merge(String value, List<RetentionResult.Series> series, int periods) {
        Map<java.time.LocalDate, long[]> sums = new LinkedHashMap<>();
        Map<java.time.LocalDate, Integer> complete = new LinkedHashMap<>();
        for (RetentionResult.Series s : series) {
            for (RetentionResult.Cohort c : s.cohorts()) {
                long[] sum = sums.computeIfAbsent(c.start(), d -> new long[periods + 2]);
                sum[0] += c.size();
                for (int k = 0; k <= periods; k++) {
                    sum[k + 1] += c.counts().get(k);
                }
                complete.merge(c.start(), c.completeCells(), Math::min);
            }
        }
        List<RetentionResult.Cohort> cohorts = new ArrayList<>();
        sums.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<Long> counts = new ArrayList<>(periods + 1);
            for (int k = 0; k <= periods; k++) {
                counts.add(e.getValue()[k + 1]);
            }
            cohorts.add(new RetentionResult.Cohort(e.getKey(), e.getValue()[0], counts, complete.get(e.getKey())));
        });
        return new RetentionResult.Series(value, cohorts);
    }

    /** The whole table, all breakdown values together. */
    public static RetentionResult.Series total(RetentionResult result) {
        return merge(null, result.series(), result.periods());
    }

    /**
     * The first {@code limit} series as they are (results are ordered by total cohort size), and
     * the rest merged into one series named {@code otherName}.
     */
    public static List<RetentionResult.Series> top(RetentionResult result, int limit, String otherName) {
        if (result.series().size() <= limit) {
            return result.series();
        }
        List<RetentionResult.Series> top = new ArrayList<>(result.series().subList(0, limit));
        top.add(merge(otherName, result.series().subList(limit, result.series().size()), result.periods()));
        return top;
    }
}
