package dev.lodestar.core.overview;

import dev.lodestar.spi.analysis.OverviewCounts;

/**
 * The overview tiles: the engine's counts plus the rates core derives from them.
 *
 * @param counts the engine's counts
 * @param conversionRate buyers divided by active persons in the range (0 when nobody was active)
 * @param averageOrderValue revenue divided by orders (0 without orders)
 * @param stickiness DAU divided by MAU (0 without MAU)
 */
public record Overview(OverviewCounts counts, double conversionRate, double averageOrderValue, double stickiness) {

    public static Overview of(OverviewCounts counts) {
        return new Overview(
                counts,
                ratio(counts.buyers(), counts.persons()),
                counts.orders() == 0 ? 0 : counts.revenue() / counts.orders(),
                ratio(counts.dau(), counts.mau()));
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
