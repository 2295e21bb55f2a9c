package dev.lodestar.spi.segment;

/**
 * Makes sure the computed person scores (RFM, value tiers, activity and lifecycle states, interest
 * tags) in the store are current for an evaluation's "as of" instant, computing them when they are
 * not. Segment evaluation calls it before using a computed field.
 */
@FunctionalInterface
public interface ScoresRefresher {
    void ensureScores(EvaluationContext context);
}
