package dev.lodestar.sim;

import static java.util.Objects.requireNonNull;

import dev.lodestar.sim.internal.EventBatch;
import dev.lodestar.sim.internal.EventSink;
import dev.lodestar.sim.internal.JsonlEventSink;
import dev.lodestar.sim.internal.ParquetEventSink;
import dev.lodestar.sim.internal.Person;
import dev.lodestar.sim.internal.PersonFactory;
import dev.lodestar.sim.internal.Rng;
import dev.lodestar.sim.internal.ShopLifecycle;
import dev.lodestar.sim.internal.SimContext;
import dev.lodestar.sim.internal.TruthSink;
import dev.lodestar.sim.internal.sources.SourcesWriter;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.store.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Simulates the business and writes, under an output directory:
 *
 * <ul>
 *   <li>{@code events/part-NNNNN.parquet} (or {@code .jsonl}, {@code .jsonl.gz}): the Segment event
 *       stream, loadable by Lodestar's bulk loader;
 *   <li>{@code truth/persons.parquet}, {@code truth/identities.parquet}, {@code truth/model.json}:
 *       the ground truth, never mixed into the events;
 *   <li>{@code sources/...}: the messy source exports, when the config asks for them.
 * </ul>
 *
 * <p>Persons are generated in fixed chunks on worker threads, each person from its own random
 * stream seeded by (seed, person index); the calling thread writes the chunks in order. So the
 * output is the same for a seed whatever the number of threads, and memory stays bounded by a few
 * chunks plus one part in DuckDB (which spills to a temporary directory under the output).
 */
public final class Simulator {
    private static final long PERSON_STREAM = 1;

    public Simulator() {}

    /** Runs a simulation; the output directory must not already hold events, truth or sources. */
    public SimulationSummary run(SimulationConfig config, Path outputDirectory, ProgressListener progress) {
        requireNonNull(config, "config is null");
        requireNonNull(outputDirectory, "outputDirectory is null");
        requireNonNull(progress, "progress is null");
        long started = System.nanoTime();
        Path eventsDir = outputDirectory.resolve("events");
        Path truthDir = outputDirectory.resolve("truth");
        Path sourcesDir = outputDirectory.resolve("sources");
        Path tempDir = outputDirectory.resolve(".sim-tmp");
        for (Path dir : List.of(eventsDir, truthDir, sourcesDir)) {
            if (isNonEmptyDirectory(dir)) {
                throw LodestarException.user(
                        ErrorCode.INVALID_ARGUMENT,
                        "output directory %s already holds simulated data (expected an empty or new directory)",
                        dir);
            }
        }
        try {
            Files.createDirectories(eventsDir);
            Files.createDirectories(truthDir);
            if (config.sources()) {
                Files.createDirectories(sourcesDir);
            }
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, "cannot create output directory " + outputDirectory + ": " + e, e);
        }
        SimContext ctx = new SimContext(config);
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        try (DuckDBConnection connection = openDuckDb(tempDir);
                EventSink events = config.format() == OutputFormat.PARQUET
                        ? new ParquetEventSink(connection, eventsDir)
                        : new JsonlEventSink(eventsDir, config.gzip(), ctx);
                TruthSink truth = new TruthSink(connection, truthDir, ctx);
                SourcesWriter sources = config.sources() ? new SourcesWriter(sourcesDir, ctx) : null) {
            int chunkSize = SimulationConfig.CHUNK_PERSONS;
            int chunks = (config.persons() + chunkSize - 1) / chunkSize;
            int chunksPerPart = config.personsPerPart() / chunkSize;
            ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(ctx));
            ArrayDeque<Future<Chunk>> window = new ArrayDeque<>();
            int submitted = 0;
            long eventCount = 0;
            long orderCount = 0;
            progress.progress(0, "starting");
            for (int done = 0; done < chunks; done++) {
                while (submitted < chunks && window.size() < config.threads() * 3) {
                    int from = submitted * chunkSize;
                    int to = Math.min(config.persons(), from + chunkSize);
                    window.add(pool.submit(() -> workers.get().generate(from, to)));
                    submitted++;
                }
                Chunk chunk = window.poll().get();
                events.append(chunk.batch);
                truth.append(chunk.persons);
                if (sources != null) {
                    sources.append(chunk.persons);
                }
                eventCount += chunk.batch.size;
                orderCount += chunk.batch.orders;
                if ((done + 1) % chunksPerPart == 0 || done + 1 == chunks) {
                    events.finishPart();
                }
                long persons = Math.min(config.persons(), (long) (done + 1) * chunkSize);
                progress.progress(0.98 * persons / config.persons(), persons + " persons, " + eventCount + " events");
            }
            progress.progress(0.98, "writing ground truth");
            List<Path> truthFiles = truth.finish();
            List<Path> sourceFiles = List.of();
            if (sources != null) {
                progress.progress(0.99, "writing source exports");
                sourceFiles = sources.finish();
            }
            List<Path> eventFiles = events.files();
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.progress(1, eventCount + " events written");
            return new SimulationSummary(
                    config.persons(), eventCount, orderCount, eventFiles, truthFiles, sourceFiles, seconds);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LodestarException(ErrorCode.INTERNAL, "simulation failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LodestarException(ErrorCode.INTERNAL, "simulation interrupted", e);
        } catch (LodestarException e) {
            throw e;
        } catch (Exception e) {
            throw new LodestarException(
                    ErrorCode.STORAGE_FAILURE, "cannot write simulation output to " + outputDirectory + ": " + e, e);
        } finally {
            pool.shutdownNow();
            deleteRecursively(tempDir);
        }
    }

    private static DuckDBConnection openDuckDb(Path tempDir) throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            // One thread per COPY: DuckDB then writes the same bytes for the same rows.
            statement.execute("SET threads = 1");
            statement.execute("SET preserve_insertion_order = true");
            statement.execute("SET memory_limit = '1GB'");
            statement.execute("SET temp_directory = '"
                    + tempDir.toAbsolutePath().toString().replace("'", "''") + "'");
            statement.execute("SET TimeZone = 'UTC'");
        }
        return connection;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lodestar-sim-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless; the data files are complete
        }
    }

    private record Chunk(EventBatch batch, List<Person> persons) {}

    /** Per-thread generator. */
    private static final class Worker {
        private final SimContext ctx;
        private final PersonFactory factory;
        private final ShopLifecycle lifecycle;

        Worker(SimContext ctx) {
            this.ctx = ctx;
            this.factory = new PersonFactory(ctx);
            this.lifecycle = new ShopLifecycle(ctx);
        }

        Chunk generate(int from, int to) {
            EventBatch batch = new EventBatch((to - from) * 80);
            List<Person> persons = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                Rng rng = Rng.forIndex(ctx.config().seed(), PERSON_STREAM, i);
                Person person = factory.create(i, rng);
                lifecycle.simulate(person, rng, batch);
                persons.add(person);
            }
            return new Chunk(batch, persons);
        }
    }
}
