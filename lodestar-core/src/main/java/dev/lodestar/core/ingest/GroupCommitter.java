package dev.lodestar.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests from many threads are queued, and one writer thread writes everything
 * queued so far in one transaction, then completes each request's future. A request is therefore
 * acknowledged only after the commit that contains it, while the cost of a commit is shared.
 *
 * <p>It also owns de-duplication by message id: an event whose id was committed before (within
 * the window) or appears earlier in the same group is counted as a duplicate and not written.
 *
 * <p>Back-pressure: when more events are queued than the limit, {@link #submit} refuses at once
 * with {@link ErrorCode#OVERLOADED} instead of growing memory.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private final EventStore store;
    private final MessageIdSet seen;
    private final long maxQueuedEvents;
    private final int maxGroupEvents;
    private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(100_000);
    private final AtomicLong queuedEvents = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private final AtomicLong duplicateEvents = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    /** What happened to the events of one request. */
    public record Outcome(int written, int duplicates) {}

    private record Request(List<Event> events, CompletableFuture<Outcome> future) {}

    public GroupCommitter(EventStore store, Duration dedupWindow, long maxQueuedEvents, int maxGroupEvents) {
        this.store = requireNonNull(store, "store is null");
        this.maxQueuedEvents = maxQueuedEvents;
        this.maxGroupEvents = maxGroupEvents;
        this.seen = new MessageIdSet(dedupWindow);
        Instant since = Instant.now().minus(dedupWindow);
        Instant now = Instant.now();
        store.forEachMessageIdSince(since, id -> seen.add(id, now));
        log.info("de-duplication window {} holds {} message ids", dedupWindow, seen.size());
        this.writer = new Thread(this::runWriter, "lodestar-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues events for the next commit. The future completes when they are durable, or
     * exceptionally when the commit failed (nothing of it was written).
     *
     * @throws LodestarException with {@link ErrorCode#OVERLOADED} when the writer is behind
     */
    public CompletableFuture<Outcome> submit(List<Event> events) {
        if (closed) {
            throw new LodestarException(ErrorCode.OVERLOADED, "the server is shutting down");
        }
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        if (events.isEmpty()) {
            future.complete(new Outcome(0, 0));
            return future;
        }
        long queued = queuedEvents.addAndGet(events.size());
        if (queued > maxQueuedEvents || !queue.offer(new Request(List.copyOf(events), future))) {
            queuedEvents.addAndGet(-events.size());
            throw new LodestarException(
                    ErrorCode.OVERLOADED,
                    "ingestion is behind: " + queued + " events queued (limit " + maxQueuedEvents + "); retry later");
        }
        return future;
    }

    public long committedEvents() {
        return committedEvents.get();
    }

    public long duplicateEvents() {
        return duplicateEvents.get();
    }

    public long commits() {
        return commits.get();
    }

    public long queuedEvents() {
        return queuedEvents.get();
    }

    private void runWriter() {
        List<Request> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.events().size();
                while (events < maxGroupEvents) {
                    Request next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    events += next.events().size();
                }
                commitGroup(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
        failPending(new LodestarException(ErrorCode.OVERLOADED, "the server is shutting down"));
    }

    private void commitGroup(List<Request> group, int eventCount) {
        List<Event> fresh = new ArrayList<>(eventCount);
        List<long[]> freshDigests = new ArrayList<>(eventCount);
        int[] duplicates = new int[group.size()];
        int[] written = new int[group.size()];
        // ids new in this group, to catch repeats inside the group before they are committed
        HashSet<String> inGroup = new HashSet<>();
        for (int r = 0; r < group.size(); r++) {
            for (Event event : group.get(r).events()) {
                long[] digest = MessageIdSet.digest(event.messageId());
                if (seen.contains(digest) || !inGroup.add(event.messageId())) {
                    duplicates[r]++;
                } else {
                    fresh.add(event);
                    freshDigests.add(digest);
                    written[r]++;
                }
            }
        }
        try {
            if (!fresh.isEmpty()) {
                store.append(fresh);
            }
        } catch (RuntimeException e) {
            log.error("commit of {} events failed", fresh.size(), e);
            LodestarException failure = e instanceof LodestarException le
                    ? le
                    : new LodestarException(ErrorCode.STORAGE_FAILURE, "could not write events: " + e.getMessage(), e);
            for (Request request : group) {
                queuedEvents.addAndGet(-request.events().size());
                request.future().completeExceptionally(failure);
            }
            return;
        }
        for (int i = 0; i < fresh.size(); i++) {
            seen.add(freshDigests.get(i), fresh.get(i).receivedAt());
        }
        commits.incrementAndGet();
        committedEvents.addAndGet(fresh.size());
        for (int r = 0; r < group.size(); r++) {
            duplicateEvents.addAndGet(duplicates[r]);
            queuedEvents.addAndGet(-group.get(r).events().size());
            group.get(r).future().complete(new Outcome(written[r], duplicates[r]));
        }
    }

    private void failPending(LodestarException failure) {
        Request request;
        while ((request = queue.poll()) != null) {
            queuedEvents.addAndGet(-request.events().size());
            request.future().completeExceptionally(failure);
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
