package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.FunnelJson;
import dev.lodestar.core.analysis.FunnelMath;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.ConversionTimes;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.FunnelTrendResult;
import dev.lodestar.spi.analysis.FunnelTrendSpec;
import dev.lodestar.spi.analysis.Interval;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/funnel}: a funnel spec as JSON in (see {@link FunnelJson}), counts, conversion
 * against step 1 and the previous step, drop-off and time to convert out.
 */
public final class FunnelRoutes {
    static final String OTHER = "(other)";

    private final AnalyticsEngine engine;
    private final ZoneId zone;

    public FunnelRoutes(AnalyticsEngine engine, ZoneId zone) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/funnel", this::funnel);
        routes.post("/api/funnel/trend", this::trend);
    }

    private void funnel(Context ctx) {
        ctx.json(answer(SpecJson.object(ctx.body(), " with \"steps\"")));
    }

    /**
     * Conversion over time: the funnel's body plus {@code "interval"} (day, week or month; default
     * day), answered as one point per bucket of the range with the persons per step and the overall
     * conversion (null where nobody entered).
     */
    private void trend(Context ctx) {
        JsonNode body = SpecJson.object(ctx.body(), " with \"steps\"");
        FunnelJson.Request request = FunnelJson.read(body, zone, LocalDate.now(zone));
        FunnelTrendSpec spec;
        try {
            Interval interval =
                    body.hasNonNull("interval") ? Interval.parse(text(body.get("interval"), "interval")) : Interval.DAY;
            if (interval == Interval.HOUR) {
                throw new IllegalArgumentException("interval must be day, week or month for a funnel over time");
            }
            spec = new FunnelTrendSpec(request.spec(), interval);
        } catch (IllegalArgumentException e) {
            throw SpecJson.invalid(e.getMessage());
        }
        FunnelTrendResult result = engine.funnelTrend(spec);
        List<Map<String, Object>> points = new ArrayList<>();
        for (FunnelTrendResult.Point point : result.points()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("start", point.start().toLocalDate().toString());
            p.put("persons", point.persons());
            p.put("conversion", FunnelMath.conversion(point.persons()));
            points.add(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("interval", spec.interval().wireName());
        out.put("from", request.from().toString());
        out.put("to", request.to().toString());
        out.put("zone", zone.getId());
        out.put("steps", request.spec().steps().stream().map(FunnelStep::event).toList());
        out.put("points", points);
        ctx.json(out);
    }

    /** The answer to a funnel in its JSON form: counts, rates and times, per breakdown value. */
    Map<String, Object> answer(JsonNode body) {
        FunnelJson.Request request = FunnelJson.read(body, zone, LocalDate.now(zone));
        FunnelSpec spec = request.spec();
        LocalDate fromDay = request.from();
        LocalDate toDay = request.to();
        int limit = request.breakdownLimit();
        FunnelResult result = engine.funnel(spec);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("order", spec.order().wireName());
        out.put("windowSeconds", spec.window().getSeconds());
        out.put("from", fromDay.toString());
        out.put("to", toDay.toString());
        out.put("zone", zone.getId());
        out.put("steps", steps(spec, FunnelMath.total(result)));
        if (spec.breakdown() != null) {
            List<Map<String, Object>> values = new ArrayList<>();
            for (FunnelResult.Series series : FunnelMath.top(result, limit, OTHER)) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("value", series.breakdownValue());
                value.put("steps", steps(spec, series));
                values.add(value);
            }
            out.put("breakdown", values);
            out.put("breakdownValues", result.series().size());
        }
        return out;
    }

    private static List<Map<String, Object>> steps(FunnelSpec spec, FunnelResult.Series series) {
        List<Map<String, Object>> steps = new ArrayList<>();
        List<FunnelMath.StepFigures> figures = FunnelMath.figures(series);
        for (FunnelMath.StepFigures f : figures) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", f.step());
            step.put("event", spec.steps().get(f.step() - 1).event());
            step.put("persons", f.persons());
            step.put("conversionFromFirst", f.conversionFromFirst());
            step.put("conversionFromPrevious", f.conversionFromPrevious());
            step.put("dropOff", f.dropOff());
            if (f.step() > 1) {
                ConversionTimes times = series.timeToConvert().get(f.step() - 1);
                Map<String, Object> ttc = new LinkedHashMap<>();
                ttc.put("count", times.count());
                ttc.put("averageSeconds", f.averageSeconds());
                ttc.put("medianSeconds", f.medianSeconds());
                ttc.put("p90Seconds", f.p90Seconds());
                List<Map<String, Object>> histogram = new ArrayList<>();
                for (int b = 0; b < ConversionTimes.BUCKETS; b++) {
                    long count = times.histogram().get(b);
                    if (count > 0) {
                        Map<String, Object> bucket = new LinkedHashMap<>();
                        bucket.put("fromSeconds", ConversionTimes.lowerSeconds(b));
                        double upper = ConversionTimes.upperSeconds(b);
                        bucket.put("toSeconds", Double.isInfinite(upper) ? null : upper);
                        bucket.put("count", count);
                        histogram.add(bucket);
                    }
                }
                ttc.put("histogram", histogram);
                step.put("timeToConvert", ttc);
            }
            steps.add(step);
        }
        return steps;
    }
}
