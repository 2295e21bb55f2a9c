package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.RetentionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifecycle on DuckDB, aggregated inside DuckDB. One query:
 *
 * <ol>
 *   <li>{@code a}: the distinct (person, local period) pairs of activity ({@link ActivityEvents})
 *       from the start of the period before the first shown period to the end of the last one;
 *   <li>{@code s}: per pair, the person's previous and next active period ({@code lag}/{@code lead})
 *       and whether it is the person's earliest one in {@code a};
 *   <li>{@code o}: the persons active before {@code a}'s start (they cannot be new).
 * </ol>
 *
 * A pair in a shown period is new when it is the person's earliest and the person is not in {@code
 * o}; returning when the previous active period is the period just before; resurrecting otherwise.
 * A pair whose next active period is not the period just after makes the person dormant in that
 * period, when it is shown.
 */
final class DuckDbLifecycle {
    private final DuckDbDatabase database;

    DuckDbLifecycle(DuckDbDatabase database) {
        this.database = database;
    }

    LifecycleResult run(LifecycleSpec spec) {
        List<LocalDate> periods = spec.periodStarts();
        Map<LocalDate, long[]> counts = new HashMap<>();
        for (LocalDate p : periods) {
            counts.put(p, new long[4]);
        }
        if (!periods.isEmpty()) {
            count(spec, periods, counts);
        }
        List<LifecycleResult.Row> rows = new ArrayList<>(periods.size());
        for (LocalDate p : periods) {
            long[] c = counts.get(p);
            rows.add(new LifecycleResult.Row(p, c[0], c[1], c[2], -c[3]));
        }
        return new LifecycleResult(rows);
    }

    private void count(LifecycleSpec spec, List<LocalDate> periods, Map<LocalDate, long[]> counts) {
        RetentionSpec.Period period = spec.period();
        LocalDate first = periods.get(0);
        LocalDate last = periods.get(periods.size() - 1);
        Instant readFrom = spec.start(period.plus(first, -1));
        Instant readTo = spec.start(period.plus(last, 1));
        List<Object> parameters = new ArrayList<>();
        String active = ActivityEvents.of(spec.event(), spec.filters(), spec.traitFilters(), parameters);
        parameters.add(utc(readFrom));
        parameters.add(utc(readTo));
        String before = ActivityEvents.of(spec.event(), spec.filters(), spec.traitFilters(), parameters);
        parameters.add(utc(readFrom));
        String unit = period.wireName();
        // every generated piece below comes from java.time values and fixed words, never user text
        String previous = "CAST(p - INTERVAL 1 " + unit + " AS DATE)";
        String next = "CAST(p + INTERVAL 1 " + unit + " AS DATE)";
        String sql = "WITH a AS (SELECT DISTINCT person, "
                + periodOf(period, spec.range().zone(), readFrom, readTo)
                + " AS p FROM " + active + " WHERE ts >= ? AND ts < ?),"
                + " s AS (SELECT person, p, lag(p) OVER w AS prv, lead(p) OVER w AS nxt,"
                + " row_number() OVER w = 1 AS earliest FROM a WINDOW w AS (PARTITION BY person ORDER BY p)),"
                + " o AS (SELECT DISTINCT person FROM " + before + " WHERE ts < ?)"
                + " SELECT p, count(*) FILTER (WHERE earliest AND o.person IS NULL),"
                + " count(*) FILTER (WHERE prv = " + previous + "),"
                + " count(*) FILTER (WHERE NOT (earliest AND o.person IS NULL) AND prv IS DISTINCT FROM "
                + previous + "), 0"
                + " FROM s LEFT JOIN o ON o.person = s.person WHERE p >= DATE '" + first + "' GROUP BY p"
                + " UNION ALL SELECT " + next + " AS q, 0, 0, 0, count(*) FROM s"
                + " WHERE nxt IS DISTINCT FROM " + next + " AND " + next + " <= DATE '" + last + "'"
                + " GROUP BY q";
        query(database, "lifecycle", sql, parameters, rs -> {
            long[] c = counts.get(rs.getObject(1, LocalDate.class));
            for (int i = 0; i < 4; i++) {
                c[i] += rs.getLong(i + 2);
            }
        });
    }

    /** Reads each row of a query's result; failures become {@link ErrorCode#STORAGE_FAILURE}. */
    static void query(DuckDbDatabase database, String what, String sql, List<Object> parameters, RowReader reader) {
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, what + " query failed: " + e.getMessage(), e);
        }
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** SQL for the first local day of the period holding the row's {@code ts}, exact in [from, to). */
    static String periodOf(RetentionSpec.Period period, ZoneId zone, Instant from, Instant to) {
        return "CAST(date_trunc('" + period.wireName() + "', " + localDay(zone, from, to) + ") AS DATE)";
    }

    /** SQL for the local day of the row's {@code ts}, exact in [from, to). */
    static String localDay(ZoneId zone, Instant from, Instant to) {
        return "CAST(" + LocalTimeSql.localTime("ts", zone, from, to) + " AS DATE)";
    }
}
