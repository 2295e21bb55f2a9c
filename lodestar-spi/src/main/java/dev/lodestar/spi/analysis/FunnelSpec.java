package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A conversion funnel. The semantics are documented in {@code docs/analytics.md}; in short: a
 * person counts at the furthest step reached by any attempt; an attempt starts with a step-1 event
 * in the range; every later step is at or after the previous one (equal timestamps allowed) and at
 * most {@code window} after the first (inclusive); one event never satisfies two steps.
 *
 * @param steps 2 to 20 steps
 * @param order how steps must follow each other
 * @param window the conversion window from the first step's timestamp, inclusive; null for 14 days
 * @param range the first step must happen in this range; later steps may fall after its end
 * @param exclusions at most 10 exclusions (not with {@link Order#UNORDERED}); null for none
 * @param breakdown null for no breakdown
 */
public record FunnelSpec(
        List<FunnelStep> steps,
        Order order,
        Duration window,
        TimeRange range,
        List<FunnelExclusion> exclusions,
        FunnelBreakdown breakdown) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    public static final int MAX_STEPS = 20;
    public static final int MAX_EXCLUSIONS = 10;

    public FunnelSpec {
        requireNonNull(steps, "steps is null");
        requireNonNull(order, "order is null");
        requireNonNull(range, "range is null");
        if (steps.size() < 2 || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 2 to " + MAX_STEPS + ", found " + steps.size());
        }
        steps = List.copyOf(steps);
        window = window == null ? DEFAULT_WINDOW : window;
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, found " + window);
        }
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        if (exclusions.size() > MAX_EXCLUSIONS) {
            throw new IllegalArgumentException("at most " + MAX_EXCLUSIONS + " exclusions, found " + exclusions.size());
        }
        if (order == Order.UNORDERED && !exclusions.isEmpty()) {
            throw new IllegalArgumentException("exclusions are not supported in unordered funnels");
        }
        Set<String> stepEvents = new HashSet<>();
        for (FunnelStep step : steps) {
            stepEvents.add(step.event());
        }
        for (FunnelExclusion exclusion : exclusions) {
            if (exclusion.toStep() > steps.size()) {
                throw new IllegalArgumentException(
                        "exclusion of '" + exclusion.event().event() + "' refers to step " + exclusion.toStep()
                                + " but the funnel has " + steps.size() + " steps");
            }
            if (stepEvents.contains(exclusion.event().event())) {
                throw new IllegalArgumentException("exclusion event '"
                        + exclusion.event().event() + "' is also a step event; exclusions must be other events");
            }
        }
        if (breakdown != null
                && breakdown.attribution() == FunnelBreakdown.Attribution.STEP
                && breakdown.step() > steps.size()) {
            throw new IllegalArgumentException("breakdown attribution step " + breakdown.step()
                    + " is beyond the funnel's " + steps.size() + " steps");
        }
    }

    /** A funnel without exclusions or breakdown. */
    public FunnelSpec(List<FunnelStep> steps, Order order, Duration window, TimeRange range) {
        this(steps, order, window, range, null, null);
    }

    /** How the steps of a funnel must follow each other. */
    public enum Order {
        /** In order; other events may happen between steps. */
        ORDERED,
        /** In order, with no other event of the person strictly between consecutive steps. */
        STRICT,
        /** In any order within the window; step k means "k of the steps done". */
        UNORDERED;

        public static Order parse(String text) {
            for (Order order : values()) {
                if (order.name().equalsIgnoreCase(text)) {
                    return order;
                }
            }
            throw new IllegalArgumentException("order '" + text + "' is not one of ordered, strict, unordered");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
