package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar bench trend}: the same simulated shop as {@code bench funnel}, then times a daily
 * unique-persons trend of any event over the last 180 days. Each run reopens the database, so
 * DuckDB's buffer cache is cold (the operating system's page cache is not). Figures, not a test.
 */
@Command(
        name = "trend",
        description = "Trend benchmark: simulate, bulk load, then time a cold 180-day daily unique-persons trend.")
public final class TrendBenchCommand implements Callable<Integer> {
    private static final LocalDate END = LocalDate.of(2026, 3, 1); // as bench funnel: the same data directory

    @Mixin
    SimulatedData simulated;

    @Option(names = "--days", description = "Simulated days, and the trend's days (default 180).")
    int days = 180;

    @Option(names = "--runs", description = "Timed runs, each on a freshly opened database (default 3).")
    int runs = 3;

    /** Runs the benchmark without the {@code lodestar} launcher. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new TrendBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path directory = simulated.directory("trend");
        try {
            long events = simulated.ensureLoaded(directory, days, END);
            var zone = SimulationConfig.DEFAULT_ZONE;
            TrendsSpec spec = new TrendsSpec(
                    List.of(TrendSeries.of(null, TrendMeasure.PERSONS)),
                    Interval.DAY,
                    new TimeRange(
                            END.minusDays(days - 1).atStartOfDay(zone).toInstant(),
                            END.plusDays(1).atStartOfDay(zone).toInstant(),
                            zone),
                    null);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            for (int run = 1; run <= runs; run++) {
                try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
                    DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(database);
                    long t0 = System.nanoTime();
                    TrendsResult result = engine.trends(spec);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    List<Double> values = result.series().get(0).values();
                    System.out.printf(
                            Locale.ROOT,
                            "run %d: %d-day daily unique persons over %,d events in %.2f s; busiest day %,.0f"
                                    + " persons%n",
                            run,
                            values.size(),
                            events,
                            seconds,
                            values.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .max()
                                    .orElse(0));
                }
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "peak Java heap during the runs: %,d MB%n", peak >> 20);
            System.out.println("machine: " + BenchCommand.machine());
        } finally {
            simulated.cleanUp(directory);
        }
        return 0;
    }
}
