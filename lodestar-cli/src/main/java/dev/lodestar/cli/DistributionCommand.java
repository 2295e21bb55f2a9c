package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.api.TrendsRoutes;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import dev.lodestar.spi.analysis.TimeRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar distribution}: percentiles and a histogram of a per-person metric, as a table
 * with bars for people or, with {@code --json}, the answer of {@code POST /api/distribution}.
 */
@Command(
        name = "distribution",
        description = "Show the distribution of a per-person metric: percentiles and a histogram.")
public final class DistributionCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(
            names = "--metric",
            description = "events_per_person (default), sum_per_person (with --property), days_between,"
                    + " avg_days_between.")
    String metric = "events_per_person";

    @Option(names = "--event", description = "The event (default: any event).")
    String event;

    @Option(names = "--property", description = "For sum_per_person: revenue or a numeric event property.")
    String property;

    @Option(names = "--from", description = "First day, inclusive (default: 29 days before --to).")
    LocalDate from;

    @Option(names = "--to", description = "Last day, inclusive (default: today).")
    LocalDate to;

    @Option(names = "--zone", description = "Time zone for the days (default Asia/Shanghai).")
    ZoneId zone = ServerConfig.DEFAULT_ZONE;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DistributionSpec spec;
        try {
            LocalDate last = to != null ? to : LocalDate.now(zone);
            LocalDate first = from != null ? from : last.minusDays(29);
            if (first.isAfter(last)) {
                throw new IllegalArgumentException("--from " + first + " is after --to " + last);
            }
            spec = new DistributionSpec(
                    DistributionSpec.Metric.parse(metric),
                    event,
                    property,
                    new TimeRange(
                            first.atStartOfDay(zone).toInstant(),
                            last.plusDays(1).atStartOfDay(zone).toInstant(),
                            zone));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
            DistributionResult result = new DuckDbAnalyticsEngine(database).distribution(spec);
            if (json) {
                System.out.println(new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(TrendsRoutes.distributionJson(spec, result, zone)));
                return 0;
            }
            System.out.printf("%s of %s (%s)%n%n", spec.metric().wireName(), event == null ? "any event" : event, zone);
            System.out.printf("%-8s %14s%n", "count", TrendsCommand.format(result.count()));
            if (result.count() == 0) {
                return 0;
            }
            System.out.printf("%-8s %14s%n", "mean", TrendsCommand.format(result.mean()));
            System.out.printf("%-8s %14s%n", "min", TrendsCommand.format(result.min()));
            for (int i = 0; i < DistributionResult.QUANTILES.size(); i++) {
                System.out.printf(
                        "%-8s %14s%n",
                        "p" + Math.round(DistributionResult.QUANTILES.get(i) * 100),
                        TrendsCommand.format(result.percentiles().get(i)));
            }
            System.out.printf("%-8s %14s%n%n", "max", TrendsCommand.format(result.max()));
            long most = result.bins().stream()
                    .mapToLong(DistributionResult.Bin::count)
                    .max()
                    .orElse(1);
            for (DistributionResult.Bin bin : result.bins()) {
                System.out.printf(
                        Locale.ROOT,
                        "[%12s, %12s) %10s %s%n",
                        TrendsCommand.format(bin.from()),
                        TrendsCommand.format(bin.to()),
                        TrendsCommand.format(bin.count()),
                        "#".repeat((int) Math.round(40.0 * bin.count() / Math.max(1, most))));
            }
        }
        return 0;
    }
}
