package dev.lodestar.server.api;

import static dev.lodestar.core.analysis.SpecJson.invalid;
import static dev.lodestar.core.analysis.SpecJson.positiveInt;
import static dev.lodestar.core.analysis.SpecJson.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.core.analysis.TrendFormula;
import dev.lodestar.core.analysis.TrendsMath;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/trends} and {@code POST /api/distribution}. A trend body:
 *
 * <pre>{@code
 * {"series": [{"event": "Order Completed", "measure": "sum", "property": "revenue",
 *              "filters": [{"property": "channel", "operator": "equals", "values": ["wechat"]}],
 *              "traitFilters": [{"property": "tier", "operator": "equals", "values": ["gold"]}]},
 *             {"event": null, "measure": "persons"}],     // event null or absent: any named event
 *  "formulas": ["A/B"],                 // letters name the series in order
 *  "interval": "day",                   // hour | day | week | month (default day)
 *  "from": "2026-01-01", "to": "2026-01-31",   // calendar days in the project zone, inclusive (default: last 30 days)
 *  "breakdown": {"source": "event", "property": "channel", "limit": 10},  // source event | person (a trait)
 *  "compare": true}                     // also the previous period of the same length
 * }</pre>
 *
 * A distribution body: {@code {"metric": "events_per_person", "event": "Order Completed", "from":
 * ..., "to": ...}}, metric one of {@code events_per_person, sum_per_person} (with {@code property}),
 * {@code days_between, avg_days_between}.
 */
public final class TrendsRoutes {
    private static final String LETTERS = "ABCDEFGHIJ";

    private final AnalyticsEngine engine;
    private final ZoneId zone;

