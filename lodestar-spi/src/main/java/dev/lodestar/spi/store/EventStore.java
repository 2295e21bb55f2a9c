package dev.lodestar.spi.store;

import dev.lodestar.spi.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where events are written. An implementation owns its storage exclusively; it is used by one
 * writer thread at a time for {@link #append} and may be read concurrently by the engine.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Writes the events in one transaction. When this returns normally they are durable: they
     * survive a crash of the process at any later moment.
     */
    void append(List<Event> events);

    /** Calls the consumer with every stored message id received at or after {@code since}. */
    void forEachMessageIdSince(Instant since, Consumer<String> consumer);

    /**
     * Loads files of Segment-shaped events in bulk, in one transaction: either every valid row is
     * loaded or, on failure, none is. Rows whose message id is already stored are skipped and
     * counted as duplicates.
     */
    BulkLoadResult bulkLoad(BulkLoadRequest request, ProgressListener progress);

    /** Those of the given message ids that are stored (at any time, not only in the window). */
    java.util.Set<String> storedMessageIds(java.util.Collection<String> messageIds);

    /** Total number of stored events. */
    long eventCount();

    @Override
    void close();
}
