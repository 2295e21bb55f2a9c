package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.Observation;
import dev.lodestar.core.identity.ObservationKind;
import dev.lodestar.spi.event.Event;
import java.time.Instant;
import java.util.List;

/**
 * One converted row: what the store writes.
 *
 * @param id deterministic: 32 hex digits of SHA-256 of the source identity and the row's cells, so
 *     re-importing the same data gives the same ids (and the same event message ids, {@code imp-} +
 *     id); two identical rows of one source share an id (a duplicate)
 * @param source the mapping's source name, recorded with observations and traits
 * @param position file (or source) and 1-based line / row number
 * @param identities the valid, normalised identities, at least one, in column order, no duplicates
 * @param traits typed person traits (empty cells are absent, not cleared)
 * @param consents consent per channel
 * @param event the row's event (mapping with {@code event}), else null
 * @param updatedAt the row's last-change time for last-write-wins of traits (the mapping's {@code
 *     updatedAt} column), else null: the store uses the import time
 * @param issues values of this row that were skipped (an invalid second phone, an unparseable
 *     birthday); the rest of the row is imported
 */
public record ImportRecord(
        String id,
        String source,
        RowPosition position,
        List<Identity> identities,
        List<TraitValue> traits,
        List<ConsentValue> consents,
        Event event,
        Instant updatedAt,
        List<RowIssue> issues)
        implements RowOutcome {
    public ImportRecord {
        requireNonNull(id, "id is null");
        requireNonNull(source, "source is null");
        requireNonNull(position, "position is null");
        identities = List.copyOf(identities);
        traits = List.copyOf(traits);
        consents = List.copyOf(consents);
        issues = List.copyOf(issues);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a record needs at least one identity");
        }
    }

    /**
     * The identity evidence of this row for the identity graph, at {@code updatedAt}, else the event
     * time, else the given import time.
     */
    public Observation observation(Instant importTime) {
        Instant at = updatedAt != null ? updatedAt : event != null ? event.timestamp() : importTime;
        return new Observation(ObservationKind.IMPORT, source, at, identities);
    }
}
