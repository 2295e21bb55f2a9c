package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.store.ProgressListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an import: reads a {@link RowSource}, converts every row with a {@link RowConverter} bound to
 * the source's header, and hands records and rejections to an {@link ImportSink} on the calling
 * thread, in source order. Rows are converted in batches on a few worker threads (phone parsing is
 * the main cost), each with its own converter. A bad row never
 * stops the import; a source that cannot be read at all (wrong format, missing column in the
 * mapping) does, before any record reaches the sink when the problem is in the header.
 */
public final class Importer {
    /** Rows between progress reports. */
    public static final int PROGRESS_EVERY = 100_000;

    /** Rows converted per task when converting on several threads. */
    static final int BATCH = 512;

    private final IdentityConfig config;
    private final Normalizer normalizer;
    private final ObjectMapper mapper;
    private final int threads;

    /** An importer converting on up to four threads (as many as there are cores). */
    public Importer(IdentityConfig config, ObjectMapper mapper) {
        this(config, mapper, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param threads conversion threads besides the reading thread; 1 converts on the reading thread
     */
    public Importer(IdentityConfig config, ObjectMapper mapper, int threads) {
        this.config = requireNonNull(config, "config is null");
        this.normalizer = new Normalizer(config);
        this.mapper = requireNonNull(mapper, "mapper is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        this.threads = threads;
    }

    /** What a run did. */
    public record Summary(String source, long rows, long accepted, long rejected, double seconds) {
        public double rowsPerSecond() {
            return rows / Math.max(seconds, 1e-9);
        }
    }

    /**
     * Imports into a sink and calls {@link ImportSink#finish()} at the end.
     *
     * @param progress told every {@value #PROGRESS_EVERY} rows; the fraction is -1 (the row count of a
     *     file is unknown before reading it), the message says how many rows were read
     */
    public Summary run(
            RowSource source, ImportMapping mapping, Instant importTime, ImportSink sink, ProgressListener progress) {
        long start = System.nanoTime();
        DataQualityAnalyzer analyzer = sink instanceof DataQualityAnalyzer a ? a : null;
        long[] counts = new long[3];
        ExecutorService workers = threads > 1 ? Executors.newFixedThreadPool(threads, Importer::daemon) : null;
        try {
            source.read(new RowHandler() {
                ThreadLocal<RowConverter> converters;
                final ArrayDeque<Future<RowOutcome[]>> inFlight = new ArrayDeque<>();
                long[] numbers = new long[BATCH];
                Object[][] rows = new Object[BATCH][];
                int size;

                @Override
                public void header(List<String> columns) {
                    // bind once here so that a mapping error surfaces before any row is read
                    RowConverter first = new RowConverter(
                            mapping, columns, source.identity(), source.name(), normalizer, mapper, importTime);
                    converters = ThreadLocal.withInitial(() -> new RowConverter(
                            mapping, columns, source.identity(), source.name(), normalizer, mapper, importTime));
                    converters.set(first);
                    if (analyzer != null) {
                        analyzer.header(columns);
                    }
                }

                @Override
                public boolean row(long number, Object[] cells) {
                    counts[0]++;
                    if (analyzer != null) {
                        analyzer.cells(cells);
                    }
                    if (workers == null) {
                        deliver(converters.get().convert(number, cells));
                    } else {
                        numbers[size] = number;
                        rows[size++] = cells.clone();
                        if (size == BATCH) {
                            submit();
                        }
                    }
                    if (counts[0] % PROGRESS_EVERY == 0) {
                        progress.progress(-1, String.format("%,d rows", counts[0]));
                    }
                    return true;
                }

                private void submit() {
                    long[] n = numbers;
                    Object[][] r = rows;
                    int k = size;
                    inFlight.add(workers.submit(() -> {
                        RowConverter converter = converters.get();
                        RowOutcome[] out = new RowOutcome[k];
                        for (int i = 0; i < k; i++) {
                            out[i] = converter.convert(n[i], r[i]);
                        }
                        return out;
                    }));
                    numbers = new long[BATCH];
                    rows = new Object[BATCH][];
                    size = 0;
                    while (!inFlight.isEmpty()
                            && (inFlight.size() > 2 * threads || inFlight.peek().isDone())) {
                        drainOne();
                    }
                }

                private void drainOne() {
                    for (RowOutcome outcome : await(inFlight.poll())) {
                        deliver(outcome);
                    }
                }

                private void deliver(RowOutcome outcome) {
                    if (outcome instanceof ImportRecord record) {
                        counts[1]++;
                        sink.accept(record);
                    } else {
                        counts[2]++;
                        sink.reject((RowRejection) outcome);
                    }
                }

                @Override
                public void end() {
                    if (workers != null) {
                        if (size > 0) {
                            submit();
                        }
                        while (!inFlight.isEmpty()) {
                            drainOne();
                        }
                    }
                }
            });
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
        sink.finish();
        String name = mapping.source() != null ? mapping.source() : source.name();
        return new Summary(name, counts[0], counts[1], counts[2], (System.nanoTime() - start) / 1e9);
    }

    private static RowOutcome[] await(Future<RowOutcome[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LodestarException(ErrorCode.INTERNAL, "import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new LodestarException(ErrorCode.INTERNAL, "row conversion failed: " + e.getCause(), e.getCause());
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "lodestar-import");
        t.setDaemon(true);
        return t;
    }

    /** Reads everything, writes nothing, and reports what an import would do. */
    public DataQualityReport dryRun(
            RowSource source, ImportMapping mapping, Instant importTime, ProgressListener progress) {
        long start = System.nanoTime();
        String name = mapping.source() != null ? mapping.source() : source.name();
        DataQualityAnalyzer analyzer = new DataQualityAnalyzer(name, config, importTime);
        run(source, mapping, importTime, analyzer, progress);
        return analyzer.report((System.nanoTime() - start) / 1e9);
    }

    /** The header and the first rows (copied), for inference. */
    public static Sample sample(RowSource source, int maxRows) {
        List<String> header = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        source.read(new RowHandler() {
            @Override
            public void header(List<String> columns) {
                header.addAll(columns);
            }

            @Override
            public boolean row(long number, Object[] cells) {
                rows.add(cells.clone());
                return rows.size() < maxRows;
            }
        });
        return new Sample(List.copyOf(header), rows);
    }

    /** A header and sample rows. */
    public record Sample(List<String> header, List<Object[]> rows) {}

    /** Proposes a mapping from the first {@code sampleRows} rows. */
    public ImportMapping inferMapping(RowSource source, int sampleRows) {
        Sample sample = sample(source, sampleRows);
        return new MappingInference(normalizer).infer(source.name(), sample.header(), sample.rows());
    }
}
