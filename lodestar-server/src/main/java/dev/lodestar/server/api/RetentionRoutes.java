package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.day;
import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.positiveInt;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.RetentionMath;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.RetentionResult;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/retention}: a retention spec as JSON in, the cohort triangle (size, counts,
 * rates, incomplete cells) and the weighted average curve out, observed until now. The body:
 *
 * <pre>{@code
 * {"cohortEvent": "Signed Up",          // null or absent: any event
 *  "cohortType": "first_time",          // first_time | recurring (default first_time)
 *  "returnEvent": "Order Completed",    // null or absent: any event
 *  "period": "week",                    // day | week | month (default week)
 *  "periods": 8,                        // N, 1 to 100: cells 0..N (default 8)
 *  "mode": "on",                        // on | on_or_after (default on)
 *  "from": "2026-01-01", "to": "2026-02-28",  // cohorts whose period starts on one of these days, in the
 *                                              // project zone (default: the last N+1 periods up to today)
 *  "breakdown": "plan",                 // property of the cohort event (optional), or
 *                                       // {"source": "person", "property": "tier"}: the person's current trait
 *                                       // ({"source": "event", "property": "plan"} is the same as "plan")
 *  "breakdownLimit": 10}                // values beyond the first N are summed into "(other)"
 * }</pre>
 */
public final class RetentionRoutes {
    static final String OTHER = "(other)";

    private final AnalyticsEngine engine;
    private final ZoneId zone;
    private final Clock clock;

    public RetentionRoutes(AnalyticsEngine engine, ZoneId zone) {
        this(engine, zone, Clock.systemUTC());
    }

    RetentionRoutes(AnalyticsEngine engine, ZoneId zone, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/retention", this::retention);
    }

    private void retention(Context ctx) {
        ctx.json(answer(SpecJson.object(ctx.body(), "")));
    }

    /** A retention spec read from JSON, observed until now. */
    record Request(RetentionSpec spec, LocalDate from, LocalDate to, int breakdownLimit) {}

    Request read(JsonNode body) {
        Instant now = clock.instant();
        RetentionSpec spec;
        LocalDate fromDay;
        LocalDate toDay;
        int limit;
        try {
            RetentionSpec.Period period = body.hasNonNull("period")
                    ? RetentionSpec.Period.parse(text(body.get("period"), "period"))
                    : RetentionSpec.Period.WEEK;
            int periods = body.hasNonNull("periods") ? positiveInt(body.get("periods"), "periods") : 8;
            toDay = day(body, "to", LocalDate.now(clock.withZone(zone)));
            fromDay = day(body, "from", period.plus(period.truncate(toDay), -Math.min(periods, 100)));
            TimeRange range = SpecJson.days(fromDay, toDay, zone);
            if (!now.isAfter(range.from())) {
                throw invalid("from " + fromDay + " is in the future");
            }
            limit = body.hasNonNull("breakdownLimit") ? positiveInt(body.get("breakdownLimit"), "breakdownLimit") : 10;
            spec = new RetentionSpec(
                    optionalText(body, "cohortEvent"),
                    body.hasNonNull("cohortType")
                            ? RetentionSpec.CohortType.parse(text(body.get("cohortType"), "cohortType"))
                            : RetentionSpec.CohortType.FIRST_TIME,
                    optionalText(body, "returnEvent"),
                    period,
                    periods,
                    body.hasNonNull("mode")
                            ? RetentionSpec.Mode.parse(text(body.get("mode"), "mode"))
                            : RetentionSpec.Mode.ON,
                    range,
                    now,
                    breakdownProperty(body.get("breakdown")),
                    breakdownSource(body.get("breakdown")));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new Request(spec, fromDay, toDay, limit);
    }

    /** The answer to a retention spec in its JSON form: the triangle and the average curve. */
    Map<String, Object> answer(JsonNode body) {
        Request request = read(body);
        RetentionSpec spec = request.spec();
        Instant now = spec.asOf();
        LocalDate fromDay = request.from();
        LocalDate toDay = request.to();
        int limit = request.breakdownLimit();
        RetentionResult result = engine.retention(spec);
        RetentionResult.Series total = result.series().isEmpty() ? empty(spec) : RetentionMath.total(result);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cohortEvent", spec.cohortEvent());
        out.put("cohortType", spec.cohortType().wireName());
        out.put("returnEvent", spec.returnEvent());
        out.put("period", spec.period().wireName());
        out.put("periods", spec.periods());
        out.put("mode", spec.mode().wireName());
        out.put("from", fromDay.toString());
        out.put("to", toDay.toString());
        out.put("zone", zone.getId());
        out.put("asOf", now.toString());
        out.put("persons", total.persons());
        out.put("cohorts", cohorts(total));
        out.put("average", average(total, spec.periods()));
        if (spec.breakdown() != null) {
            List<Map<String, Object>> values = new ArrayList<>();
            for (RetentionResult.Series series : RetentionMath.top(result, limit, OTHER)) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("value", series.breakdownValue());
                value.put("persons", series.persons());
                value.put("cohorts", cohorts(series));
                value.put("average", average(series, spec.periods()));
                values.add(value);
            }
            out.put("breakdownSource", spec.breakdownSource().wireName());
            out.put("breakdownProperty", spec.breakdown());
            out.put("breakdown", values);
            out.put("breakdownValues", result.series().size());
        }
        return out;
    }

    /** The rows of a table nobody is in (a breakdown without any person), with their incomplete cells. */
    private static RetentionResult.Series empty(RetentionSpec spec) {
        List<RetentionResult.Cohort> rows = new ArrayList<>();
        List<Long> zeros = new ArrayList<>();
        for (int k = 0; k <= spec.periods(); k++) {
            zeros.add(0L);
        }
        for (LocalDate c : spec.cohortStarts()) {
            int complete = 0;
            while (complete <= spec.periods()
                    && !spec.start(spec.period().plus(c, complete + 1)).isAfter(spec.asOf())) {
                complete++;
            }
            rows.add(new RetentionResult.Cohort(c, 0, zeros, complete));
        }
        return new RetentionResult.Series(null, rows);
    }

    private static List<Map<String, Object>> cohorts(RetentionResult.Series series) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RetentionResult.Cohort c : series.cohorts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", c.start().toString());
            row.put("size", c.size());
            row.put("counts", c.counts());
            row.put("rates", RetentionMath.rates(c));
            List<Boolean> incomplete = new ArrayList<>();
            for (int k = 0; k < c.counts().size(); k++) {
                incomplete.add(!c.complete(k));
            }
            row.put("incomplete", incomplete);
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> average(RetentionResult.Series series, int periods) {
        List<Map<String, Object>> curve = new ArrayList<>();
        for (RetentionMath.AveragePoint p : RetentionMath.average(series, periods)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", p.period());
            point.put("rate", p.rate());
            point.put("persons", p.persons());
            point.put("cohortPersons", p.cohortPersons());
            point.put("cohorts", p.cohorts());
            curve.add(point);
        }
        return curve;
    }

    private static String breakdownProperty(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isObject()) {
            throw invalid("breakdown must be an event property name or an object with source and property");
        }
        return text(node.get("property"), "breakdown property");
    }

    private static TrendBreakdown.Source breakdownSource(JsonNode node) {
        return node != null && node.isObject() && node.hasNonNull("source")
                ? TrendBreakdown.Source.parse(text(node.get("source"), "breakdown source"))
                : TrendBreakdown.Source.EVENT;
    }

    private static String optionalText(JsonNode body, String name) {
        return body.hasNonNull(name) ? text(body.get(name), name) : null;
    }
}
