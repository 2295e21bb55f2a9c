package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.store.BulkLoadResult;
import dev.lodestar.spi.store.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lodestar bench}: throughput benchmarks on this machine. Figures, not tests: nothing here
 * asserts a time.
 */
@Command(
        name = "bench",
        description = "Benchmarks: HTTP ingestion with durable acknowledgement, bulk load of Parquet, file import.",
        subcommands = {
            BenchCommand.Ingest.class,
            BenchCommand.Bulk.class,
            ImportBenchCommand.class,
            FunnelBenchCommand.class,
            ScoresBenchCommand.class,
            TrendBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark: ingest or bulk");
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB";
    }

    /** Simulates a shop of {@code persons} over {@code days} ending at {@code end} and bulk-loads its events. */
    static void loadSimulation(DuckDbDatabase database, int persons, int days, java.time.LocalDate end)
            throws IOException {
        Path sim = Files.createTempDirectory("lodestar-bench-sim");
        try {
            long t0 = System.nanoTime();
            var summary = new Simulator()
                    .run(
                            SimulationConfig.defaults()
                                    .withPersons(persons)
                                    .withDays(days)
                                    .withEndDate(end),
                            sim,
                            ProgressListener.NONE);
            System.out.printf(
                    Locale.ROOT,
                    "simulated %,d persons, %,d events in %.1f s%n",
                    persons,
                    summary.events(),
                    (System.nanoTime() - t0) / 1e9);
            List<Path> files;
            try (Stream<Path> list = Files.list(sim.resolve("events"))) {
                files = list.filter(p -> p.toString().endsWith(".parquet"))
                        .sorted()
                        .toList();
            }
            long t1 = System.nanoTime();
            BulkLoadResult loaded = FileIngest.ingest(database, files, "bench", ProgressListener.NONE);
            System.out.printf(
                    Locale.ROOT, "bulk loaded %,d events in %.1f s%n", loaded.loaded(), (System.nanoTime() - t1) / 1e9);
        } finally {
            deleteTree(sim);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e.getMessage());
        }
    }

    @Command(name = "ingest", description = "HTTP ingestion over loopback: concurrent clients posting /v1/batch.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--events", description = "Events to send (default 2,000,000).")
        long events = 2_000_000;

        @Option(names = "--clients", description = "Concurrent clients (default 8).")
        int clients = 8;

        @Option(names = "--batch", description = "Events per request (default 100).")
        int batch = 100;

        @Override
        public Integer call() throws Exception {
            Path directory = Files.createTempDirectory("lodestar-bench-ingest");
            try (LodestarServer server = LodestarServer.start(
                    ServerConfig.defaults(directory).withPort(0).withMaxQueuedEvents(1_000_000))) {
                String key = server.writeKeys().create("bench").key();
                String auth =
                        "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
                URI uri = URI.create(server.url() + "v1/batch");
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                long requests = (events + batch - 1) / batch;
                AtomicLong next = new AtomicLong();
                AtomicLong acknowledged = new AtomicLong();
                AtomicLong retries = new AtomicLong();
                long[][] latencies = new long[clients][];
                List<Thread> threads = new ArrayList<>();
                long start = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    int clientIndex = c;
                    Thread thread = new Thread(() -> {
                        long[] mine = new long[(int) (requests / clients + 2)];
                        int n = 0;
                        long r;
                        while ((r = next.getAndIncrement()) < requests) {
                            byte[] body = body(r, batch);
                            while (true) {
                                long t0 = System.nanoTime();
                                try {
                                    HttpResponse<String> response = client.send(
                                            HttpRequest.newBuilder(uri)
                                                    .header("Authorization", auth)
                                                    .header("Content-Type", "application/json")
                                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (response.statusCode() == 200) {
                                        if (n < mine.length) {
                                            mine[n++] = System.nanoTime() - t0;
                                        }
                                        acknowledged.addAndGet(batch);
                                        break;
                                    }
                                    if (response.statusCode() != 503 && response.statusCode() != 429) {
                                        throw new IllegalStateException(
                                                "HTTP " + response.statusCode() + ": " + response.body());
                                    }
                                    retries.incrementAndGet();
                                    Thread.sleep(50);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        }
                        latencies[clientIndex] = Arrays.copyOf(mine, n);
                    });
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] all = Arrays.stream(latencies)
                        .flatMapToLong(Arrays::stream)
                        .sorted()
                        .toArray();
                System.out.printf(
                        Locale.ROOT,
                        "bench ingest: %,d events acknowledged in %.2f s = %,.0f events/s (%d clients, %d events/request,"
                                + " %,d commits, %,d retries after 503)%n",
                        acknowledged.get(),
                        seconds,
                        acknowledged.get() / seconds,
                        clients,
                        batch,
                        server.committer().commits(),
                        retries.get());
                System.out.printf(
                        Locale.ROOT,
                        "request latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                        pct(all, 0.5),
                        pct(all, 0.9),
                        pct(all, 0.99),
                        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
                System.out.println("machine: " + machine());
            } finally {
                deleteTree(directory);
            }
            return 0;
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
        }

        private static final String[] NAMES = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed"
        };

        static byte[] body(long request, int batch) {
            StringBuilder sb = new StringBuilder(batch * 330);
            sb.append("{\"batch\":[");
            for (int i = 0; i < batch; i++) {
                long id = request * batch + i;
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"type\":\"track\",\"messageId\":\"bench-")
                        .append(id)
                        .append("\",\"userId\":\"u")
                        .append(id % 100_000)
                        .append("\",\"event\":\"")
                        .append(NAMES[(int) (id % NAMES.length)])
                        .append("\",\"timestamp\":\"2026-11-01T08:00:00Z\",\"properties\":{\"product_id\":\"p")
                        .append(id % 5000)
                        .append("\",\"category\":\"数码\",\"price\":")
                        .append(id % 900 + 0.5)
                        .append(",\"revenue\":")
                        .append(id % 900 + 0.5)
                        .append(
                                "},\"context\":{\"library\":{\"name\":\"bench\",\"version\":\"1\"},\"ip\":\"127.0.0.1\"}}");
            }
            sb.append("],\"sentAt\":\"2026-11-01T08:00:01Z\"}");
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Command(name = "bulk", description = "Bulk load of a generated Parquet file of Segment-shaped events.")
    static final class Bulk implements Callable<Integer> {
        @Option(names = "--events", description = "Events in the file (default 10,000,000).")
        long events = 10_000_000;

        @Override
        public Integer call() throws Exception {
            Path work = Files.createTempDirectory("lodestar-bench-bulk");
            try {
                Path file = work.resolve("events.parquet");
                long t0 = System.nanoTime();
                try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                        Statement statement = connection.createStatement()) {
                    statement.execute(
                            """
                            COPY (
                                SELECT 'bulk-' || i AS messageId,
                                    CASE WHEN i % 10 = 0 THEN 'page' ELSE 'track' END AS type,
                                    CASE WHEN i % 10 = 0 THEN NULL ELSE ['Product Viewed', 'Product Added', 'Order Completed'][i % 3 + 1] END AS event,
                                    CASE WHEN i % 10 = 0 THEN 'Home' END AS name,
                                    'u' || (i % 1000000) AS userId,
                                    'a' || (i % 1000000) AS anonymousId,
                                    TIMESTAMPTZ '2026-05-01 00:00:00+00' + to_seconds(i % 15552000) AS timestamp,
                                    '{"revenue": ' || (i % 500) || ', "product_id": "p' || (i % 1000) || '", "category": "c' || (i % 20) || '", "url": "https://shop.example/p/' || (i % 1000) || '"}' AS properties,
                                    '{}' AS traits,
                                    '{"library": {"name": "bench"}}' AS context
                                FROM range({N}) t(i)
                            ) TO '{FILE}' (FORMAT parquet)"""
                                    .replace("{N}", Long.toString(events))
                                    .replace("{FILE}", file.toString().replace("'", "''")));
                }
                System.out.printf(
                        Locale.ROOT,
                        "generated %,d events (%,d MB Parquet) in %.1f s (not part of the figure)%n",
                        events,
                        Files.size(file) >> 20,
                        (System.nanoTime() - t0) / 1e9);
                Path data = work.resolve("data");
                long start = System.nanoTime();
                BulkLoadResult result;
                try (DuckDbDatabase database = DuckDbDatabase.open(data);
                        ProgressBar bar = new ProgressBar("bulk load")) {
                    result = FileIngest.ingest(database, List.of(file), "bench", (ProgressListener) bar);
                    database.checkpoint();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "bench bulk: %,d events loaded in %.2f s = %,.0f events/s (durable, checkpointed)%n",
                        result.loaded(),
                        seconds,
                        result.loaded() / seconds);
                System.out.println("machine: " + machine());
                return result.loaded() == events ? 0 : 1;
            } finally {
                deleteTree(work);
            }
        }
    }
}
