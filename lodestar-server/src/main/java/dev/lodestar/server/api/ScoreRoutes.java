package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.invalid;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.segment.SegmentJson;
import dev.lodestar.core.segment.SegmentPrinter;
import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.engine.duckdb.scores.DuckDbScoreMatrix;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.MatrixResult;
import dev.lodestar.spi.segment.MatrixSpec;
import dev.lodestar.spi.segment.RfmGrid;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.segment.SegmentMigration;
import dev.lodestar.spi.segment.ValueTiers;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFM and value over REST: {@code GET /api/rfm/grid}, {@code GET /api/rfm/migration?from=&to=},
 * {@code GET /api/value/tiers}. See {@code docs/segments-api.md} and {@code docs/rfm-and-scores.md}.
 */
public final class ScoreRoutes {
    /** The row and column name of persons without an RFM segment at one of the two dates. */
    static final String NONE = "(none)";

    static final String OTHER = "(other)";
    static final String NOT_SET = "(not set)";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SegmentJson CONDITIONS = new SegmentJson();

    private final DuckDbPersonScores scores;
    private final DuckDbScoreMatrix matrix;
    private final ZoneId zone;
    private final Clock clock;

    public ScoreRoutes(DuckDbPersonScores scores, DuckDbScoreMatrix matrix, ZoneId zone, Clock clock) {
        this.scores = requireNonNull(scores, "scores is null");
        this.matrix = requireNonNull(matrix, "matrix is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/rfm/grid", this::grid);
        routes.get("/api/rfm/migration", this::migration);
        routes.get("/api/value/tiers", this::tiers);
        routes.post("/api/matrix", this::matrix);
    }

    private EvaluationContext context(Context ctx) {
        return context(ctx.queryParam("asOf"));
    }

    private EvaluationContext context(String text) {
        if (text == null || text.isBlank()) {
            // the current minute, as segments use it: both share the computed scores
            return new EvaluationContext(clock.instant().truncatedTo(ChronoUnit.MINUTES), zone);
        }
        try {
            return new EvaluationContext(Instant.parse(text), zone);
        } catch (DateTimeParseException e) {
            throw invalid("asOf '" + text + "' is not an instant (expected e.g. 2026-01-31T00:00:00Z)");
        }
    }

