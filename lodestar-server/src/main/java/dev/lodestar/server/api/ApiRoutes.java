package dev.lodestar.server.api;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.ingest.GroupCommitter;
import dev.lodestar.core.overview.Overview;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendResult;
import dev.lodestar.spi.analysis.TrendSpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The dashboard's REST API. Dates in query parameters are calendar days in the project zone
 * ({@code from} and {@code to} both inclusive, e.g. {@code ?from=2026-01-01&to=2026-01-31});
 * without them the range is the 30 days that end today.
 */
public final class ApiRoutes {
    public static final List<String> LOCALES = List.of("zh-CN", "en");

    private final AnalyticsEngine engine;
    private final GroupCommitter committer;
    private final ZoneId zone;
    private final Instant startedAt = Instant.now();

    public ApiRoutes(AnalyticsEngine engine, GroupCommitter committer, ZoneId zone) {
        this.engine = requireNonNull(engine, "engine is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/api/config", this::config);
        routes.get("/api/overview", this::overview);
        routes.get("/api/trend", this::trend);
        routes.get("/api/events", ctx -> ctx.json(engine.eventNames()));
        routes.get("/api/live", this::live);
        routes.get("/api/i18n/{locale}", this::messages);
    }

    /**
     * The project settings the dashboard needs, and the day of the latest event: a dashboard whose
     * data ends before today (an import, the demo) shows ranges that end on that day.
     */
    private void config(Context ctx) {
        Instant latest = engine.latestEventTime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zone", zone.getId());
        body.put("locales", LOCALES);
        body.put(
                "lastEventDay",
                latest == null ? null : LocalDate.ofInstant(latest, zone).toString());
        ctx.json(body);
    }

    private void overview(Context ctx) {
        TimeRange range = range(ctx);
        Overview overview = Overview.of(engine.overview(new OverviewSpec(range, OverviewSpec.DEFAULT_ORDER_EVENT)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", ctx.attribute("fromDay").toString());
        body.put("to", ctx.attribute("toDay").toString());
        body.put("zone", zone.getId());
        body.put("events", overview.counts().events());
        body.put("persons", overview.counts().persons());
        body.put("dau", overview.counts().dau());
        body.put("wau", overview.counts().wau());
        body.put("mau", overview.counts().mau());
        body.put("orders", overview.counts().orders());
        body.put("revenue", overview.counts().revenue());
        body.put("buyers", overview.counts().buyers());
        body.put("conversionRate", overview.conversionRate());
        body.put("averageOrderValue", overview.averageOrderValue());
        body.put("stickiness", overview.stickiness());
        ctx.json(body);
    }

    private void trend(Context ctx) {
        TimeRange range = range(ctx);
        String event = ctx.queryParam("event");
        Interval interval;
        TrendSpec.Measure measure;
        try {
            interval = Interval.parse(param(ctx, "interval", "day"));
            measure = TrendSpec.Measure.valueOf(param(ctx, "measure", "events").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    e.getMessage().startsWith("interval") ? e.getMessage() : "measure must be events or persons");
        }
        TrendResult result =
                engine.trend(new TrendSpec(event == null || event.isBlank() ? null : event, measure, interval, range));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("measure", measure.name().toLowerCase(Locale.ROOT));
        body.put("interval", interval.wireName());
        body.put("zone", zone.getId());
        body.put(
                "points",
                result.points().stream()
                        .map(p -> Map.of("start", p.start().toString(), "value", p.value()))
                        .toList());
        ctx.json(body);
    }

    private void live(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalEvents", engine.totalEvents());
        body.put("acceptedSinceStart", committer.committedEvents());
        body.put("duplicatesSinceStart", committer.duplicateEvents());
        body.put("commitsSinceStart", committer.commits());
        body.put("queued", committer.queuedEvents());
        body.put("startedAt", startedAt.toString());
        ctx.json(body);
    }

    private void messages(Context ctx) {
        Locale locale = Locale.forLanguageTag(ctx.pathParam("locale"));
        if (!locale.getLanguage().equals("zh") && !locale.getLanguage().equals("en")) {
            throw new LodestarException(
                    ErrorCode.NOT_FOUND, "no messages for locale '" + ctx.pathParam("locale") + "' (have zh-CN, en)");
        }
        ResourceBundle bundle = ResourceBundle.getBundle(
                "i18n.messages",
                locale.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> strings = new TreeMap<>();
        for (String key : bundle.keySet()) {
            strings.put(key, bundle.getString(key));
        }
        ctx.json(strings);
    }

    private TimeRange range(Context ctx) {
        LocalDate today = LocalDate.now(zone);
        LocalDate to = day(ctx, "to", today);
        LocalDate from = day(ctx, "from", to.minusDays(29));
        if (from.isAfter(to)) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "from " + from + " is after to " + to);
        }
        ctx.attribute("fromDay", from);
        ctx.attribute("toDay", to);
        return new TimeRange(
                from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    private static LocalDate day(Context ctx, String name, LocalDate fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, name + " '" + value + "' is not a date (expected e.g. 2026-01-31)");
        }
    }

    private static String param(Context ctx, String name, String fallback) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
