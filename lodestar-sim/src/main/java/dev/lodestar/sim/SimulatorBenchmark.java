package dev.lodestar.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Benchmark entry point: {@code java -cp ... dev.lodestar.sim.SimulatorBenchmark [persons]
 * [parquet|jsonl] [threads]}. Simulates into a temporary directory with a fixed end date, prints
 * events, seconds, events per second and bytes written, and deletes the output.
 */
public final class SimulatorBenchmark {
    private SimulatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        OutputFormat format =
                args.length > 1 ? OutputFormat.valueOf(args[1].toUpperCase(Locale.ROOT)) : OutputFormat.PARQUET;
        SimulationConfig config = SimulationConfig.defaults()
                .withPersons(persons)
                .withFormat(format)
                .withEndDate(LocalDate.of(2026, 1, 1));
        if (args.length > 2) {
            config = config.withThreads(Integer.parseInt(args[2]));
        }
        Path out = Files.createTempDirectory("lodestar-sim-bench");
        try {
            SimulationSummary summary = new Simulator().run(config, out, (fraction, message) -> {});
            long bytes = 0;
            for (Path file : summary.eventFiles()) {
                bytes += Files.size(file);
            }
            System.out.printf(
                    Locale.ROOT,
                    "persons=%d events=%d orders=%d parts=%d threads=%d seconds=%.2f events/s=%.0f event bytes=%d%n",
                    summary.persons(),
                    summary.events(),
                    summary.orders(),
                    summary.eventFiles().size(),
                    config.threads(),
                    summary.seconds(),
                    summary.eventsPerSecond(),
                    bytes);
        } finally {
            try (var walk = Files.walk(out)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