    public TrendsRoutes(AnalyticsEngine engine, ZoneId zone) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/trends", this::trends);
        routes.post("/api/distribution", this::distribution);
    }

    private TimeRange days(JsonNode body) {
        LocalDate to = SpecJson.day(body, "to", LocalDate.now(zone));
        return SpecJson.days(SpecJson.day(body, "from", to.minusDays(29)), to, zone);
    }

    private void trends(Context ctx) {
        JsonNode body = SpecJson.object(ctx.body(), " with \"series\"");
        TrendsSpec spec;
        List<TrendFormula> formulas = new ArrayList<>();
        boolean compare;
        try {
            TimeRange range = days(body);
            spec = new TrendsSpec(
                    series(body.get("series")),
                    body.hasNonNull("interval") ? Interval.parse(text(body.get("interval"), "interval")) : Interval.DAY,
                    range,
                    breakdown(body.get("breakdown")));
            JsonNode list = body.get("formulas");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw invalid("formulas must be an array of texts such as \"A/B\"");
                }
                for (JsonNode f : list) {
                    formulas.add(
                            TrendFormula.parse(text(f, "formula"), spec.series().size()));
                }
            }
            JsonNode flag = body.get("compare");
            if (flag != null && !flag.isNull() && !flag.isBoolean()) {
                throw invalid("compare must be true or false, found " + flag);
            }
            compare = flag != null && flag.asBoolean();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        ctx.json(trendJson(spec, TrendsMath.run(engine, spec, formulas, compare), zone));
    }

    /** The JSON answer for a trend (also printed by {@code lodestar trends --json}). */
    public static Map<String, Object> trendJson(TrendsSpec spec, TrendsMath.Report report, ZoneId zone) {
        Map<String, Object> out = period(spec, report.current(), zone);
        out.put("interval", spec.interval().wireName());
        out.put("zone", zone.getId());
        if (spec.breakdown() != null) {
            out.put(
                    "breakdown",
                    Map.of(
                            "source",
                            spec.breakdown().source().wireName(),
                            "property",
                            spec.breakdown().property()));
        }
        if (report.previous() != null) {
            out.put("previous", period(spec, report.previous(), zone));
        }
        return out;
    }

    private static Map<String, Object> period(TrendsSpec spec, TrendsMath.Period period, ZoneId zone) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", LocalDate.ofInstant(period.range().from(), zone).toString());
        out.put(
                "to",
                LocalDate.ofInstant(period.range().to().minusNanos(1), zone).toString());
        List<String> buckets = new ArrayList<>();
        for (LocalDateTime b : period.result().buckets()) {
            buckets.add(b.toString());
        }
        out.put("buckets", buckets);
        List<Map<String, Object>> series = new ArrayList<>();
        for (TrendsResult.Series s : period.result().series()) {
            TrendSeries definition = spec.series().get(s.index());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("index", s.index());
            line.put("label", String.valueOf(LETTERS.charAt(s.index())));
            line.put("event", definition.event());
            line.put("measure", definition.measure().wireName());
            line.put("property", definition.property());
            line.put("breakdownValue", s.breakdownValue());
            line.put("other", s.other());
            line.put("values", s.values());
            series.add(line);
        }
        out.put("series", series);
        List<Map<String, Object>> formulas = new ArrayList<>();
        for (TrendsMath.FormulaLine f : period.formulas()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("expression", f.expression());
            line.put("breakdownValue", f.breakdownValue());
            line.put("other", f.other());
            line.put("values", f.values());
            formulas.add(line);
        }
        out.put("formulas", formulas);
        return out;
    }

    private static List<TrendSeries> series(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("series are missing (expected an array of 1 to " + TrendsSpec.MAX_SERIES + " series)");
        }
        if (!node.isArray()) {
            throw invalid("series must be an array of 1 to " + TrendsSpec.MAX_SERIES + " series");
        }
        List<TrendSeries> series = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String what = "series " + LETTERS.charAt(Math.min(i, LETTERS.length() - 1));
            if (!s.isObject()) {
                throw invalid(what + " must be an object with \"measure\"");
            }
            String event = s.hasNonNull("event") ? text(s.get("event"), what + " event") : null;
            TrendMeasure measure = s.hasNonNull("measure")
                    ? TrendMeasure.parse(text(s.get("measure"), what + " measure"))
                    : TrendMeasure.EVENTS;
            String property = s.hasNonNull("property") ? text(s.get("property"), what + " property") : null;
            try {
                series.add(new TrendSeries(
                        event,
                        SpecJson.filters(s.get("filters"), what),
                        SpecJson.filters(s.get("traitFilters"), what + " trait"),
                        measure,
                        property));
            } catch (IllegalArgumentException e) {
                throw invalid(what + ": " + e.getMessage());
            }
        }
        return series;
    }

    private static TrendBreakdown breakdown(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new TrendBreakdown(TrendBreakdown.Source.EVENT, node.asText(), 10, null);
        }
        if (!node.isObject()) {
            throw invalid("breakdown must be a property name or an object with source, property, limit");
        }
        TrendBreakdown.Source source = node.hasNonNull("source")
                ? TrendBreakdown.Source.parse(text(node.get("source"), "breakdown source"))
                : TrendBreakdown.Source.EVENT;
        int limit = node.hasNonNull("limit") ? positiveInt(node.get("limit"), "breakdown limit") : 10;
        return new TrendBreakdown(source, text(node.get("property"), "breakdown property"), limit, null);
    }

    private void distribution(Context ctx) {
        JsonNode body = SpecJson.object(ctx.body(), " with \"metric\"");
        DistributionSpec spec;
        try {
            spec = new DistributionSpec(
                    DistributionSpec.Metric.parse(text(body.get("metric"), "metric")),
                    body.hasNonNull("event") ? text(body.get("event"), "event") : null,
                    body.hasNonNull("property") ? text(body.get("property"), "property") : null,
                    days(body));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        ctx.json(distributionJson(spec, engine.distribution(spec), zone));
    }

    /** The JSON answer for a distribution (also printed by {@code lodestar distribution --json}). */
    public static Map<String, Object> distributionJson(DistributionSpec spec, DistributionResult result, ZoneId zone) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", spec.metric().wireName());
        out.put("event", spec.event());
        out.put("property", spec.property());
        out.put("from", LocalDate.ofInstant(spec.range().from(), zone).toString());
        out.put("to", LocalDate.ofInstant(spec.range().to().minusNanos(1), zone).toString());
        out.put("zone", zone.getId());
        out.put("count", result.count());
        out.put("sum", result.sum());
        out.put("mean", result.mean());
        out.put("min", result.min());
        out.put("max", result.max());
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (int i = 0; i < DistributionResult.QUANTILES.size(); i++) {
            percentiles.put(
                    "p" + Math.round(DistributionResult.QUANTILES.get(i) * 100),
                    result.percentiles().get(i));
        }
        out.put("percentiles", percentiles);
        List<Map<String, Object>> histogram = new ArrayList<>();
        for (DistributionResult.Bin bin : result.bins()) {
            Map<String, Object> bar = new LinkedHashMap<>();
            bar.put("from", bin.from());
            bar.put("to", bin.to());
            bar.put("count", bin.count());
            histogram.add(bar);
        }
        out.put("histogram", histogram);
        return out;
    }
}
