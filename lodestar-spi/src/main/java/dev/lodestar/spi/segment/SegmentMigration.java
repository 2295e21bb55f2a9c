package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * How persons moved between RFM segments from one "as of" instant to another: the number of
 * persons per (segment at {@code from}, segment at {@code to}), non-empty pairs only. A null
 * segment is "no segment": the person is not a buyer of the window at that instant (or not yet
 * seen).
 */
public record SegmentMigration(Instant from, Instant to, List<Flow> flows) {
    public SegmentMigration {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        flows = List.copyOf(flows);
    }

    public record Flow(String fromSegment, String toSegment, long persons) {}
}
