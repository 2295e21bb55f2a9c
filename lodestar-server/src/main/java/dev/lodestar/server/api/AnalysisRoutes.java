package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.core.analysis.FunnelJson;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.SavedAnalysis;
import dev.lodestar.spi.analysis.SavedAnalysisStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved analyses: a kind, a name unique per kind, and the spec as the JSON its route accepts.
 *
 * <pre>
 * GET    /api/analyses?kind=funnel          the saved analyses (of a kind), by kind and name
 * GET    /api/analyses/{id}                 one
 * POST   /api/analyses                      {"kind": "funnel", "name": "浏览未购买", "spec": {...}} -> 201
 * PUT    /api/analyses/{id}                 {"name", "spec"} (the kind stays) -> the analysis
 * DELETE /api/analyses/{id}                 -> 204
 * GET    /api/analyses/{id}/run             the answer of POST /api/funnel or /api/retention to the spec
 *                                           (or /api/lifecycle, /api/stickiness, /api/paths)
 * GET    /api/analyses/{id}/persons         a saved funnel's drill-down: ?step=&amp;dropped=&amp;after=&amp;limit=
 * GET    /api/analyses/{id}/persons.csv     the same, every person as CSV
 * </pre>
 *
 * Funnel, retention, lifecycle, stickiness and paths specs are checked when saved (the same errors as their routes give); trend
 * and distribution specs only need to be JSON objects, and cannot be run here yet.
 */
public final class AnalysisRoutes {
    private final SavedAnalysisStore store;
    private final FunnelRoutes funnels;
    private final RetentionRoutes retention;
    private final FunnelPersonsRoutes drillDown;
    private final ActivityRoutes activity;
    private final ZoneId zone;

