package dev.lodestar.spi.segment;

/**
 * Materializes the persons who dropped off after a step of a saved funnel, for {@link
 * Condition.FunnelDropOff}.
 */
@FunctionalInterface
public interface FunnelPersons {
    /**
     * Writes the persons who reached step {@code step} (1-based) of the saved funnel {@code funnel}
     * but not the next one, evaluated as of {@code context}, into a temporary table with one column
     * {@code person} on the engine's connection, and returns the table's name.
     */
    String materializeDropOff(String funnel, int step, EvaluationContext context);
}
