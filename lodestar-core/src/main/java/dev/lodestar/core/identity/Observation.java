package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Identities seen together: the evidence the graph merges on.
 *
 * @param kind what produced it
 * @param source where it came from (a write key, a file name, a table)
 * @param timestamp when it was seen (the event time, or the import time)
 * @param identities the normalised identities, at least one
 */
public record Observation(ObservationKind kind, String source, Instant timestamp, List<Identity> identities) {
    public Observation {
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
        requireNonNull(timestamp, "timestamp is null");
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("an observation needs at least one identity");
        }
    }

    public static Observation of(ObservationKind kind, String source, Instant timestamp, Identity... identities) {
        return new Observation(kind, source, timestamp, List.of(identities));
    }
}
