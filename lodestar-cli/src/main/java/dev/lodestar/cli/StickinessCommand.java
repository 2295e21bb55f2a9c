package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.api.ActivityRoutes;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar stickiness}: per week or month, the persons active on exactly N distinct days of
 * it, as a table for people or, with {@code --json}, the answer of {@code POST /api/stickiness}.
 */
@Command(name = "stickiness", description = "Show how many persons were active on 1, 2, ... days of each period.")
public final class StickinessCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    ActivityOptions activity;

    @Option(names = "--period", description = "week or month (default week); by default the last 8.")
    String period = "week";

    @Override
    public Integer call() throws Exception {
        StickinessSpec spec;
        try {
            RetentionSpec.Period p = RetentionSpec.Period.parse(period);
            spec = new StickinessSpec(
                    activity.event(), activity.filters(), activity.traitFilters(), p, activity.range(p, 8));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
            ActivityOptions.resolveIdentities(database, data.directory());
            StickinessResult result = new DuckDbAnalyticsEngine(database).stickiness(spec);
            if (activity.json) {
                activity.printJson(spec.range(), ActivityRoutes.stickinessJson(spec, result));
                return 0;
            }
            System.out.printf(
                    "%s by %s (%s); persons active on exactly N days%n",
                    spec.event() == null ? "any event" : spec.event(),
                    spec.period().wireName(),
                    spec.range().zone());
            StringBuilder head = new StringBuilder(String.format("%-10s %8s", "PERIOD", "PERSONS"));
            int days = result.periods().stream()
                    .mapToInt(r -> r.exactly().size())
                    .max()
                    .orElse(0);
            for (int n = 1; n <= days; n++) {
                head.append(String.format(" %5d", n));
            }
            System.out.println(head);
            for (StickinessResult.Row r : result.periods()) {
                StringBuilder row = new StringBuilder(String.format("%-10s %8d", r.start(), r.persons()));
                for (long c : r.exactly()) {
                    row.append(String.format(" %5d", c));
                }
                System.out.println(row);
            }
        }
        return 0;
    }
}