    private void grid(Context ctx) {
        EvaluationContext context = context(ctx);
        RfmGrid grid = scores.grid(context);
        List<Map<String, Object>> cells = new ArrayList<>();
        long buyers = 0;
        for (RfmGrid.Cell cell : grid.cells()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("r", cell.r());
            out.put("f", cell.f());
            out.put("persons", cell.persons());
            out.put("revenue", cell.revenue());
            cells.add(out);
            buyers += cell.persons();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", grid.asOf().toString());
        out.put("buyers", buyers);
        out.put("cells", cells);
        // the named segments, all eleven, from a one-dimension matrix
        MatrixResult bySegment = matrix.matrix(
                new MatrixSpec(List.of(new MatrixSpec.Dimension(new Field("rfm", "segment"), 50))), context);
        List<Map<String, Object>> segments = new ArrayList<>();
        for (String name : SegmentFields.RFM_SEGMENTS) {
            long persons = 0;
            double revenue = 0;
            for (MatrixResult.Cell cell : bySegment.cells()) {
                MatrixResult.Key key = cell.keys().get(0);
                if (key.kind() == MatrixResult.Kind.VALUE && key.value().equals(name)) {
                    persons += cell.persons();
                    revenue += cell.revenue();
                }
            }
            Map<String, Object> segment = new LinkedHashMap<>();
            segment.put("name", name);
            segment.put("persons", persons);
            segment.put("revenue", revenue);
            segments.add(segment);
        }
        out.put("segments", segments);
        ctx.json(out);
    }

    private void matrix(Context ctx) {
        JsonNode body;
        try {
            body = MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw invalid("body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject() || !body.path("dimensions").isArray()) {
            throw invalid(
                    "body must be a JSON object with \"dimensions\": [{\"field\": \"trait.city_tier\", \"top\": 10}, ...]");
        }
        List<MatrixSpec.Dimension> dimensions = new ArrayList<>();
        for (JsonNode dimension : body.get("dimensions")) {
            String field = JsonSpecs.text(dimension.get("field"), "dimension field");
            int dot = field.indexOf('.');
            if (dot <= 0 || dot == field.length() - 1) {
                throw invalid(
                        "dimension field '" + field + "' is not namespace.name (e.g. trait.city_tier, rfm.segment)");
            }
            int top = dimension.has("top")
                    ? JsonSpecs.positiveInt(dimension.get("top"), "top")
                    : MatrixSpec.Dimension.DEFAULT_TOP;
            dimensions.add(new MatrixSpec.Dimension(new Field(field.substring(0, dot), field.substring(dot + 1)), top));
        }
        EvaluationContext context =
                context(body.hasNonNull("asOf") ? body.get("asOf").asText() : null);
        MatrixResult result = matrix.matrix(new MatrixSpec(dimensions), context);
        List<Map<String, Object>> dims = new ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            dims.add(Map.of(
                    "field",
                    dimensions.get(i).field().toString(),
                    "values",
                    result.topValues().get(i)));
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (MatrixResult.Cell cell : result.cells()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(
                    "values",
                    cell.keys().stream()
                            .map(k -> switch (k.kind()) {
                                case VALUE -> k.value();
                                case OTHER -> OTHER;
                                case NOT_SET -> NOT_SET;
                            })
                            .toList());
            out.put("persons", cell.persons());
            out.put("buyers", cell.buyers());
            out.put("revenue", cell.revenue());
            out.put("conversion", cell.conversion());
            Condition condition = result.condition(cell);
            out.put("text", SegmentPrinter.print(condition));
            out.put("condition", CONDITIONS.toJson(condition));
            cells.add(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", result.asOf().toString());
        out.put("dimensions", dims);
        out.put("cells", cells);
        ctx.json(out);
    }

    private void migration(Context ctx) {
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (!from.isBefore(to)) {
            throw invalid("from " + from + " must be before to " + to);
        }
        // the scores as of the end of each day
        SegmentMigration migration = scores.migration(
                from.plusDays(1).atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant());
        List<String> names = new ArrayList<>(SegmentFields.RFM_SEGMENTS);
        names.add(NONE);
        long[][] counts = new long[names.size()][names.size()];
        for (SegmentMigration.Flow flow : migration.flows()) {
            int row = names.indexOf(flow.fromSegment() == null ? NONE : flow.fromSegment());
            int column = names.indexOf(flow.toSegment() == null ? NONE : flow.toSegment());
            counts[row][column] += flow.persons();
        }
        // non-buyers at both dates are not a migration
        counts[names.size() - 1][names.size() - 1] = 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("segments", names);
        out.put("counts", counts);
        ctx.json(out);
    }

    private void tiers(Context ctx) {
        ValueTiers tiers = scores.valueTiers(context(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", tiers.asOf().toString());
        out.put("deciles", tiers.deciles().stream().map(t -> tier("decile", t)).toList());
        out.put("abc", tiers.abc().stream().map(t -> tier("tier", t)).toList());
        ctx.json(out);
    }

    private static Map<String, Object> tier(String key, ValueTiers.Tier tier) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, key.equals("decile") ? Integer.parseInt(tier.tier()) : tier.tier());
        out.put("persons", tier.persons());
        out.put("revenue", tier.revenue());
        out.put("share", tier.share());
        return out;
    }

    private static LocalDate date(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            throw invalid(name + " is missing (a date such as 2026-01-31)");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " '" + text + "' is not a date (expected e.g. 2026-01-31)");
        }
    }
}
