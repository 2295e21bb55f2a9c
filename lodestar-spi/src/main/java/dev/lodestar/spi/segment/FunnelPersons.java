package dev.lodestar.spi.segment;

/**
 * Materializes the persons who dropped off after a step of a saved funnel, for {@link
 * Condition.FunnelDropOff}.
 */
@FunctionalInterface
public interface FunnelPersons {
    /**
     * Writes the persons who reached step {@code step} (1-based) of the saved funnel {@code funnel}
     * but not the next one, evaluated as of {@code context} (see {@link SavedFunnels#asOf}; events
     * at or after {@code asOf} are ignored), into a scratch table with one column {@code person},
     * and returns the table's qualified name, to be used as is in a query. The table is readable
     * from every connection of the engine's database (DuckDB: it lives in an attached in-memory
     * database, so it is never written to disk) for at least ten minutes.
     */
    String materializeDropOff(String funnel, int step, EvaluationContext context);
}
