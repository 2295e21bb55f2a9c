package dev.lodestar.spi.segment;

import dev.lodestar.spi.analysis.FunnelSpec;

/** The saved funnels, by name, as funnels to evaluate for {@link Condition.FunnelDropOff}. */
@FunctionalInterface
public interface SavedFunnels {
    /**
     * The saved funnel {@code name} as of the context: its steps, order, window, exclusions and
     * breakdown as saved, over a range as long as the saved one (in calendar days of the context's
     * zone) that ends at {@code context.asOf()}. Fails with {@code NOT_FOUND} when no funnel of that
     * name is saved.
     */
    FunnelSpec asOf(String name, EvaluationContext context);
}
