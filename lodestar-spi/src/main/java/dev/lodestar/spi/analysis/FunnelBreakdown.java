package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Splits a funnel by the value of one event property. Each person gets one value, taken from one of
 * their events (see {@link Attribution}); an absent property gives the value null. The person's
 * funnel itself is computed over all their events, whatever the value on each event.
 *
 * @param property a property as in {@link PropertyFilter}
 * @param attribution which event gives the person's value
 * @param step for {@link Attribution#STEP}, the step (from 1) whose event gives the value; else 0
 */
public record FunnelBreakdown(String property, Attribution attribution, int step) {
    public FunnelBreakdown {
        property = PropertyFilter.checkProperty(property);
        requireNonNull(attribution, "attribution is null");
        if (attribution == Attribution.STEP ? step < 1 : step != 0) {
            throw new IllegalArgumentException(
                    attribution == Attribution.STEP
                            ? "breakdown attribution step must be at least 1, found " + step
                            : "breakdown step is only used with attribution step");
        }
    }

    /**
     * Which event gives a person's breakdown value. Ties at equal timestamps take the least value
     * for first touch and step, the greatest for last touch (absent before any text).
     */
    public enum Attribution {
        /** The person's earliest event matching step 1 in the range. */
        FIRST_TOUCH,
        /** The person's latest event matching any step, from the range start to its end plus the window. */
        LAST_TOUCH,
        /** The person's earliest event matching the chosen step, from the range start to its end plus the window. */
        STEP;

        public static Attribution parse(String text) {
            for (Attribution a : values()) {
                if (a.name().equalsIgnoreCase(text) || a.wireName().equals(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException(
                    "attribution '" + text + "' is not one of first_touch, last_touch, step");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
