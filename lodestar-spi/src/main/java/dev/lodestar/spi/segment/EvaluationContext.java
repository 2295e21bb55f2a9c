package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What an evaluation is relative to.
 *
 * @param asOf the instant relative windows ("within 14d") end at and scores are computed for
 * @param zone the project time zone: dates in {@code between} windows are whole days here
 */
public record EvaluationContext(Instant asOf, ZoneId zone) {
    public EvaluationContext {
        requireNonNull(asOf, "asOf is null");
        requireNonNull(zone, "zone is null");
    }
}
