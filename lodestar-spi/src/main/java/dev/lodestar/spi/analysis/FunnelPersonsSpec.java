package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The persons behind one bar of a funnel: those who reached a step, or those who dropped off after
 * it (reached it but not the next one), by exactly the rules that count them in {@link
 * AnalyticsEngine#funnel}, so the number of persons equals the funnel's count. Paged by person id.
 *
 * @param funnel the funnel
 * @param step the step, from 1
 * @param droppedOff false for the persons who reached {@code step}; true for those who reached it but
 *     not step {@code step + 1} (so {@code step} cannot be the last step)
 * @param series null for every person of the funnel; else only the persons of one breakdown value
 *     (the funnel must have a breakdown)
 * @param until null, or an instant from which on events are ignored (the funnel as it stood then)
 * @param afterPerson null for the first page; else the last person id of the previous page
 * @param limit persons per page, 1 to {@link #MAX_LIMIT}
 */
public record FunnelPersonsSpec(
        FunnelSpec funnel, int step, boolean droppedOff, Series series, Instant until, String afterPerson, int limit) {
    public static final int MAX_LIMIT = 100_000;

    public FunnelPersonsSpec {
        requireNonNull(funnel, "funnel is null");
        int steps = funnel.steps().size();
        if (step < 1 || step > steps) {
            throw new IllegalArgumentException("step must be 1 to " + steps + ", found " + step);
        }
        if (droppedOff && step == steps) {
            throw new IllegalArgumentException("step " + step
                    + " is the last step: nobody drops off after it (use a step from 1 to " + (steps - 1) + ")");
        }
        if (series != null && funnel.breakdown() == null) {
            throw new IllegalArgumentException("a breakdown value is given but the funnel has no breakdown");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", found " + limit);
        }
    }

    /** One breakdown value; {@code value} null stands for the persons without the property. */
    public record Series(String value) {}
}
