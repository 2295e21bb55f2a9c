package dev.lodestar.cli;

import dev.lodestar.core.auth.WriteKeys;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.SimulationSummary;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.store.BulkLoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar demo}: simulate a Chinese online shop (the simulator module), load it into a
 * data directory of its own, and start the server on it. A second run reuses the data.
 */
@Command(
        name = "demo",
        description = "Simulate a demo shop, load it and start the dashboard (data in ./lodestar-demo unless --data).")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory for the demo (default ./lodestar-demo).")
    Path data = Path.of("lodestar-demo");

    @Option(
            names = "--persons",
            description = "Persons to simulate (default ${DEFAULT-VALUE}, about 1M events).",
            defaultValue = "16700")
    int persons;

    @Option(
            names = "--days",
            description = "Days to simulate, ending today (default ${DEFAULT-VALUE}).",
            defaultValue = "180")
    int days;

    @Option(names = "--seed", description = "Simulation seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--no-serve", description = "Load the demo data and exit without starting the server.")
    boolean noServe;

    @Mixin
    ServeCommand.ServerOptions server;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        ServerConfig config = server.config(data);
        boolean empty;
        try (DuckDbDatabase database = DuckDbDatabase.open(data)) {
            empty = new DuckDbEventStore(database).eventCount() == 0;
            if (empty) {
                Path simulated = data.resolve("simulated");
                if (Files.exists(simulated)) {
                    BenchCommand.deleteTree(simulated);
                }
                SimulationConfig simulation = SimulationConfig.defaults()
                        .withPersons(persons)
                        .withDays(days)
                        .withSeed(seed)
                        .withZone(config.zone())
                        .withEndDate(java.time.LocalDate.now(config.zone()));
                SimulationSummary summary;
                try (ProgressBar bar = new ProgressBar("simulate")) {
                    summary = new Simulator().run(simulation, simulated, bar);
                }
                System.out.printf(
                        "simulated %,d persons, %,d events (%,d orders) in %.1f s%n",
                        summary.persons(), summary.events(), summary.orders(), summary.seconds());
                BulkLoadResult loaded;
                long loadStart = System.nanoTime();
                try (ProgressBar bar = new ProgressBar("load")) {
                    loaded = FileIngest.ingest(database, summary.eventFiles(), "demo", bar);
                }
                IngestCommand.printSummary(loaded, (System.nanoTime() - loadStart) / 1e9);
                System.out.println("ground truth and source exports: " + simulated.toAbsolutePath());
            } else {
                System.out.printf("reusing %,d demo events in %s%n", new DuckDbEventStore(database).eventCount(), data);
            }
        }
        DemoSegments.prepare(data, config.zone());
        WriteKeys keys = new WriteKeys(data);
        String key = keys.list().stream()
                .filter(k -> !k.revoked() && k.source().equals("demo"))
                .map(WriteKeys.WriteKey::key)
                .findFirst()
                .orElseGet(() -> keys.create("demo").key());
        if (noServe) {
            System.out.printf("demo data ready in %.1f s; write key %s%n", (System.nanoTime() - start) / 1e9, key);
            return 0;
        }
        try (LodestarServer running = LodestarServer.start(config)) {
            System.out.printf("%nLodestar demo is ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
            System.out.println("  dashboard:  " + running.url());
            System.out.println("  write key:  " + key);
            System.out.println("  send an event:");
            System.out.println("    curl -u " + key + ": -H 'Content-Type: application/json' \\");
            System.out.println(
                    "      -d '{\"userId\":\"u1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":99}}' \\");
            System.out.println("      " + running.url() + "v1/track");
            System.out.println("Press Ctrl-C to stop.");
            ServeCommand.awaitShutdown(running);
        }
        return 0;
    }
}
