package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One funnel step, or one exclusion event: an event name (track event, page or screen name) and
 * property filters that must all hold.
 */
public record FunnelStep(String event, List<PropertyFilter> filters) {
    public FunnelStep {
        requireNonNull(event, "event is null");
        if (event.isBlank()) {
            throw new IllegalArgumentException("step event name is blank");
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    public static FunnelStep of(String event) {
        return new FunnelStep(event, List.of());
    }
}
