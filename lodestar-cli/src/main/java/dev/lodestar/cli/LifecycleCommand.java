package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.api.ActivityRoutes;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.RetentionSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar lifecycle}: new, returning, resurrecting and dormant persons per day, week or
 * month, as a table for people or, with {@code --json}, the answer of {@code POST /api/lifecycle}.
 */
@Command(name = "lifecycle", description = "Show new, returning, resurrecting and dormant persons per period.")
public final class LifecycleCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    ActivityOptions activity;

    @Option(names = "--period", description = "day, week or month (default week); by default the last 12.")
    String period = "week";

    @Override
    public Integer call() throws Exception {
        LifecycleSpec spec;
        try {
            RetentionSpec.Period p = RetentionSpec.Period.parse(period);
            spec = new LifecycleSpec(
                    activity.event(), activity.filters(), activity.traitFilters(), p, activity.range(p, 12));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
            ActivityOptions.resolveIdentities(database, data.directory());
            LifecycleResult result = new DuckDbAnalyticsEngine(database).lifecycle(spec);
            if (activity.json) {
                activity.printJson(spec.range(), ActivityRoutes.lifecycleJson(spec, result));
                return 0;
            }
            System.out.printf(
                    "%s by %s (%s)%n",
                    spec.event() == null ? "any event" : spec.event(),
                    spec.period().wireName(),
                    spec.range().zone());
            System.out.printf(
                    "%-10s %12s %12s %12s %12s %12s%n",
                    "PERIOD", "NEW", "RETURNING", "RESURRECTING", "DORMANT", "ACTIVE");
            for (LifecycleResult.Row r : result.periods()) {
                System.out.printf(
                        "%-10s %12d %12d %12d %12d %12d%n",
                        r.start(), r.newPersons(), r.returning(), r.resurrecting(), r.dormant(), r.active());
            }
        }
        return 0;
    }
}
