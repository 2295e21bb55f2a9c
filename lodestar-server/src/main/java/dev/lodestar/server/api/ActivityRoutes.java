package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.day;
import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.object;
import static dev.lodestar.server.api.JsonSpecs.optionalText;
import static dev.lodestar.server.api.JsonSpecs.positiveInt;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.PathsMath;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import dev.lodestar.spi.analysis.TimeRange;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity analyses over HTTP, each a JSON spec in and counts out; days are in the project zone
 * and {@code from}/{@code to} are inclusive days:
 *
 * <pre>{@code
 * POST /api/lifecycle  {"event": "App Opened",  // null or absent: any event
 *                       "filters": [{"property": "channel", "operator": "equals", "values": ["wechat"]}],
 *                       "traitFilters": [{"property": "tier", "operator": "equals", "values": ["gold"]}],
 *                       "period": "week",       // day | week | month (default week)
 *                       "from": "2026-01-05", "to": "2026-03-29"}  // default: the last 12 periods
 * POST /api/stickiness {"event": null, "period": "week",          // week | month (default week)
 *                       "filters": [...], "traitFilters": [...],  // as for lifecycle
 *                       "from": ..., "to": ...}                   // default: the last 8 periods
 * POST /api/paths      {"nodes": "events",       // events | urls (default events)
 *                       "startPoint": "Home",    // or "endPoint"; neither: from the session start
 *                       "steps": 5,              // 2 to 10 (default 5)
 *                       "sessionGapMinutes": 30, // default 30
 *                       "nodeLimit": 20, "edgeLimit": 50,
 *                       "from": ..., "to": ...}  // default: the last 7 days
 * }</pre>
 */
public final class ActivityRoutes {
    /** The kinds of analysis here, each also the last part of its route. */
    public static final List<String> KINDS = List.of("lifecycle", "stickiness", "paths");

    private final AnalyticsEngine engine;
    private final ZoneId zone;
    private final Clock clock;

    public ActivityRoutes(AnalyticsEngine engine, ZoneId zone) {
        this(engine, zone, Clock.systemUTC());
    }

    ActivityRoutes(AnalyticsEngine engine, ZoneId zone, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        for (String kind : KINDS) {
            routes.post("/api/" + kind, ctx -> ctx.json(answer(kind, object(ctx.body()))));
        }
    }

