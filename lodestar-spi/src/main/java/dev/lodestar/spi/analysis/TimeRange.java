package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A half-open time range [from, to) and the time zone in which days, weeks and months are cut.
 */
public record TimeRange(Instant from, Instant to, ZoneId zone) {
    public TimeRange {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(zone, "zone is null");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time range is empty: from " + from + " is not before to " + to);
        }
    }
}
