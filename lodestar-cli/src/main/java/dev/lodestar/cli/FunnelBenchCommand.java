package dev.lodestar.cli;

import dev.lodestar.core.analysis.FunnelMath;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.spi.analysis.FunnelPersonsPage;
import dev.lodestar.spi.analysis.FunnelPersonsSpec;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.FunnelTrendResult;
import dev.lodestar.spi.analysis.FunnelTrendSpec;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.TimeRange;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar bench funnel}: simulates a shop, bulk-loads its Parquet into a data directory,
 * then times a 4-step ordered funnel with a 7-day window over the whole range (Product Viewed,
 * Product Added, Checkout Started, Order Completed). Each run reopens the database, so DuckDB's
 * buffer cache is cold (the operating system's page cache is not). Each run also times the
 * drill-down of the persons who dropped off after step 1 (the first page, and all of them) and the
 * weekly conversion over time. Figures, not a test.
 */
@Command(
        name = "funnel",
        description = "Funnel benchmark: simulate, bulk load, then time a cold 4-step ordered funnel (7-day window).")
public final class FunnelBenchCommand implements Callable<Integer> {
    private static final LocalDate END = LocalDate.of(2026, 3, 1);

    @Mixin
    SimulatedData simulated;

    @Option(names = "--days", description = "Simulated days (default 180).")
    int days = 180;

    @Option(names = "--runs", description = "Timed runs, each on a freshly opened database (default 3).")
    int runs = 3;

    /** Runs the benchmark without the {@code lodestar} launcher. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new FunnelBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path directory = simulated.directory("funnel");
        try {
            long events = simulated.ensureLoaded(directory, days, END);
            FunnelSpec spec = new FunnelSpec(
                    List.of(
                            FunnelStep.of("Product Viewed"),
                            FunnelStep.of("Product Added"),
                            FunnelStep.of("Checkout Started"),
                            FunnelStep.of("Order Completed")),
                    FunnelSpec.Order.ORDERED,
                    Duration.ofDays(7),
                    new TimeRange(
                            END.minusDays(days + 1)
                                    .atStartOfDay(SimulationConfig.DEFAULT_ZONE)
                                    .toInstant(),
                            END.plusDays(2)
                                    .atStartOfDay(SimulationConfig.DEFAULT_ZONE)
                                    .toInstant(),
                            SimulationConfig.DEFAULT_ZONE));
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            for (int run = 1; run <= runs; run++) {
                try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
                    DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(database);
                    long t0 = System.nanoTime();
                    FunnelResult result = engine.funnel(spec);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    var total = FunnelMath.total(result);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d: funnel over %,d events in %.2f s = %,.0f events/s; persons per step %s%n",
                            run,
                            events,
                            seconds,
                            events / seconds,
                            total.persons());
                    long t1 = System.nanoTime();
                    FunnelPersonsPage page =
                            engine.funnelPersons(new FunnelPersonsSpec(spec, 1, true, null, null, null, 50));
                    double pageSeconds = (System.nanoTime() - t1) / 1e9;
                    long t2 = System.nanoTime();
                    long dropped = 0;
                    String after = null;
                    do {
                        page = engine.funnelPersons(
                                new FunnelPersonsSpec(spec, 1, true, null, null, after, FunnelPersonsSpec.MAX_LIMIT));
                        dropped += page.persons().size();
                        after = page.next();
                    } while (after != null);
                    double allSeconds = (System.nanoTime() - t2) / 1e9;
                    long t3 = System.nanoTime();
                    FunnelTrendResult weekly = engine.funnelTrend(new FunnelTrendSpec(spec, Interval.WEEK));
                    double trendSeconds = (System.nanoTime() - t3) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "       drill-down (dropped after step 1): first page of 50 in %.2f s, all %,d persons"
                                    + " in %.2f s; weekly conversion over time (%d weeks) in %.2f s%n",
                            pageSeconds,
                            dropped,
                            allSeconds,
                            weekly.points().size(),
                            trendSeconds);
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
