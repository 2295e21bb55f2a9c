package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.RetentionResult;
import dev.lodestar.spi.analysis.RetentionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retention on DuckDB, aggregated inside DuckDB so that only the table crosses JDBC. One query:
 *
 * <ol>
 *   <li>{@code g}: the cohort and return events from the first cohort period's start to the
 *       observation end (for bounded cells, only to the end of the last cohort's period N), each
 *       cut into its local period ({@link LocalTimeSql}, then {@code date_trunc}), grouped by
 *       (person, period): did the person do the cohort event there, the return event, and the
 *       breakdown value of their earliest cohort event there. For first-time cohorts an anti-join
 *       removes persons with a cohort event before the first cohort period (their first time is
 *       earlier).
 *   <li>{@code coh}: the person's cohort rows (every period with the cohort event, or the first);
 *       for a trait breakdown, each with the person's current trait value ({@link
 *       DuckDbTrends#currentTrait()}) instead of the event property.
 *   <li>per (value, cohort): the size; for "on", the persons per period difference k in 1..N of a
 *       return period; for "on or after", the persons per difference to their last return period
 *       (capped at N), which Java adds to every cell 1..k.
 * </ol>
 */
final class DuckDbRetention {
    private final DuckDbDatabase database;

    DuckDbRetention(DuckDbDatabase database) {
        this.database = database;
    }

    RetentionResult run(RetentionSpec spec) {
        List<LocalDate> cohorts = spec.cohortStarts();
        int n = spec.periods();
        RetentionSpec.Period period = spec.period();
        Map<LocalDate, Integer> cohortIndex = new HashMap<>();
        for (int i = 0; i < cohorts.size(); i++) {
            cohortIndex.put(cohorts.get(i), i);
        }
        Map<String, long[][]> table = new HashMap<>();
        if (spec.breakdown() == null) {
            table.put(null, new long[cohorts.size()][n + 2]);
        }
        Instant asOf = spec.asOf();
        if (!cohorts.isEmpty() && spec.start(cohorts.get(0)).isBefore(asOf)) {
            Instant readFrom = spec.start(cohorts.get(0));
            // bounded cells end with period N of the last cohort; unbounded ones read to the end
            Instant readTo = asOf;
            if (spec.mode() == RetentionSpec.Mode.ON) {
                Instant lastCell = spec.start(period.plus(cohorts.get(cohorts.size() - 1), n + 1));
                readTo = lastCell.isBefore(asOf) ? lastCell : asOf;
            }
            query(spec, readFrom, readTo, cohorts, cohortIndex, table);
        }
        List<RetentionResult.Series> series = new ArrayList<>();
        for (Map.Entry<String, long[][]> entry : table.entrySet()) {
            List<RetentionResult.Cohort> rows = new ArrayList<>(cohorts.size());
            for (int i = 0; i < cohorts.size(); i++) {
                LocalDate c = cohorts.get(i);
                long[] row = entry.getValue()[i];
                List<Long> counts = new ArrayList<>(n + 1);
                for (int k = 0; k <= n; k++) {
                    counts.add(row[k + 1]);
                }
                int complete = 0;
                while (complete <= n
                        && !spec.start(period.plus(c, complete + 1)).isAfter(asOf)) {
                    complete++;
                }
                rows.add(new RetentionResult.Cohort(c, row[0], counts, complete));
            }
            series.add(new RetentionResult.Series(entry.getKey(), rows));
        }
        series.sort(ORDER);
        return new RetentionResult(n, series);
    }

    /** Series order: total cohort size, largest first; then value, null last. */
    static final Comparator<RetentionResult.Series> ORDER = Comparator.comparingLong(
                    (RetentionResult.Series s) -> -s.persons())
            .thenComparing(RetentionResult.Series::breakdownValue, Comparator.nullsLast(Comparator.naturalOrder()));

    private void query(
            RetentionSpec spec,
            Instant readFrom,
            Instant readTo,
            List<LocalDate> cohorts,
            Map<LocalDate, Integer> cohortIndex,
            Map<String, long[][]> table) {
        List<Object> parameters = new ArrayList<>();
        String cohortSql = condition(spec.cohortEvent(), parameters);
        String returnSql = condition(spec.returnEvent(), parameters);
        boolean byEvent = spec.breakdown() != null && !spec.breakdownByTrait();
        String breakdownSql = byEvent ? FilterSql.property(spec.breakdown(), parameters) : "NULL";
        String local = LocalTimeSql.localTime("ts", spec.range().zone(), readFrom, readTo);
        StringBuilder sql = new StringBuilder()
                .append("WITH g AS (SELECT person, p, bool_or(c) AS c, bool_or(r) AS r, ")
                // the ordered aggregate sorts each group: only when there is a breakdown
                .append(byEvent ? "first(bd ORDER BY ts, bd NULLS FIRST) FILTER (WHERE c)" : "NULL")
                .append(" AS v FROM (SELECT person, ts, CAST(date_trunc('")
                .append(spec.period().wireName())
                .append("', CAST(")
                .append(local)
                .append(" AS DATE)) AS DATE) AS p, coalesce(")
                .append(cohortSql)
                .append(", false) AS c, coalesce(")
                .append(returnSql)
                .append(", false) AS r, ")
                .append(breakdownSql)
                .append(" AS bd FROM resolved_events WHERE ts >= ? AND ts < ? AND event IS NOT NULL");
        parameters.add(utc(readFrom));
        parameters.add(utc(readTo));
        if (spec.cohortEvent() != null && spec.returnEvent() != null) {
            sql.append(" AND event IN (?, ?)");
            parameters.add(spec.cohortEvent());
            parameters.add(spec.returnEvent());
        }
        if (spec.cohortType() == RetentionSpec.CohortType.FIRST_TIME) {
            // persons whose first cohort event is before the first cohort period are in no cohort
            sql.append(" AND person NOT IN (SELECT person FROM resolved_events"
                    + " WHERE ts < ? AND event IS NOT NULL AND person IS NOT NULL");
            parameters.add(utc(readFrom));
            if (spec.cohortEvent() != null) {
                sql.append(" AND event = ?");
                parameters.add(spec.cohortEvent());
            }
            sql.append(")");
        }
        sql.append(") GROUP BY person, p), ");
        // the cohort rows of each person: every period with the cohort event, or the first one
        String last = "DATE '" + cohorts.get(cohorts.size() - 1) + "'"; // from java.time, not user text
        // a trait breakdown: the person's current value, the same in all their cohorts
        String valueSql = spec.breakdownByTrait() ? "tr.text" : "g.v";
        String trait = "";
        if (spec.breakdownByTrait()) {
            trait = " LEFT JOIN (" + DuckDbTrends.currentTrait() + ") tr ON tr.person = g.person";
        }
        if (spec.cohortType() == RetentionSpec.CohortType.FIRST_TIME) {
            sql.append("f AS (SELECT person, min(p) AS cp FROM g WHERE c GROUP BY person), ")
                    .append("coh AS (SELECT g.person, g.p AS cp, ")
                    .append(valueSql)
                    .append(" AS v FROM g JOIN f ON g.person = f.person AND g.p = f.cp")
                    .append(trait)
                    .append(" WHERE f.cp <= ")
                    .append(last)
                    .append(")");
        } else {
            sql.append("coh AS (SELECT g.person, g.p AS cp, ")
                    .append(valueSql)
                    .append(" AS v FROM g")
                    .append(trait)
                    .append(" WHERE g.c AND g.p <= ")
                    .append(last)
                    .append(")");
        }
        if (spec.breakdownByTrait()) {
            parameters.add(spec.breakdown());
        }
        int n = spec.periods();
        String diff =
                switch (spec.period()) {
                    case DAY -> "date_diff('day', coh.cp, %s)";
                    case WEEK -> "(date_diff('day', coh.cp, %s) // 7)";
                    case MONTH -> "date_diff('month', coh.cp, %s)";
                };
        // kind 0: cohort sizes; kind 1: persons returning in period k; kind 2: persons whose last
        // return is in period k (k capped at N), to be added to every cell 1..k
        sql.append(" SELECT 0 AS kind, v, cp, 0 AS k, count(*) FROM coh GROUP BY ALL");
        if (spec.mode() == RetentionSpec.Mode.ON) {
            sql.append(" UNION ALL SELECT 1, v, cp, k, count(*) FROM (SELECT coh.v, coh.cp, ")
                    .append(diff.formatted("g.p"))
                    .append(" AS k FROM coh JOIN g ON g.person = coh.person AND g.r AND g.p > coh.cp)")
                    .append(" WHERE k <= ")
                    .append(n)
                    .append(" GROUP BY ALL");
        } else {
            sql.append(" UNION ALL SELECT 2, v, cp, least(k, ")
                    .append(n)
                    .append("), count(*) FROM (SELECT coh.v, coh.cp, ")
                    .append(diff.formatted("l.lp"))
                    .append(" AS k FROM coh JOIN (SELECT person, max(p) AS lp FROM g WHERE r GROUP BY person) l")
                    .append(" ON l.person = coh.person AND l.lp > coh.cp) GROUP BY ALL");
        }

        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    int kind = rs.getInt(1);
                    String value = rs.getString(2);
                    Integer index = cohortIndex.get(rs.getObject(3, LocalDate.class));
                    int k = rs.getInt(4);
                    long persons = rs.getLong(5);
                    long[] row = table.computeIfAbsent(value, v -> new long[cohorts.size()][n + 2])[index];
                    switch (kind) {
                        case 0 -> {
                            row[0] += persons;
                            row[1] += persons; // cell 0: the cohort event itself
                        }
                        case 1 -> row[k + 1] += persons;
                        default -> {
                            for (int cell = 1; cell <= k; cell++) {
                                row[cell + 1] += persons;
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "retention query failed: " + e.getMessage(), e);
        }
    }

    private static String condition(String event, List<Object> parameters) {
        if (event == null) {
            return "true";
        }
        parameters.add(event);
        return "(event = ?)";
    }
}
