package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The options of the analysis benchmarks' data set ({@code bench funnel}, {@code bench trend},
 * {@code bench scores}): how many persons the simulated shop has and where its loaded data
 * directory is kept.
 */
final class SimulatedData {
    @Option(
            names = "--persons",
            description = "Simulated persons (default 16,700, about 1M events; 170,000 is about 10M).")
    int persons = 16_700;

    @Option(
            names = "--data",
            description = "Keep the loaded data directory here and reuse it when it already holds data"
                    + " (default: a temporary directory, deleted at the end).")
    Path data;

    /** The data directory: {@code --data}, or a new temporary one. */
    Path directory(String benchmark) throws IOException {
        return data != null ? data : Files.createTempDirectory("lodestar-bench-" + benchmark);
    }

    /**
     * Loads the simulated shop ({@code days} days ending before {@code end}) into the directory
     * unless it holds events already; returns the number of events it holds.
     */
    long ensureLoaded(Path directory, int days, LocalDate end) throws IOException {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            long events = new DuckDbAnalyticsEngine(database).totalEvents();
            if (events == 0) {
                BenchCommand.loadSimulation(database, persons, days, end);
                events = new DuckDbAnalyticsEngine(database).totalEvents();
            }
            return events;
        }
    }

    /** Deletes the directory unless it was given with {@code --data}. */
    void cleanUp(Path directory) {
        if (data == null) {
            BenchCommand.deleteTree(directory);
        }
    }
}
