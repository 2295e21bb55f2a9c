package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
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
 * Retention on DuckDB. One query reads the cohort and return events from the first cohort period's
 * start to the observation end (for bounded cells, only to the end of the last cohort's period N),
 * cuts each into its local period ({@link LocalTimeSql}, then {@code date_trunc}) and groups by
 * (person, period): whether the person did the cohort event and the return event in it, and the
 * breakdown value of their earliest cohort event there. For first-time cohorts, persons with a
 * cohort event before the first cohort period are removed by an anti-join (their first time is
 * earlier). The grouped rows stream to Java ordered by person and period, and each person's cohorts
 * and returns are added to the table. Memory holds one person's periods plus the table.
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
        String breakdownSql = spec.breakdown() == null ? "NULL" : property(spec.breakdown(), parameters);
        String local = LocalTimeSql.localTime("ts", spec.range().zone(), readFrom, readTo);
        StringBuilder sql = new StringBuilder()
                .append("SELECT person, p, bool_or(c), bool_or(r), ")
                // the ordered aggregate sorts each group: only when there is a breakdown
                .append(spec.breakdown() == null ? "NULL" : "first(bd ORDER BY ts, bd NULLS FIRST) FILTER (WHERE c)")
                .append(" FROM (SELECT person, ts, CAST(date_trunc('")
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
        sql.append(") GROUP BY person, p ORDER BY person, p");

        boolean firstTime = spec.cohortType() == RetentionSpec.CohortType.FIRST_TIME;
        PersonPeriods person = new PersonPeriods();
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                String current = null;
                while (rs.next()) {
                    String p = rs.getString(1);
                    if (!p.equals(current)) {
                        if (current != null) {
                            person.finish(spec, firstTime, cohorts, cohortIndex, table);
                        }
                        current = p;
                        person.clear();
                    }
                    person.add(rs.getObject(2, LocalDate.class), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5));
                }
                if (current != null) {
                    person.finish(spec, firstTime, cohorts, cohortIndex, table);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "retention query failed: " + e.getMessage(), e);
        }
    }

    /** One person's periods, in order: where they joined a cohort (with the value) and where they returned. */
    private static final class PersonPeriods {
        private final List<LocalDate> cohortPeriods = new ArrayList<>();
        private final List<String> values = new ArrayList<>();
        private final List<LocalDate> returnPeriods = new ArrayList<>();

        void clear() {
            cohortPeriods.clear();
            values.clear();
            returnPeriods.clear();
        }

        void add(LocalDate p, boolean cohort, boolean returned, String value) {
            if (cohort) {
                cohortPeriods.add(p);
                values.add(value);
            }
            if (returned) {
                returnPeriods.add(p);
            }
        }

        void finish(
                RetentionSpec spec,
                boolean firstTime,
                List<LocalDate> cohorts,
                Map<LocalDate, Integer> cohortIndex,
                Map<String, long[][]> table) {
            int n = spec.periods();
            int joined = firstTime ? Math.min(1, cohortPeriods.size()) : cohortPeriods.size();
            LocalDate lastReturn = returnPeriods.isEmpty() ? null : returnPeriods.get(returnPeriods.size() - 1);
            for (int j = 0; j < joined; j++) {
                LocalDate c = cohortPeriods.get(j);
                Integer index = cohortIndex.get(c);
                if (index == null) {
                    continue; // after the last cohort period
                }
                long[] row = table.computeIfAbsent(values.get(j), v -> new long[cohorts.size()][n + 2])[index];
                row[0]++;
                row[1]++; // cell 0: the cohort event itself
                if (lastReturn == null) {
                    continue;
                }
                if (spec.mode() == RetentionSpec.Mode.ON) {
                    for (LocalDate r : returnPeriods) {
                        long k = spec.period().between(c, r);
                        if (k >= 1 && k <= n) {
                            row[(int) k + 1]++;
                        }
                    }
                } else {
                    long last = Math.min(n, spec.period().between(c, lastReturn));
                    for (int k = 1; k <= last; k++) {
                        row[k + 1]++;
                    }
                }
            }
        }
    }

    private static String condition(String event, List<Object> parameters) {
        if (event == null) {
            return "true";
        }
        parameters.add(event);
        return "(event = ?)";
    }

    /** SQL for a property's text value; JSON paths are bound, never spliced. */
    private static String property(String name, List<Object> parameters) {
        if (PropertyFilter.COMMON_COLUMNS.contains(name)) {
            return name; // from a fixed set of column names
        }
        parameters.add("$.\"" + name + "\"");
        return "json_extract_string(properties, ?)";
    }
}
