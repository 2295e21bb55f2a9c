package dev.lodestar.core.analysis;

import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What core adds to an engine's trend: formulas over the series and the comparison with the
 * previous period. Computed here, once, so that engines cannot disagree.
 *
 * <p>The previous period has the same length in local wall-clock time and ends where the range
 * begins (a range of 7 local days is compared with the 7 local days before it, whatever daylight
 * saving does); it keeps the breakdown values chosen for the current period, so lines match.
 */
public final class TrendsMath {
    private TrendsMath() {}

    /**
     * One line of a formula.
     *
     * @param expression the formula
     * @param breakdownValue as in {@link TrendsResult.Series}
     * @param other as in {@link TrendsResult.Series}
     * @param values one per bucket, null where a series is null or a division is by zero
     */
    public record FormulaLine(String expression, String breakdownValue, boolean other, List<Double> values) {}

    /** A period's trend with its formula lines. */
    public record Period(TimeRange range, TrendsResult result, List<FormulaLine> formulas) {}

    /** The current period and, when asked for, the previous one. */
    public record Report(Period current, Period previous) {}

    public static Report run(AnalyticsEngine engine, TrendsSpec spec, List<TrendFormula> formulas, boolean compare) {
        TrendsResult current = engine.trends(spec);
        Period previous = null;
        if (compare) {
            TrendBreakdown breakdown = spec.breakdown();
            if (breakdown != null) {
                List<String> kept = new ArrayList<>();
                for (TrendsResult.Series s : current.series()) {
                    if (s.index() == 0 && !s.other()) {
                        kept.add(s.breakdownValue());
                    }
                }
                breakdown = breakdown.withValues(kept);
            }
            TimeRange range = previousRange(spec.range());
            TrendsSpec before = new TrendsSpec(spec.series(), spec.interval(), range, breakdown);
            TrendsResult result = engine.trends(before);
            previous = new Period(range, result, formulas(result, formulas));
        }
        return new Report(new Period(spec.range(), current, formulas(current, formulas)), previous);
    }

    /** The range of the same local length that ends where {@code range} begins. */
    public static TimeRange previousRange(TimeRange range) {
        LocalDateTime from = LocalDateTime.ofInstant(range.from(), range.zone());
        LocalDateTime to = LocalDateTime.ofInstant(range.to(), range.zone());
        Duration length = Duration.between(from, to);
        if (length.isZero() || length.isNegative()) {
            length = Duration.between(range.from(), range.to()); // a range inside one repeated hour
        }
        return new TimeRange(from.minus(length).atZone(range.zone()).toInstant(), range.from(), range.zone());
    }

    /** Every formula for every breakdown line (the lines of series A, in order). */
    public static List<FormulaLine> formulas(TrendsResult result, List<TrendFormula> formulas) {
        List<FormulaLine> lines = new ArrayList<>();
        int buckets = result.buckets().size();
        for (TrendFormula formula : formulas) {
            for (TrendsResult.Series line : result.series()) {
                if (line.index() != 0) {
                    continue;
                }
                List<List<Double>> inputs = new ArrayList<>();
                for (TrendsResult.Series s : result.series()) {
                    if (s.other() == line.other() && Objects.equals(s.breakdownValue(), line.breakdownValue())) {
                        inputs.add(s.values());
                    }
                }
                List<Double> values = new ArrayList<>(buckets);
                for (int b = 0; b < buckets; b++) {
                    List<Double> at = new ArrayList<>(inputs.size());
                    for (List<Double> input : inputs) {
                        at.add(input.get(b));
                    }
                    values.add(formula.evaluate(at));
                }
                lines.add(new FormulaLine(formula.expression(), line.breakdownValue(), line.other(), values));
            }
        }
        return lines;
    }
}
