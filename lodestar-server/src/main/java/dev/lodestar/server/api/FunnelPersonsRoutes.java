package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.positiveInt;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.FunnelJson;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.core.segment.SegmentService;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.FunnelPersonsPage;
import dev.lodestar.spi.analysis.FunnelPersonsSpec;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.SegmentDefinition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funnel drill-down: the persons behind a bar, by the rules that count them.
 *
 * <p>{@code POST /api/funnel/persons} takes a funnel as {@code POST /api/funnel} does (see {@link
 * FunnelJson}) plus {@code "step"} (from 1), {@code "dropped"} (false: the persons who reached the
 * step; true: those who reached it but not the next), {@code "breakdownValue"} (only the persons of
 * that value; JSON null for the persons without it; absent for all), {@code "after"} (the cursor
 * {@code next} of the previous page) and {@code "limit"} (1 to 1000, default 50). It answers {@code
 * {"step", "event", "dropped", "persons": [{"id", "name"?, "phone"?, "email"?}], "next"}}.
 *
 * <p>{@code POST /api/funnel/persons.csv} takes the same body without paging and answers every
 * person as CSV (UTF-8 with a byte order mark), with the identity types of {@code "identities"}
 * (default user_id, phone, email) and the traits of {@code "traits"} (default name), SHA-256 hashed
 * with {@code "hashed": true} (phones as {@code "phoneForm"}: e164, digits or national).
 */
public final class FunnelPersonsRoutes {
    static final int MAX_PAGE = 1000;

    private final AnalyticsEngine engine;
    private final ZoneId zone;
    private final MemberExport export;

    public FunnelPersonsRoutes(AnalyticsEngine engine, ZoneId zone, MemberExport export, SegmentService segments) {
        this.segments = requireNonNull(segments, "segments is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.export = requireNonNull(export, "export is null");
    }

    private final SegmentService segments;

    public void register(RoutesConfig routes) {
        routes.post("/api/funnel/persons/segment", ctx -> {
            JsonNode body = SpecJson.object(ctx.body(), " with \"steps\", \"step\" and \"name\"");
            ctx.status(201)
                    .json(saveAsSegment(drillDown(FunnelJson.read(body, zone, LocalDate.now(zone)), body), body));
        });
        routes.post("/api/funnel/persons", ctx -> {
            JsonNode body = SpecJson.object(ctx.body(), " with \"steps\" and \"step\"");
            ctx.json(page(drillDown(FunnelJson.read(body, zone, LocalDate.now(zone)), body)));
        });
        routes.post("/api/funnel/persons.csv", ctx -> {
            JsonNode body = SpecJson.object(ctx.body(), " with \"steps\" and \"step\"");
            csv(ctx, drillDown(FunnelJson.read(body, zone, LocalDate.now(zone)), body), body);
        });
    }

    /** The drill-down that {@code request} asks for of a funnel: step, dropped, value, page. */
    FunnelPersonsSpec drillDown(FunnelJson.Request funnel, JsonNode request) {
        int step = positiveInt(request.get("step"), "step");
        boolean dropped = flag(request, "dropped");
        FunnelPersonsSpec.Series series = null;
        if (request.has("breakdownValue")) {
            JsonNode value = request.get("breakdownValue");
            series = new FunnelPersonsSpec.Series(value.isNull() ? null : text(value, "breakdownValue"));
        }
        String after = request.hasNonNull("after") ? text(request.get("after"), "after") : null;
        int limit = request.hasNonNull("limit") ? positiveInt(request.get("limit"), "limit") : 50;
        if (limit > MAX_PAGE) {
            throw invalid("limit must be 1 to " + MAX_PAGE + ", found " + limit);
        }
        try {
            return new FunnelPersonsSpec(funnel.spec(), step, dropped, series, null, after, limit);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** One page of persons with the basics of each profile. */
    Map<String, Object> page(FunnelPersonsSpec spec) {
        FunnelPersonsPage page = engine.funnelPersons(spec);
        List<Map<String, Object>> persons = export.summaries(page.persons());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("step", spec.step());
        out.put("event", spec.funnel().steps().get(spec.step() - 1).event());
        out.put("dropped", spec.droppedOff());
        out.put("persons", persons);
        out.put("next", page.next());
        return out;
    }

    /** Every person of the drill-down as CSV, read in pages of the engine's largest size. */
    void csv(Context ctx, FunnelPersonsSpec spec, JsonNode options) {
        MemberExport.Options columns = new MemberExport.Options(
                identityTypes(options.get("identities")),
                names(options.get("traits"), List.of("name"), "traits"),
                flag(options, "hashed"),
                options.hasNonNull("phoneForm")
                        ? phoneForm(text(options.get("phoneForm"), "phoneForm"))
                        : MemberExport.PhoneForm.E164,
                MemberExport.Format.CSV);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"funnel-step-" + spec.step() + (spec.droppedOff() ? "-dropped" : "-reached")
                        + ".csv\"");
        export.write(
                (after, limit) -> engine.funnelPersons(new FunnelPersonsSpec(
                                spec.funnel(), spec.step(), spec.droppedOff(), spec.series(), null, after, limit))
                        .persons(),
                columns,
                ctx.outputStream());
    }

    /**
     * Saves every person of a drill-down as a new static segment (a snapshot: it keeps these
     * persons whatever the funnel says later).
     */
    private Map<String, Object> saveAsSegment(FunnelPersonsSpec spec, JsonNode body) {
        String name = body.hasNonNull("name") ? text(body.get("name"), "name") : null;
        String description = body.hasNonNull("description") ? text(body.get("description"), "description") : "";
        SegmentService.Draft draft =
                new SegmentService.Draft(name, description, SegmentDefinition.Kind.STATIC, null, 0);
        List<String> persons = new ArrayList<>();
        String after = null;
        while (true) {
            FunnelPersonsPage page = engine.funnelPersons(new FunnelPersonsSpec(
                    spec.funnel(), spec.step(), spec.droppedOff(), spec.series(), null, after, MAX_PAGE));
            persons.addAll(page.persons());
            if (page.next() == null) {
                break;
            }
            after = page.next();
        }
        SegmentDefinition created = segments.create(draft);
        MembershipChange change = segments.replaceMembers(created.id(), persons);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", created.id());
        out.put("name", created.name());
        out.put("size", change.size());
        return out;
    }

    /** A boolean field, false when absent. */
    private static boolean flag(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid(name + " must be true or false, found " + node);
        }
        return node.booleanValue();
    }

    private static List<IdentityType> identityTypes(JsonNode node) {
        List<IdentityType> types = new ArrayList<>();
        for (String name : names(
                node,
                List.of(IdentityType.USER_ID.name(), IdentityType.PHONE.name(), IdentityType.EMAIL.name()),
                "identities")) {
            try {
                types.add(new IdentityType(name));
            } catch (IllegalArgumentException e) {
                throw invalid("identities: " + e.getMessage());
            }
        }
        return types;
    }

    private static List<String> names(JsonNode node, List<String> fallback, String what) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            throw invalid(what + " must be an array of names, found " + node);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : node) {
            names.add(text(name, what + " entry"));
        }
        return names;
    }

    private static MemberExport.PhoneForm phoneForm(String text) {
        for (MemberExport.PhoneForm form : MemberExport.PhoneForm.values()) {
            if (form.name().equalsIgnoreCase(text)) {
                return form;
            }
        }
        throw invalid("phoneForm '" + text + "' is not one of e164, digits, national");
    }
}
