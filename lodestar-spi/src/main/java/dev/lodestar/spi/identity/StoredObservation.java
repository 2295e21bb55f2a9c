package dev.lodestar.spi.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Identities seen together, as stored: one row per distinct set of identities.
 *
 * @param identities the identities, each {@code type:value}, sorted
 * @param kind what showed them together (identify, alias, event, import, manual)
 * @param source the source that first showed them
 * @param firstSeen when they were first seen together
 * @param lastSeen when they were last seen together
 * @param occurrences how often they were seen together
 * @param retractedAt when an operator undid the merge this observation caused (it no longer links), or
 *     null
 */
public record StoredObservation(
        List<String> identities,
        String kind,
        String source,
        Instant firstSeen,
        Instant lastSeen,
        long occurrences,
        Instant retractedAt) {
    public StoredObservation {
        identities = List.copyOf(identities);
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }
}
