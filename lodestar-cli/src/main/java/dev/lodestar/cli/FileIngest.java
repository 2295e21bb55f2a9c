package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.ingest.EventFileReader;
import dev.lodestar.core.ingest.GroupCommitter;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.store.BulkLoadRequest;
import dev.lodestar.spi.store.BulkLoadResult;
import dev.lodestar.spi.store.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Loads event files into a data directory. Parquet goes through the store's bulk loader (one
 * transaction per call, de-duplicated against every stored message id). JSON lines and CSV are
 * parsed here with the collector's rules and written in batches of 10,000 through the same group
 * committer as live traffic: a run that dies half-way keeps what it committed, and running it
 * again skips those rows as duplicates (message ids within the 7-day window; rows without a
 * messageId get one derived from their content).
 */
public final class FileIngest {
    private static final int BATCH = 10_000;

    private FileIngest() {}

    public static BulkLoadResult ingest(
            DuckDbDatabase database, List<Path> files, String source, ProgressListener progress) {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new LodestarException(ErrorCode.INVALID_FILE, "file " + file + " does not exist");
            }
        }
        Map<BulkLoadRequest.Format, List<Path>> byFormat = new LinkedHashMap<>();
        for (Path file : files) {
            BulkLoadRequest.Format format =
                    BulkLoadRequest.Format.fromFileName(file.getFileName().toString());
            if (format == null) {
                throw new LodestarException(
                        ErrorCode.INVALID_FILE,
                        "cannot tell the format of " + file
                                + " (expected .jsonl, .ndjson, .json, .csv, .parquet, optionally .gz)");
            }
            byFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(file);
        }
        DuckDbEventStore store = new DuckDbEventStore(database);
        Instant receivedAt = Instant.now();
        List<BulkLoadResult> results = new ArrayList<>();
        List<Path> parquet = byFormat.remove(BulkLoadRequest.Format.PARQUET);
        if (parquet != null) {
            results.add(store.bulkLoad(
                    new BulkLoadRequest(parquet, BulkLoadRequest.Format.PARQUET, source, receivedAt), progress));
        }
        if (!byFormat.isEmpty()) {
            try (GroupCommitter committer = new GroupCommitter(store, Duration.ofDays(7), Long.MAX_VALUE, BATCH * 4)) {
                for (Map.Entry<BulkLoadRequest.Format, List<Path>> entry : byFormat.entrySet()) {
                    for (Path file : entry.getValue()) {
                        results.add(readFile(
                                committer,
                                file,
                                entry.getKey() == BulkLoadRequest.Format.CSV,
                                source,
                                receivedAt,
                                progress));
                    }
                }
            }
        }
        return merge(results);
    }

    private static BulkLoadResult readFile(
            GroupCommitter committer,
            Path file,
            boolean csv,
            String source,
            Instant receivedAt,
            ProgressListener progress) {
        long size;
        try {
            size = Math.max(1, Files.size(file));
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        long[] counts = new long[3]; // rows, written, duplicates
        Map<String, Long> rejected = new LinkedHashMap<>();
        List<BulkLoadResult.RejectedRow> samples = new ArrayList<>();
        List<Event> batch = new ArrayList<>(BATCH);
        List<CompletableFuture<GroupCommitter.Outcome>> pending = new ArrayList<>();
        EventFileReader reader = new EventFileReader(new ObjectMapper());
        reader.read(
                file,
                csv,
                source,
                receivedAt,
                new EventFileReader.RowHandler() {
                    @Override
                    public void accepted(Event event) {
                        counts[0]++;
                        batch.add(event);
                        if (batch.size() == BATCH) {
                            pending.add(committer.submit(List.copyOf(batch)));
                            batch.clear();
                            drain(pending, counts, 4);
                        }
                    }

                    @Override
                    public void rejected(long row, String reason) {
                        counts[0]++;
                        rejected.merge(reason, 1L, Long::sum);
                        if (samples.size() < 20) {
                            samples.add(new BulkLoadResult.RejectedRow(file.toString(), row, reason));
                        }
                    }
                },
                bytes -> progress.progress((double) bytes / size, file.getFileName() + " " + counts[0] + " rows"));
        if (!batch.isEmpty()) {
            pending.add(committer.submit(List.copyOf(batch)));
        }
        drain(pending, counts, 0);
        progress.progress(1.0, file.getFileName() + " " + counts[0] + " rows");
        return new BulkLoadResult(counts[0], counts[1], counts[2], rejected, samples);
    }

    /** Waits for committed batches until at most {@code keep} are outstanding. */
    private static void drain(List<CompletableFuture<GroupCommitter.Outcome>> pending, long[] counts, int keep) {
        while (pending.size() > keep) {
            try {
                GroupCommitter.Outcome outcome = pending.remove(0).get();
                counts[1] += outcome.written();
                counts[2] += outcome.duplicates();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof LodestarException le
                        ? le
                        : new LodestarException(ErrorCode.STORAGE_FAILURE, "write failed: " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LodestarException(ErrorCode.INTERNAL, "interrupted");
            }
        }
    }

    private static BulkLoadResult merge(List<BulkLoadResult> results) {
        long rows = 0;
        long loaded = 0;
        long duplicates = 0;
        Map<String, Long> rejected = new LinkedHashMap<>();
        List<BulkLoadResult.RejectedRow> samples = new ArrayList<>();
        for (BulkLoadResult result : results) {
            rows += result.rowsRead();
            loaded += result.loaded();
            duplicates += result.duplicates();
            result.rejected().forEach((reason, count) -> rejected.merge(reason, count, Long::sum));
            for (BulkLoadResult.RejectedRow row : result.rejectedSamples()) {
                if (samples.size() < 20) {
                    samples.add(row);
                }
            }
        }
        return new BulkLoadResult(rows, loaded, duplicates, rejected, samples);
    }
}
