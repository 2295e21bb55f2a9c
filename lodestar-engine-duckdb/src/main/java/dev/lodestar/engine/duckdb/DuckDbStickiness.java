package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stickiness on DuckDB, aggregated inside DuckDB: the activity events ({@link ActivityEvents}) of the
 * shown periods, each with its local day ({@link LocalTimeSql}); per (person, period) the number of
 * distinct days; per (period, days) the number of persons. Only that small table crosses JDBC.
 */
final class DuckDbStickiness {
    private final DuckDbDatabase database;

    DuckDbStickiness(DuckDbDatabase database) {
        this.database = database;
    }

    StickinessResult run(StickinessSpec spec) {
        List<LocalDate> periods = spec.periodStarts();
        Map<LocalDate, long[]> counts = new HashMap<>();
        for (LocalDate p : periods) {
            counts.put(p, new long[spec.days(p)]);
        }
        if (!periods.isEmpty()) {
            query(spec, periods, counts);
        }
        List<StickinessResult.Row> rows = new ArrayList<>(periods.size());
        for (LocalDate p : periods) {
            rows.add(new StickinessResult.Row(
                    p, Arrays.stream(counts.get(p)).boxed().toList()));
        }
        return new StickinessResult(rows);
    }

    private void query(StickinessSpec spec, List<LocalDate> periods, Map<LocalDate, long[]> counts) {
        Instant readFrom = spec.start(periods.get(0));
        Instant readTo = spec.start(spec.period().plus(periods.get(periods.size() - 1), 1));
        List<Object> parameters = new ArrayList<>();
        String activity = ActivityEvents.of(spec.event(), spec.filters(), spec.traitFilters(), parameters);
        parameters.add(utc(readFrom));
        parameters.add(utc(readTo));
        String sql = "SELECT p, n, count(*) FROM (SELECT person, CAST(date_trunc('"
                + spec.period().wireName() + "', d) AS DATE) AS p, count(DISTINCT d) AS n FROM (SELECT person, "
                + DuckDbLifecycle.localDay(spec.range().zone(), readFrom, readTo)
                + " AS d FROM " + activity + " WHERE ts >= ? AND ts < ?)"
                + " GROUP BY person, p) GROUP BY p, n";
        DuckDbLifecycle.query(
                database,
                "stickiness",
                sql,
                parameters,
                rs -> counts.get(rs.getObject(1, LocalDate.class))[rs.getInt(2) - 1] += rs.getLong(3));
    }
}
