package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.invalid;
import static dev.lodestar.server.api.JsonSpecs.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.IdentifierList;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.core.segment.SegmentExplain;
import dev.lodestar.core.segment.SegmentService;
import dev.lodestar.core.segment.SegmentSyntaxException;
import dev.lodestar.server.ErrorResponses;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentEngine;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.segment.SegmentPreview;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Saved segments over REST: parse and explain a rule, preview it, create, change and delete
 * segments, evaluate them, page and export their members, upload static lists, membership history,
 * sizes and overlap. See {@code docs/segments-api.md}.
 */
public final class SegmentRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PAGE = 1000;

    private final SegmentService segments;
    private final PersonService persons;
    private final MemberExport export;
    private final Supplier<List<String>> eventNames;

    public SegmentRoutes(
            SegmentService segments, PersonService persons, MemberExport export, Supplier<List<String>> eventNames) {
        this.segments = requireNonNull(segments, "segments is null");
        this.persons = requireNonNull(persons, "persons is null");
        this.export = requireNonNull(export, "export is null");
        this.eventNames = requireNonNull(eventNames, "eventNames is null");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/segments/parse", ctx -> withPosition(ctx, () -> ctx.json(parse(body(ctx)))));
        routes.get("/api/segments/catalog", ctx -> ctx.json(catalog()));
        routes.post("/api/segments/preview", ctx -> withPosition(ctx, () -> preview(ctx)));
        routes.get("/api/segments/overlap", this::overlap);
        routes.get(
                "/api/segments",
                ctx -> ctx.json(segments.list().stream().map(this::segment).toList()));
        routes.post(
                "/api/segments",
                ctx -> withPosition(ctx, () -> {
                    SegmentDefinition created = segments.create(draft(body(ctx)));
                    ctx.status(201).json(segment(created));
                }));
        routes.get("/api/segments/{id}", ctx -> ctx.json(segment(segments.get(ctx.pathParam("id")))));
        routes.put(
                "/api/segments/{id}",
                ctx -> withPosition(
                        ctx, () -> ctx.json(segment(segments.update(ctx.pathParam("id"), draft(body(ctx)))))));
        routes.delete("/api/segments/{id}", ctx -> {
            segments.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/segments/{id}/refresh", this::refresh);
        routes.get("/api/segments/{id}/members", this::members);
        routes.post("/api/segments/{id}/members", this::upload);
        routes.get("/api/segments/{id}/export", this::export);
        routes.get("/api/segments/{id}/history", this::history);
        routes.get(
                "/api/segments/{id}/sizes",
                ctx -> ctx.json(segments
                        .engine()
                        .sizes(segments.get(ctx.pathParam("id")).id())
                        .stream()
                        .map(SegmentRoutes::change)
                        .toList()));
    }

    /** Runs an action; a syntax error answers 400 with its line and column in {@code details}. */
    private static void withPosition(Context ctx, Runnable action) {
        try {
            action.run();
        } catch (SegmentSyntaxException e) {
            ctx.status(400)
                    .json(ErrorResponses.body(
                            ErrorCode.INVALID_ARGUMENT,
                            e.getMessage(),
                            Map.of("line", e.line(), "column", e.column())));
        }
    }

    private static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw invalid("body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw invalid("body must be a JSON object");
        }
        return body;
    }

    /** The rule of a body: {@code text} or {@code condition}; null when neither is there. */
    private Condition condition(JsonNode body) {
        if (body.hasNonNull("text") && body.hasNonNull("condition")) {
            throw invalid("give the rule either as \"text\" or as \"condition\", not both");
        }
        if (body.hasNonNull("text")) {
            return segments.parse(text(body.get("text"), "text"));
        }
        if (body.hasNonNull("condition")) {
            return segments.fromJson(body.get("condition").toString());
        }
        return null;
    }

    private Map<String, Object> parse(JsonNode body) {
        Condition condition = condition(body);
        if (condition == null) {
            throw invalid("give the rule as \"text\" or as \"condition\"");
        }
        return rule(condition);
    }

    private Map<String, Object> rule(Condition condition) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", segments.text(condition));
        out.put("condition", json(segments.json(condition)));
        out.put(
                "explain",
                Map.of(
                        "en",
                        SegmentExplain.explain(condition, Locale.ENGLISH),
                        "zh-CN",
                        SegmentExplain.explain(condition, Locale.SIMPLIFIED_CHINESE)));
        return out;
    }

    private Map<String, Object> catalog() {
        SegmentCatalog catalog = segments.engine().catalog();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("traits", catalog.traits().stream().sorted().toList());
        out.put(
                "computed",
                SegmentFields.ALL.stream()
                        .map(c -> Map.of(
                                "field", c.field().toString(),
                                "type", c.type().name().toLowerCase(Locale.ROOT),
                                "allowed", c.allowed(),
                                "description", c.description()))
                        .toList());
        out.put("segments", catalog.segments().stream().sorted().toList());
        out.put("funnels", catalog.funnels().stream().sorted().toList());
        out.put("interests", catalog.interests().stream().sorted().toList());
        out.put("events", eventNames.get());
        out.put("rfmSegments", SegmentFields.RFM_SEGMENTS);
        return out;
    }

    private void preview(Context ctx) {
        JsonNode body = body(ctx);
        Condition condition = condition(body);
        if (condition == null) {
            throw invalid("give the rule as \"text\" or as \"condition\"");
        }
        int sample = body.has("sample") ? wholeNumber(body.get("sample"), "sample") : 20;
        SegmentPreview preview = segments.preview(condition, instant(body.get("asOf"), "asOf"), sample);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("size", preview.size());
        out.put("population", preview.population());
        out.put("sample", summaries(preview.sample()));
        out.put("millis", preview.millis());
        out.putAll(rule(condition));
        ctx.json(out);
    }

    private SegmentService.Draft draft(JsonNode body) {
        String kindText = body.hasNonNull("kind") ? text(body.get("kind"), "kind") : "dynamic";
        SegmentDefinition.Kind kind;
        try {
            kind = SegmentDefinition.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("kind '" + kindText + "' is not one of dynamic, static");
        }
        return new SegmentService.Draft(
                body.hasNonNull("name") ? text(body.get("name"), "name") : null,
                body.hasNonNull("description") ? text(body.get("description"), "description") : "",
                kind,
                condition(body),
                body.has("refreshMinutes") ? wholeNumber(body.get("refreshMinutes"), "refreshMinutes") : 60);
    }

    private Map<String, Object> segment(SegmentDefinition segment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", segment.id());
        out.put("name", segment.name());
        out.put("description", segment.description());
        out.put("kind", segment.kind().name().toLowerCase(Locale.ROOT));
        if (segment.condition() != null) {
            out.putAll(rule(segment.condition()));
        }
        out.put("refreshMinutes", segment.refreshMinutes());
        out.put("createdAt", segment.createdAt().toString());
        out.put("updatedAt", segment.updatedAt().toString());
        Optional<MembershipChange> last = segments.lastSize(segment.id());
        out.put("size", last.map(MembershipChange::size).orElse(null));
        out.put("lastRefresh", last.map(c -> c.at().toString()).orElse(null));
        return out;
    }

    private void refresh(Context ctx) {
        String id = ctx.pathParam("id");
        Instant asOf = null;
        if (!ctx.body().isBlank()) {
            asOf = instant(body(ctx).get("asOf"), "asOf");
        }
        ctx.json(change(segments.refresh(id, asOf)));
    }

    private static Map<String, Object> change(MembershipChange change) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", change.segment());
        out.put("at", change.at().toString());
        out.put("size", change.size());
        out.put("entered", change.entered());
        out.put("exited", change.exited());
        return out;
    }

    private void members(Context ctx) {
        SegmentDefinition segment = segments.get(ctx.pathParam("id"));
        int limit = limit(ctx, 50);
        List<String> page = segments.engine().currentMembers(segment.id(), ctx.queryParam("after"), limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", summaries(page));
        out.put("next", page.size() == limit ? page.get(page.size() - 1) : null);
        ctx.json(out);
    }

    private List<Map<String, Object>> summaries(List<String> ids) {
        return export.summaries(ids);
    }

    private void upload(Context ctx) {
        SegmentDefinition segment = segments.get(ctx.pathParam("id"));
        String body = ctx.body();
        List<String> ids;
        Map<String, Object> out = new LinkedHashMap<>();
        if (body.stripLeading().startsWith("{")) {
            JsonNode json = body(ctx);
            JsonNode list = json.get("persons");
            if (list == null || !list.isArray()) {
                throw invalid("a JSON body needs \"persons\": an array of person ids");
            }
            ids = new ArrayList<>();
            for (JsonNode id : list) {
                ids.add(text(id, "a person id"));
            }
        } else {
            IdentifierList.Result result = new IdentifierList(persons).resolve(Arrays.asList(body.split("\r?\n", -1)));
            ids = result.persons();
            out.put("lines", result.lines());
            out.put("matched", result.matched());
            out.put("unmatchedCount", result.unmatchedCount());
            out.put("unmatched", result.unmatched());
            out.put("invalidCount", result.invalidCount());
            out.put("invalid", result.invalid());
        }
        MembershipChange change = segments.replaceMembers(segment.id(), ids);
        out.put("size", change.size());
        out.put("entered", change.entered());
        out.put("exited", change.exited());
        ctx.json(out);
    }

    private void export(Context ctx) {
        SegmentDefinition segment = segments.get(ctx.pathParam("id"));
        String formatText = Optional.ofNullable(ctx.queryParam("format")).orElse("csv");
        MemberExport.Format format;
        try {
            format = MemberExport.Format.valueOf(formatText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("format '" + formatText + "' is not one of csv, xlsx");
        }
        List<IdentityType> identities = new ArrayList<>();
        for (String name : list(ctx.queryParam("identities"), "phone,email")) {
            identities.add(persons.type(name).orElseThrow(() -> invalid("identity type '" + name + "' is not known")));
        }
        String phoneFormText = Optional.ofNullable(ctx.queryParam("phoneForm")).orElse("e164");
        MemberExport.PhoneForm phoneForm;
        try {
            phoneForm = MemberExport.PhoneForm.valueOf(phoneFormText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("phoneForm '" + phoneFormText + "' is not one of e164, digits, national");
        }
        MemberExport.Options options = new MemberExport.Options(
                identities,
                list(ctx.queryParam("traits"), ""),
                "true".equals(ctx.queryParam("hashed")),
                phoneForm,
                format);
        SegmentEngine engine = segments.engine();
        String extension = format == MemberExport.Format.CSV ? "csv" : "xlsx";
        ctx.header("Content-Disposition", "attachment; filename=\"segment-" + segment.id() + "." + extension + "\"");
        ctx.contentType(
                format == MemberExport.Format.CSV
                        ? "text/csv; charset=utf-8"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        export.write((after, limit) -> engine.currentMembers(segment.id(), after, limit), options, ctx.outputStream());
    }

    private void history(Context ctx) {
        SegmentDefinition segment = segments.get(ctx.pathParam("id"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (SegmentEngine.MembershipEvent event :
                segments.engine().history(segment.id(), ctx.queryParam("person"), limit(ctx, 100))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("person", event.person());
            row.put("enteredAt", event.enteredAt().toString());
            row.put(
                    "exitedAt",
                    event.exitedAt() == null ? null : event.exitedAt().toString());
            out.add(row);
        }
        ctx.json(out);
    }

    private void overlap(Context ctx) {
        List<String> ids = list(ctx.queryParam("ids"), "");
        if (ids.size() < 2 || ids.size() > 5) {
            throw invalid("overlap needs 2 to 5 segment ids in ids=a,b,..., got " + ids.size());
        }
        ids.forEach(segments::get);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (SegmentEngine.OverlapCell cell : segments.engine().overlap(ids)) {
            List<String> in = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if ((cell.mask() & (1 << i)) != 0) {
                    in.add(ids.get(i));
                }
            }
            cells.add(Map.of("segments", in, "persons", cell.persons()));
        }
        ctx.json(Map.of("ids", ids, "cells", cells));
    }

    private static List<String> list(String text, String fallback) {
        String value = text == null ? fallback : text;
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static int limit(Context ctx, int fallback) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("limit must be 1 to " + MAX_PAGE + ", got '" + text + "'");
    }

    private static int wholeNumber(JsonNode node, String what) {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            throw invalid(what + " must be a whole number of at least 0, found " + node);
        }
        return node.asInt();
    }

    private static Instant instant(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return null;
        }
        String value = text(node, what);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    what + " '" + value + "' is not an instant (expected e.g. 2026-01-31T00:00:00Z)");
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a condition's JSON form does not parse", e);
        }
    }
}
