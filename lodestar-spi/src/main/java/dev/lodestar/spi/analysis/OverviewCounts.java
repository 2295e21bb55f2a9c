package dev.lodestar.spi.analysis;

/**
 * Mergeable counts behind the overview tiles; rates are computed from these by core.
 *
 * @param events events in range
 * @param persons distinct persons with any event in range
 * @param dau distinct persons active on the last day of the range
 * @param wau distinct persons active in the last 7 days of the range
 * @param mau distinct persons active in the last 30 days of the range
 * @param orders order events in range
 * @param revenue sum of revenue of order events in range
 * @param buyers distinct persons with an order in range
 */
public record OverviewCounts(
        long events, long persons, long dau, long wau, long mau, long orders, double revenue, long buyers) {}
