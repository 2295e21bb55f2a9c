package dev.lodestar.server.api;

import static dev.lodestar.server.api.JsonSpecs.invalid;
import static java.util.Objects.requireNonNull;

import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.spi.segment.EvaluationContext;
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

    private final DuckDbPersonScores scores;
    private final ZoneId zone;
    private final Clock clock;

    public ScoreRoutes(DuckDbPersonScores scores, ZoneId zone, Clock clock) {
        this.scores = requireNonNull(scores, "scores is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/rfm/grid", this::grid);
        routes.get("/api/rfm/migration", this::migration);
        routes.get("/api/value/tiers", this::tiers);
    }

    private EvaluationContext context(Context ctx) {
        String text = ctx.queryParam("asOf");
        if (text == null || text.isBlank()) {
            return new EvaluationContext(clock.instant(), zone);
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
