package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.analysis.TrendFormula;
import dev.lodestar.core.analysis.TrendsMath;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.api.TrendsRoutes;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar trends}: a trend of one or more series over local days, weeks, months or hours,
 * as a table for people or, with {@code --json}, the answer of {@code POST /api/trends}.
 */
@Command(
        name = "trends",
        description = "Show a trend: series of events, persons, active persons or numeric properties over time.")
public final class TrendsCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(
            names = "--series",
            paramLabel = "EVENT[:MEASURE[:PROPERTY]]",
            description = "A series (repeatable, named A, B, ...): an event name or * for any event, a measure"
                    + " (events, persons, dau, wau, mau, sum, avg, min, max, median, p75, p90, p99,"
                    + " per_person_avg, per_person_median, per_person_p90; default events) and, for numeric"
                    + " measures, a property (e.g. revenue). Default: *:events.")
    List<String> series = new ArrayList<>();

    @Option(names = "--formula", description = "A formula over the series, e.g. A/B (repeatable).")
    List<String> formulas = new ArrayList<>();

    @Option(names = "--interval", description = "hour, day, week or month (default day).")
    String interval = "day";

    @Option(names = "--from", description = "First day, inclusive (default: 29 days before --to).")
    LocalDate from;

    @Option(names = "--to", description = "Last day, inclusive (default: today).")
    LocalDate to;

    @Option(names = "--breakdown", description = "Split by this event property.")
    String breakdown;

    @Option(names = "--breakdown-trait", description = "Split by this person trait.")
    String breakdownTrait;

    @Option(names = "--limit", description = "Breakdown values to keep; the rest are 'other' (default 10).")
    int limit = 10;

    @Option(names = "--compare", description = "Also show the previous period of the same length.")
    boolean compare;

    @Option(names = "--zone", description = "Time zone for the buckets (default Asia/Shanghai).")
    ZoneId zone = ServerConfig.DEFAULT_ZONE;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TrendsSpec spec;
        List<TrendFormula> parsed = new ArrayList<>();
        try {
            LocalDate last = to != null ? to : LocalDate.now(zone);
            LocalDate first = from != null ? from : last.minusDays(29);
            if (first.isAfter(last)) {
                throw new IllegalArgumentException("--from " + first + " is after --to " + last);
            }
            if (breakdown != null && breakdownTrait != null) {
                throw new IllegalArgumentException("choose --breakdown or --breakdown-trait, not both");
            }
            TrendBreakdown split = null;
            if (breakdown != null || breakdownTrait != null) {
                split = new TrendBreakdown(
                        breakdown != null ? TrendBreakdown.Source.EVENT : TrendBreakdown.Source.PERSON,
                        breakdown != null ? breakdown : breakdownTrait,
                        limit,
                        null);
            }
            List<TrendSeries> list = new ArrayList<>();
            for (String s : series.isEmpty() ? List.of("*") : series) {
                list.add(series(s));
            }
            spec = new TrendsSpec(
                    list,
                    Interval.parse(interval),
                    new TimeRange(
                            first.atStartOfDay(zone).toInstant(),
                            last.plusDays(1).atStartOfDay(zone).toInstant(),
                            zone),
                    split);
            for (String f : formulas) {
                parsed.add(TrendFormula.parse(f, list.size()));
            }
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
            TrendsMath.Report report = TrendsMath.run(new DuckDbAnalyticsEngine(database), spec, parsed, compare);
            if (json) {
                System.out.println(new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(TrendsRoutes.trendJson(spec, report, zone)));
            } else {
                print(spec, report.current(), "");
                if (report.previous() != null) {
                    System.out.println();
                    print(spec, report.previous(), "previous ");
                }
            }
        }
        return 0;
    }

    private static TrendSeries series(String text) {
        String[] parts = text.split(":", 3);
        String event = parts[0].equals("*") || parts[0].isBlank() ? null : parts[0];
        TrendMeasure measure = parts.length > 1 ? TrendMeasure.parse(parts[1]) : TrendMeasure.EVENTS;
        String property = parts.length > 2 ? parts[2] : null;
        return new TrendSeries(event, List.of(), List.of(), measure, property);
    }

    /** One row per bucket, one column per line. */
    private static void print(TrendsSpec spec, TrendsMath.Period period, String what) {
        List<String> names = new ArrayList<>();
        List<List<Double>> columns = new ArrayList<>();
        for (TrendsResult.Series s : period.result().series()) {
            TrendSeries definition = spec.series().get(s.index());
            String name = (char) ('A' + s.index()) + " " + definition.measure().wireName();
            if (spec.breakdown() != null) {
                name += " " + (s.other() ? "(other)" : s.breakdownValue() == null ? "(none)" : s.breakdownValue());
            }
            names.add(name);
            columns.add(s.values());
        }
        for (TrendsMath.FormulaLine f : period.formulas()) {
            String name = f.expression();
            if (spec.breakdown() != null) {
                name += " " + (f.other() ? "(other)" : f.breakdownValue() == null ? "(none)" : f.breakdownValue());
            }
            names.add(name);
            columns.add(f.values());
        }
        System.out.printf(
                "%s%s to %s, by %s (%s)%n",
                what,
                period.range().from().atZone(spec.range().zone()).toLocalDate(),
                period.range().to().minusNanos(1).atZone(spec.range().zone()).toLocalDate(),
                spec.interval().wireName(),
                spec.range().zone());
        StringBuilder head = new StringBuilder(String.format("%-17s", "PERIOD"));
        for (String name : names) {
            head.append(String.format(" %16s", name.length() > 16 ? name.substring(0, 16) : name));
        }
        System.out.println(head);
        List<java.time.LocalDateTime> buckets = period.result().buckets();
        for (int b = 0; b < buckets.size(); b++) {
            StringBuilder row = new StringBuilder(
                    String.format("%-17s", buckets.get(b).toString().replace('T', ' ')));
            for (List<Double> column : columns) {
                Double v = column.get(b);
                row.append(String.format(Locale.ROOT, " %16s", v == null ? "-" : format(v)));
            }
            System.out.println(row);
        }
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%,.2f", v);
    }
}
