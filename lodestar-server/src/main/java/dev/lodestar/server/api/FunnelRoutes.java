package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.day;
import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.positiveInt;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.analysis.FunnelMath;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.ConversionTimes;
import dev.lodestar.spi.analysis.FunnelBreakdown;
import dev.lodestar.spi.analysis.FunnelExclusion;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/funnel}: a funnel spec as JSON in, counts, conversion against step 1 and the
 * previous step, drop-off and time to convert out. The body:
 *
 * <pre>{@code
 * {"steps": [{"event": "Product Viewed", "filters": [{"property": "category", "operator": "equals", "values": ["数码"]}]},
 *            {"event": "Order Completed"}],
 *  "order": "ordered",                 // ordered | strict | unordered (default ordered)
 *  "window": "P7D",                    // ISO-8601 duration, or "windowSeconds": 604800 (default 14 days)
 *  "from": "2026-01-01", "to": "2026-01-31",   // calendar days in the project zone, inclusive (default: last 30 days)
 *  "exclusions": [{"event": "Coupon Removed", "fromStep": 1, "toStep": 2}],
 *  "breakdown": {"property": "channel", "attribution": "first_touch", "step": 2},  // attribution: first_touch | last_touch | step
 *  "breakdownLimit": 10}               // values beyond the first N are summed into "(other)"
 * }</pre>
 */
public final class FunnelRoutes {
    static final String OTHER = "(other)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AnalyticsEngine engine;
    private final ZoneId zone;

    public FunnelRoutes(AnalyticsEngine engine, ZoneId zone) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/funnel", this::funnel);
    }

    private void funnel(Context ctx) {
        JsonNode body;
        try {
            body = MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw invalid("body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw invalid("body must be a JSON object with \"steps\"");
        }
        FunnelSpec spec;
        LocalDate fromDay;
        LocalDate toDay;
        int limit;
        try {
            LocalDate today = LocalDate.now(zone);
            toDay = day(body, "to", today);
            fromDay = day(body, "from", toDay.minusDays(29));
            if (fromDay.isAfter(toDay)) {
                throw invalid("from " + fromDay + " is after to " + toDay);
            }
            TimeRange range = new TimeRange(
                    fromDay.atStartOfDay(zone).toInstant(),
                    toDay.plusDays(1).atStartOfDay(zone).toInstant(),
                    zone);
            limit = body.has("breakdownLimit") ? positiveInt(body.get("breakdownLimit"), "breakdownLimit") : 10;
            spec = new FunnelSpec(
                    steps(body.get("steps")),
                    body.hasNonNull("order")
                            ? FunnelSpec.Order.parse(text(body.get("order"), "order"))
                            : FunnelSpec.Order.ORDERED,
                    window(body),
                    range,
                    exclusions(body.get("exclusions")),
                    breakdown(body.get("breakdown")));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
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
        ctx.json(out);
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

    private static List<FunnelStep> steps(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("steps are missing (expected an array of 2 to 20 steps)");
        }
        if (!node.isArray()) {
            throw invalid("steps must be an array of 2 to 20 steps");
        }
        if (node.size() < 2 || node.size() > FunnelSpec.MAX_STEPS) {
            throw invalid("steps must be 2 to " + FunnelSpec.MAX_STEPS + ", found " + node.size());
        }
        List<FunnelStep> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            steps.add(step(node.get(i), "step " + (i + 1)));
        }
        return steps;
    }

    private static FunnelStep step(JsonNode node, String what) {
        if (node.isTextual()) {
            return FunnelStep.of(node.asText());
        }
        if (!node.isObject() || !node.hasNonNull("event")) {
            throw invalid(what + " must be an event name or an object with \"event\"");
        }
        List<PropertyFilter> filters = new ArrayList<>();
        JsonNode list = node.get("filters");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw invalid(what + ": filters must be an array");
            }
            for (JsonNode f : list) {
                if (!f.isObject()) {
                    throw invalid(what + ": a filter must be an object with property, operator, values");
                }
                JsonNode values = f.get("values");
                List<String> texts = new ArrayList<>();
                if (values != null && values.isArray()) {
                    for (JsonNode v : values) {
                        texts.add(v.isValueNode() ? v.asText() : v.toString());
                    }
                } else if (f.hasNonNull("value")) {
                    texts.add(f.get("value").asText());
                }
                filters.add(new PropertyFilter(
                        text(f.get("property"), what + " filter property"),
                        f.hasNonNull("operator")
                                ? PropertyFilter.Operator.parse(text(f.get("operator"), "operator"))
                                : PropertyFilter.Operator.EQUALS,
                        texts));
            }
        }
        return new FunnelStep(text(node.get("event"), what + " event"), filters);
    }

    private static Duration window(JsonNode body) {
        if (body.hasNonNull("windowSeconds")) {
            JsonNode seconds = body.get("windowSeconds");
            if (!seconds.canConvertToLong()) {
                throw invalid("windowSeconds must be a whole number of seconds, found " + seconds);
            }
            return Duration.ofSeconds(seconds.asLong());
        }
        if (body.hasNonNull("window")) {
            String text = text(body.get("window"), "window");
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid("window '" + text + "' is not an ISO-8601 duration (expected e.g. P14D or PT30M)");
            }
        }
        return null;
    }

    private static List<FunnelExclusion> exclusions(JsonNode node) {
        List<FunnelExclusion> exclusions = new ArrayList<>();
        if (node == null || node.isNull()) {
            return exclusions;
        }
        if (!node.isArray()) {
            throw invalid("exclusions must be an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String what = "exclusion " + (i + 1);
            FunnelStep event = step(e, what);
            exclusions.add(new FunnelExclusion(
                    event,
                    positiveInt(e.get("fromStep"), what + " fromStep"),
                    positiveInt(e.get("toStep"), what + " toStep")));
        }
        return exclusions;
    }

    private static FunnelBreakdown breakdown(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new FunnelBreakdown(node.asText(), FunnelBreakdown.Attribution.FIRST_TOUCH, 0);
        }
        FunnelBreakdown.Attribution attribution = node.hasNonNull("attribution")
                ? FunnelBreakdown.Attribution.parse(text(node.get("attribution"), "attribution"))
                : FunnelBreakdown.Attribution.FIRST_TOUCH;
        int step =
                attribution == FunnelBreakdown.Attribution.STEP ? positiveInt(node.get("step"), "breakdown step") : 0;
        return new FunnelBreakdown(text(node.get("property"), "breakdown property"), attribution, step);
    }
}