    /** The answer of the route of {@code kind} (one of {@link #KINDS}) to a spec. */
    public Map<String, Object> answer(String kind, JsonNode body) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (kind) {
            case "lifecycle" -> {
                LifecycleSpec spec = lifecycleSpec(body, out);
                out.putAll(lifecycleJson(spec, engine.lifecycle(spec)));
            }
            case "stickiness" -> {
                StickinessSpec spec = stickinessSpec(body, out);
                out.putAll(stickinessJson(spec, engine.stickiness(spec)));
            }
            case "paths" -> paths(pathsRequest(body, out), out);
            default -> throw new IllegalArgumentException("not an activity analysis: " + kind);
        }
        return out;
    }

    /** Checks a spec of {@code kind} as its route would, without running it. */
    public void check(String kind, JsonNode body) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (kind) {
            case "lifecycle" -> lifecycleSpec(body, out);
            case "stickiness" -> stickinessSpec(body, out);
            case "paths" -> pathsRequest(body, out);
            default -> throw new IllegalArgumentException("not an activity analysis: " + kind);
        }
    }

    private LifecycleSpec lifecycleSpec(JsonNode body, Map<String, Object> out) {
        try {
            RetentionSpec.Period period = period(body, RetentionSpec.Period.WEEK);
            return new LifecycleSpec(
                    optionalText(body, "event"),
                    SpecJson.filters(body.get("filters"), "lifecycle"),
                    SpecJson.filters(body.get("traitFilters"), "lifecycle trait"),
                    period,
                    range(body, period, 12, out));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The event, period and one row per period of a lifecycle, as {@code POST /api/lifecycle} answers. */
    public static Map<String, Object> lifecycleJson(LifecycleSpec spec, LifecycleResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", spec.event());
        out.put("period", spec.period().wireName());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LifecycleResult.Row r : result.periods()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", r.start().toString());
            row.put("new", r.newPersons());
            row.put("returning", r.returning());
            row.put("resurrecting", r.resurrecting());
            row.put("dormant", r.dormant());
            row.put("active", r.active());
            rows.add(row);
        }
        out.put("periods", rows);
        return out;
    }

    private StickinessSpec stickinessSpec(JsonNode body, Map<String, Object> out) {
        try {
            RetentionSpec.Period period = period(body, RetentionSpec.Period.WEEK);
            return new StickinessSpec(
                    optionalText(body, "event"),
                    SpecJson.filters(body.get("filters"), "stickiness"),
                    SpecJson.filters(body.get("traitFilters"), "stickiness trait"),
                    period,
                    range(body, period, 8, out));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The event, period and one row per period of stickiness, as {@code POST /api/stickiness} answers. */
    public static Map<String, Object> stickinessJson(StickinessSpec spec, StickinessResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", spec.event());
        out.put("period", spec.period().wireName());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StickinessResult.Row r : result.periods()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", r.start().toString());
            row.put("days", r.exactly().size());
            row.put("persons", r.persons());
            row.put("exactly", r.exactly());
            row.put("atLeast", r.atLeast());
            rows.add(row);
        }
        out.put("periods", rows);
        return out;
    }

    /** A paths spec with the Sankey's limits. */
    private record PathsRequest(PathsSpec spec, int nodeLimit, int edgeLimit) {}

    private PathsRequest pathsRequest(JsonNode body, Map<String, Object> out) {
        try {
            int steps = body.hasNonNull("steps") ? positiveInt(body.get("steps"), "steps") : 5;
            Duration gap = body.hasNonNull("sessionGapMinutes")
                    ? Duration.ofMinutes(positiveInt(body.get("sessionGapMinutes"), "sessionGapMinutes"))
                    : PathsSpec.DEFAULT_SESSION_GAP;
            int nodeLimit = body.hasNonNull("nodeLimit") ? positiveInt(body.get("nodeLimit"), "nodeLimit") : 20;
            int edgeLimit = body.hasNonNull("edgeLimit") ? positiveInt(body.get("edgeLimit"), "edgeLimit") : 50;
            PathsSpec spec = new PathsSpec(
                    body.hasNonNull("nodes")
                            ? PathsSpec.Nodes.parse(text(body.get("nodes"), "nodes"))
                            : PathsSpec.Nodes.EVENTS,
                    optionalText(body, "startPoint"),
                    optionalText(body, "endPoint"),
                    steps,
                    gap,
                    range(body, RetentionSpec.Period.DAY, 7, out));
            return new PathsRequest(spec, nodeLimit, edgeLimit);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private void paths(PathsRequest request, Map<String, Object> out) {
        PathsSpec spec = request.spec();
        PathsResult result = engine.paths(spec);
        PathsMath.Sankey sankey = PathsMath.sankey(spec, result, request.nodeLimit(), request.edgeLimit());
        out.put("nodes", spec.nodes().wireName());
        out.put("startPoint", spec.startPoint());
        out.put("endPoint", spec.endPoint());
        out.put("steps", spec.steps());
        out.put("sessionGapMinutes", spec.sessionGap().toMinutes());
        out.put("persons", result.persons());
        out.put("sankeyNodes", sankey.nodes());
        out.put("sankeyLinks", sankey.links());
        out.put("dropOff", PathsMath.dropOffPerStep(sankey, spec.steps()));
        List<Map<String, Object>> top = new ArrayList<>();
        for (PathsResult.Path p :
                result.paths().subList(0, Math.min(20, result.paths().size()))) {
            top.add(Map.of("nodes", p.nodes(), "persons", p.persons()));
        }
        out.put("topPaths", top);
        out.put("distinctPaths", result.paths().size());
    }

    private static RetentionSpec.Period period(JsonNode body, RetentionSpec.Period fallback) {
        return body.hasNonNull("period") ? RetentionSpec.Period.parse(text(body.get("period"), "period")) : fallback;
    }

    /**
     * The range of whole days from {@code from} to {@code to} (inclusive) in the project zone; by
     * default the last {@code periods} periods up to today. Puts from, to and zone into {@code out}.
     */
    private TimeRange range(JsonNode body, RetentionSpec.Period period, int periods, Map<String, Object> out) {
        LocalDate toDay = day(body, "to", LocalDate.now(clock.withZone(zone)));
        LocalDate fromDay = day(body, "from", period.plus(period.truncate(toDay), 1 - periods));
        TimeRange range = SpecJson.days(fromDay, toDay, zone);
        out.put("from", fromDay.toString());
        out.put("to", toDay.toString());
        out.put("zone", zone.getId());
        return range;
    }
}
