package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trends on DuckDB: one aggregate query per series, grouped by (bucket, breakdown value), so that
 * only the chart's numbers cross JDBC. Each query reads the series' matching events ({@code
 * resolved_events}, joined with the current value of each trait it uses), cuts them into local
 * buckets with {@link LocalTimeSql}, maps breakdown values that are not kept to "other" and
 * aggregates. DAU, WAU and MAU join each person's active local days with the window of every bucket.
 */
final class DuckDbTrends {
    private static final String NUMBER_TYPES = "('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')";

    private final DuckDbDatabase database;

    DuckDbTrends(DuckDbDatabase database) {
        this.database = database;
    }

    TrendsResult run(TrendsSpec spec) {
        TimeRange range = spec.range();
        List<LocalDateTime> buckets = Buckets.of(spec.interval(), range);
        Map<LocalDateTime, Integer> index = new HashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            index.put(buckets.get(i), i);
        }
        TrendBreakdown breakdown = spec.breakdown();
        List<String> kept = null;
        boolean other = false;
        if (breakdown != null) {
            kept = breakdown.values() != null ? breakdown.values() : topValues(spec);
            other = hasOther(spec, kept);
        }
        List<TrendsResult.Series> series = new ArrayList<>();
        for (int s = 0; s < spec.series().size(); s++) {
            TrendSeries trend = spec.series().get(s);
            Map<Group, Double[]> values = new HashMap<>();
            if (trend.measure().activeDays() > 0) {
                activePersons(spec, trend, kept, buckets, values);
            } else {
                aggregate(spec, trend, kept, index, buckets.size(), values);
            }
            Double zero = zero(trend.measure());
            List<Group> groups = new ArrayList<>();
            if (breakdown == null) {
                groups.add(new Group(null, false));
            } else {
                kept.forEach(v -> groups.add(new Group(v, false)));
                if (other) {
                    groups.add(new Group(null, true));
                }
            }
            for (Group g : groups) {
                Double[] row = values.get(g);
                List<Double> points = new ArrayList<>(buckets.size());
                for (int b = 0; b < buckets.size(); b++) {
                    points.add(row == null || row[b] == null ? zero : row[b]);
                }
                series.add(new TrendsResult.Series(s, g.value(), g.other(), points));
            }
        }
        return new TrendsResult(buckets, series);
    }

    /** Counts are 0 in an empty bucket; averages, extremes and percentiles are undefined. */
    static Double zero(TrendMeasure measure) {
        return switch (measure) {
            case EVENTS, PERSONS, DAU, WAU, MAU, SUM -> 0.0;
            default -> null;
        };
    }

    private record Group(String value, boolean other) {}

    /** The first series' values with the most events in the range, ties by value (absent first). */
    private List<String> topValues(TrendsSpec spec) {
        List<Object> parameters = new ArrayList<>();
        String base = base(spec, spec.series().get(0), spec.range().from(), null, parameters);
        String sql = "SELECT v, count(*) AS c FROM (" + base + ") GROUP BY v ORDER BY c DESC, v NULLS FIRST LIMIT ?";
        parameters.add(spec.breakdown().limit());
        List<String> values = new ArrayList<>();
        query(sql, parameters, rs -> values.add(rs.getString(1)));
        return values;
    }

    private boolean hasOther(TrendsSpec spec, List<String> kept) {
        List<Object> parameters = new ArrayList<>();
        String base = base(spec, spec.series().get(0), spec.range().from(), null, parameters);
        String sql = "SELECT count(*) FROM (" + base + ") WHERE " + otherCondition(kept, parameters);
        long[] count = new long[1];
        query(sql, parameters, rs -> count[0] = rs.getLong(1));
        return count[0] > 0;
    }

    private void aggregate(
            TrendsSpec spec,
            TrendSeries trend,
            List<String> kept,
            Map<LocalDateTime, Integer> index,
            int buckets,
            Map<Group, Double[]> values) {
        TimeRange range = spec.range();
        List<Object> parameters = new ArrayList<>();
        String local = LocalTimeSql.localTime("ts", range.zone(), range.from(), range.to());
        String bucket = "date_trunc('" + spec.interval().wireName() + "', " + local + ")";
        String grouped = grouped(spec, trend, range.from(), bucket, kept, parameters);
        TrendMeasure measure = trend.measure();
        String quantile = Double.isNaN(measure.quantile()) ? "" : Double.toString(measure.quantile());
        String sql =
                switch (measure) {
                    case EVENTS -> "SELECT b, o, vv, count(*), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case PERSONS -> "SELECT b, o, vv, count(DISTINCT person), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case SUM -> "SELECT b, o, vv, coalesce(sum(x), 0), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case AVG -> "SELECT b, o, vv, sum(x), count(x) FROM (" + grouped + ") GROUP BY ALL";
                    case MIN -> "SELECT b, o, vv, min(x), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case MAX -> "SELECT b, o, vv, max(x), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case MEDIAN, P75, P90, P99 ->
                        "SELECT b, o, vv, quantile_cont(x, " + quantile + "), NULL FROM (" + grouped + ") GROUP BY ALL";
                    case PER_PERSON_AVG ->
                        "SELECT b, o, vv, sum(c), count(*) FROM (SELECT b, o, vv, person, count(*) AS c FROM ("
                                + grouped + ") GROUP BY ALL) GROUP BY ALL";
                    case PER_PERSON_MEDIAN, PER_PERSON_P90 ->
                        "SELECT b, o, vv, quantile_cont(c, " + quantile
                                + "), NULL FROM (SELECT b, o, vv, person, count(*) AS c FROM (" + grouped
                                + ") GROUP BY ALL) GROUP BY ALL";
                    case DAU, WAU, MAU -> throw new IllegalStateException("windowed measure " + measure);
                };
        query(sql, parameters, rs -> {
            Integer b = index.get(rs.getObject(1, LocalDateTime.class));
            Group group = new Group(rs.getString(3), rs.getBoolean(2));
            Double value;
            if (measure == TrendMeasure.AVG || measure == TrendMeasure.PER_PERSON_AVG) {
                double sum = rs.getDouble(4);
                boolean none = rs.wasNull();
                long n = rs.getLong(5);
                value = none || n == 0 ? null : sum / n;
            } else {
                value = rs.getDouble(4);
                if (rs.wasNull()) {
                    value = null;
                }
            }
            values.computeIfAbsent(group, g -> new Double[buckets])[b] = value;
        });
    }

    /**
     * DAU, WAU, MAU: persons with a matching event on the n local days ending with each bucket's last
     * day in the range.
     */
    private void activePersons(
            TrendsSpec spec,
            TrendSeries trend,
            List<String> kept,
            List<LocalDateTime> buckets,
            Map<Group, Double[]> values) {
        TimeRange range = spec.range();
        ZoneId zone = range.zone();
        int n = trend.measure().activeDays();
        LocalDate lastInRange =
                LocalDateTime.ofInstant(range.to().minusNanos(1), zone).toLocalDate();
        StringBuilder windows = new StringBuilder();
        LocalDate firstDay = null;
        for (int b = 0; b < buckets.size(); b++) {
            LocalDate end = next(spec.interval(), buckets.get(b)).toLocalDate().minusDays(1);
            if (end.isAfter(lastInRange)) {
                end = lastInRange;
            }
            LocalDate start = end.minusDays(n - 1);
            firstDay = firstDay == null || start.isBefore(firstDay) ? start : firstDay;
            // dates from java.time, not user text
            windows.append(b == 0 ? "" : ", ")
                    .append("(")
                    .append(b)
                    .append(", DATE '")
                    .append(start)
                    .append("', DATE '")
                    .append(end)
                    .append("')");
        }
        Instant readFrom = firstDay.atStartOfDay(zone).toInstant();
        if (readFrom.isAfter(range.from())) {
            readFrom = range.from();
        }
        List<Object> parameters = new ArrayList<>();
        String day = "CAST(" + LocalTimeSql.localTime("ts", zone, readFrom, range.to()) + " AS DATE)";
        String grouped = grouped(spec, trend, readFrom, day, kept, parameters);
        String sql = "WITH d AS (SELECT DISTINCT person, b AS day, o, vv FROM (" + grouped + ")), w(i, lo, hi) AS"
                + " (VALUES " + windows + ") SELECT w.i, d.o, d.vv, count(DISTINCT d.person)"
                + " FROM w JOIN d ON d.day BETWEEN w.lo AND w.hi GROUP BY ALL";
        int size = buckets.size();
        query(
                sql,
                parameters,
                rs -> values.computeIfAbsent(new Group(rs.getString(3), rs.getBoolean(2)), g -> new Double[size])[
                                rs.getInt(1)] =
                        (double) rs.getLong(4));
    }

    private static LocalDateTime next(Interval interval, LocalDateTime bucket) {
        return switch (interval) {
            case HOUR -> bucket.plusHours(1);
            case DAY -> bucket.plusDays(1);
            case WEEK -> bucket.plusWeeks(1);
            case MONTH -> bucket.plusMonths(1);
        };
    }

    /**
     * The matching events from {@code from} to the range end with columns person, b (the given bucket
     * expression), x (the numeric value), o (whether the breakdown value is grouped into "other") and
     * vv (the kept breakdown value).
     */
    private static String grouped(
            TrendsSpec spec,
            TrendSeries trend,
            Instant from,
            String bucket,
            List<String> kept,
            List<Object> parameters) {
        if (kept == null) {
            return "SELECT person, b, x, false AS o, NULL AS vv FROM (" + base(spec, trend, from, bucket, parameters)
                    + ")";
        }
        String other = otherCondition(kept, parameters); // its parameters come first in the text
        String base = base(spec, trend, from, bucket, parameters);
        return "SELECT person, b, x, o, CASE WHEN o THEN NULL ELSE v END AS vv FROM (SELECT *, " + other
                + " AS o FROM (" + base + "))";
    }

    /** Whether the breakdown value v is none of the kept values (null stands for the absent value). */
    private static String otherCondition(List<String> kept, List<Object> parameters) {
        List<String> texts = kept.stream().filter(Objects::nonNull).toList();
        StringBuilder sql = new StringBuilder("NOT (");
        if (texts.isEmpty()) {
            sql.append("false");
        } else {
            sql.append("coalesce(v IN (?")
                    .append(", ?".repeat(texts.size() - 1))
                    .append("), false)");
            parameters.addAll(texts);
        }
        if (kept.contains(null)) {
            sql.append(" OR v IS NULL");
        }
        return sql.append(")").toString();
    }

    /**
     * The series' matching events in {@code [from, range end)}: person, b (the bucket, when given), x
     * (the numeric property value, or NULL) and v (the breakdown value, or NULL).
     */
    private static String base(
            TrendsSpec spec, TrendSeries trend, Instant from, String bucket, List<Object> parameters) {
        // trait columns, one join per trait name
        Map<String, String> traits = new LinkedHashMap<>();
        for (PropertyFilter f : trend.traitFilters()) {
            traits.putIfAbsent(f.property(), "t" + traits.size());
        }
        TrendBreakdown breakdown = spec.breakdown();
        if (breakdown != null && breakdown.source() == TrendBreakdown.Source.PERSON) {
            traits.putIfAbsent(breakdown.property(), "t" + traits.size());
        }
        StringBuilder sql = new StringBuilder("SELECT e.person, ");
        sql.append(bucket == null ? "NULL" : bucket).append(" AS b, ");
        String property = trend.property();
        if (property == null) {
            sql.append("NULL");
        } else if (property.equals("revenue")) {
            sql.append("e.revenue");
        } else {
            sql.append("CASE WHEN json_type(e.properties, ?) IN ")
                    .append(NUMBER_TYPES)
                    .append(" THEN CAST(json_extract_string(e.properties, ?) AS DOUBLE) END");
            parameters.add(FilterSql.jsonPath(property));
            parameters.add(FilterSql.jsonPath(property));
        }
        sql.append(" AS x, ");
        if (breakdown == null) {
            sql.append("NULL");
        } else if (breakdown.source() == TrendBreakdown.Source.PERSON) {
            sql.append(traits.get(breakdown.property())).append(".text");
        } else {
            sql.append(FilterSql.property(breakdown.property(), parameters));
        }
        sql.append(" AS v FROM resolved_events e");
        for (Map.Entry<String, String> trait : traits.entrySet()) {
            sql.append(" LEFT JOIN (")
                    .append(currentTrait())
                    .append(") ")
                    .append(trait.getValue())
                    .append(" ON ")
                    .append(trait.getValue())
                    .append(".person = e.person");
            parameters.add(trait.getKey());
        }
        sql.append(" WHERE e.ts >= ? AND e.ts < ? AND e.event IS NOT NULL");
        parameters.add(utc(from));
        parameters.add(utc(spec.range().to()));
        if (trend.event() != null) {
            sql.append(" AND e.event = ?");
            parameters.add(trend.event());
        }
        for (PropertyFilter f : trend.filters()) {
            sql.append(" AND ").append(FilterSql.eventCondition(f, parameters));
        }
        for (PropertyFilter f : trend.traitFilters()) {
            String column = traits.get(f.property()) + ".text";
            sql.append(" AND ").append(FilterSql.condition(f, p -> column, parameters));
        }
        return sql.toString();
    }

    /**
     * Each person's current value of one trait (a bound parameter): among the values of all the
     * person's identities, the latest {@code updated_at}, ties by source, then value (absent first).
     * An identity K belongs to the person its own id {@code 'p' || left(sha256(K), 16)} is mapped to.
     */
    static String currentTrait() {
        return """
                SELECT person, text FROM (SELECT coalesce(m.to_person, i.pid) AS person, i.text, i.updated_at, i.source
                FROM (SELECT 'p' || left(sha256(identity), 16) AS pid, json_extract_string(value, '$') AS text,
                    updated_at, source FROM trait_values WHERE name = ?) i
                LEFT JOIN person_map m ON m.from_person = i.pid)
                QUALIFY row_number() OVER (PARTITION BY person ORDER BY updated_at DESC, source, text NULLS FIRST) = 1""";
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> parameters, Row row) {
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "trend query failed: " + e.getMessage(), e);
        }
    }
}
