package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

/**
 * The headline figures over a time range. DAU, WAU and MAU are the distinct persons active in the
 * last 1, 7 and 30 calendar days (project zone) that end with the day containing {@code range.to -
 * 1ns}.
 *
 * @param range the range
 * @param orderEvent the event name that counts as an order (default {@code Order Completed})
 */
public record OverviewSpec(TimeRange range, String orderEvent) {
    public static final String DEFAULT_ORDER_EVENT = "Order Completed";

    public OverviewSpec {
        requireNonNull(range, "range is null");
        requireNonNull(orderEvent, "orderEvent is null");
    }
}