    public AnalysisRoutes(
            SavedAnalysisStore store,
            FunnelRoutes funnels,
            RetentionRoutes retention,
            FunnelPersonsRoutes drillDown,
            ActivityRoutes activity,
            ZoneId zone) {
        this.store = requireNonNull(store, "store is null");
        this.funnels = requireNonNull(funnels, "funnels is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.drillDown = requireNonNull(drillDown, "drillDown is null");
        this.activity = requireNonNull(activity, "activity is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/analyses", this::list);
        routes.post("/api/analyses", this::create);
        routes.get("/api/analyses/{id}", ctx -> ctx.json(json(saved(ctx))));
        routes.put("/api/analyses/{id}", this::update);
        routes.delete("/api/analyses/{id}", this::delete);
        routes.get("/api/analyses/{id}/run", this::run);
        routes.get("/api/analyses/{id}/persons", ctx -> {
            FunnelJson.Request funnel = savedFunnel(ctx);
            ctx.json(drillDown.page(drillDown.drillDown(funnel, query(ctx))));
        });
        routes.get("/api/analyses/{id}/persons.csv", ctx -> {
            FunnelJson.Request funnel = savedFunnel(ctx);
            JsonNode query = query(ctx);
            drillDown.csv(ctx, drillDown.drillDown(funnel, query), query);
        });
    }

    private void list(Context ctx) {
        String kind = ctx.queryParam("kind");
        if (kind != null && !kind.isBlank()) {
            checkKind(kind);
        }
        List<SavedAnalysis> all = store.list(kind == null || kind.isBlank() ? null : kind);
        ctx.json(all.stream().map(AnalysisRoutes::json).toList());
    }

    private void create(Context ctx) {
        JsonNode body = SpecJson.object(ctx.body(), " with \"kind\", \"name\" and \"spec\"");
        String kind = checkKind(text(body.get("kind"), "kind"));
        String name = name(body);
        JsonNode spec = spec(kind, body.get("spec"));
        ctx.status(201).json(json(store.create(kind, name, spec.toString())));
    }

    private void update(Context ctx) {
        SavedAnalysis current = saved(ctx);
        JsonNode body = SpecJson.object(ctx.body(), " with \"name\" and \"spec\"");
        if (body.hasNonNull("kind") && !current.kind().equals(body.get("kind").asText())) {
            throw invalid("kind cannot change (analysis " + current.id() + " is a " + current.kind() + ")");
        }
        String name = body.hasNonNull("name") ? name(body) : current.name();
        String spec =
                body.hasNonNull("spec") ? spec(current.kind(), body.get("spec")).toString() : current.spec();
        ctx.json(json(store.update(current.id(), name, spec)));
    }

    private void delete(Context ctx) {
        long id = id(ctx);
        if (!store.delete(id)) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    private void run(Context ctx) {
        SavedAnalysis saved = saved(ctx);
        JsonNode spec = SpecJson.object(saved.spec(), "");
        Map<String, Object> answer =
                switch (saved.kind()) {
                    case "funnel" -> funnels.answer(spec);
                    case "retention" -> retention.answer(spec);
                    case "lifecycle", "stickiness", "paths" -> activity.answer(saved.kind(), spec);
                    default ->
                        throw invalid("saved " + saved.kind() + " analyses cannot be run here yet;"
                                + " send the spec to the " + saved.kind() + " route");
                };
        Map<String, Object> out = new LinkedHashMap<>(json(saved));
        out.put("result", answer);
        ctx.json(out);
    }

    /** The spec of a saved funnel, read as of today. */
    private FunnelJson.Request savedFunnel(Context ctx) {
        SavedAnalysis saved = saved(ctx);
        if (!saved.kind().equals("funnel")) {
            throw invalid("analysis " + saved.id() + " is a " + saved.kind() + ", not a funnel");
        }
        return FunnelJson.read(SpecJson.object(saved.spec(), ""), zone, LocalDate.now(zone));
    }

    /** The query parameters of a drill-down as the JSON fields {@link FunnelPersonsRoutes} reads. */
    private static JsonNode query(Context ctx) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            if (param.getValue().isEmpty()) {
                continue;
            }
            String value = param.getValue().get(0);
            switch (param.getKey()) {
                case "step", "limit" -> node.put(param.getKey(), number(param.getKey(), value));
                case "dropped", "hashed" -> node.put(param.getKey(), bool(param.getKey(), value));
                case "identities", "traits" -> {
                    ArrayNode array = node.putArray(param.getKey());
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            array.add(part.strip());
                        }
                    }
                }
                default -> node.put(param.getKey(), value);
            }
        }
        return node;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name + " '" + value + "' is not a whole number");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " '" + value + "' is not true or false");
        };
    }

    /** Checks a spec as its route would, and answers it as the JSON to keep. */
    private JsonNode spec(String kind, JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            throw invalid("spec must be a JSON object (the body of the " + kind + " route)");
        }
        switch (kind) {
            case "funnel" -> FunnelJson.read(spec, zone, LocalDate.now(zone));
            case "retention" -> retention.read(spec);
            case "lifecycle", "stickiness", "paths" -> activity.check(kind, spec);
            default -> {
                // trends and distributions are checked by their routes when run
            }
        }
        return spec;
    }

    private static String name(JsonNode body) {
        try {
            return SavedAnalysis.checkName(text(body.get("name"), "name"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String checkKind(String kind) {
        try {
            return SavedAnalysis.checkKind(kind);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private SavedAnalysis saved(Context ctx) {
        long id = id(ctx);
        return store.get(id).orElseThrow(() -> notFound(id));
    }

    private static long id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid("analysis id '" + text + "' is not a number");
        }
    }

    private static LodestarException notFound(long id) {
        return new LodestarException(ErrorCode.NOT_FOUND, "no saved analysis with id " + id);
    }

    private static Map<String, Object> json(SavedAnalysis saved) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", saved.id());
        out.put("kind", saved.kind());
        out.put("name", saved.name());
        out.put("spec", SpecJson.object(saved.spec(), ""));
        out.put("createdAt", saved.createdAt().toString());
        out.put("updatedAt", saved.updatedAt().toString());
        return out;
    }
}
