package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;

/**
 * When a behaviour counts. Relative windows are measured back from the evaluation's "as of"
 * instant; date windows are whole days in the project time zone, both ends inclusive.
 */
public sealed interface TimeWindow permits TimeWindow.Ever, TimeWindow.Within, TimeWindow.Between {

    /** Any time up to the evaluation instant. */
    record Ever() implements TimeWindow {}

    /** The last {@code length} before the evaluation instant: (asOf - length, asOf]. */
    record Within(Duration length) implements TimeWindow {
        public Within {
            requireNonNull(length, "length is null");
            if (length.isNegative() || length.isZero() || length.toDays() > 3660) {
                throw new IllegalArgumentException("within must be more than 0 and at most 3660 days");
            }
        }

        public static Within days(long days) {
            return new Within(Duration.ofDays(days));
        }
    }

    /** From the start of day {@code from} to the end of day {@code to}, in the project time zone. */
    record Between(LocalDate from, LocalDate to) implements TimeWindow {
        public Between {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("between: " + to + " is before " + from);
            }
        }
    }
}
