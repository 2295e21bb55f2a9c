package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Distributions on DuckDB in two aggregate queries over the per-person values: count, sum,
 * extremes and {@code quantile_cont} percentiles, then (with the bins chosen from those) the
 * histogram. Only figures cross JDBC, never the values.
 */
final class DuckDbDistribution {
    private final DuckDbDatabase database;

    DuckDbDistribution(DuckDbDatabase database) {
        this.database = database;
    }

    DistributionResult run(DistributionSpec spec) {
        List<Object> parameters = new ArrayList<>();
        String values = values(spec, parameters);
        StringBuilder sql = new StringBuilder("SELECT count(val), sum(val), min(val), max(val)");
        for (double q : DistributionResult.QUANTILES) {
            sql.append(", quantile_cont(val, ").append(q).append(")"); // constants, not user text
        }
        sql.append(" FROM (").append(values).append(")");
        long count;
        double sum;
        Double min;
        Double max;
        List<Double> percentiles = new ArrayList<>();
        try (Connection connection = database.reader()) {
            try (PreparedStatement statement = prepare(connection, sql.toString(), parameters);
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                sum = rs.getDouble(2);
                min = count == 0 ? null : rs.getDouble(3);
                max = count == 0 ? null : rs.getDouble(4);
                for (int i = 0; i < DistributionResult.QUANTILES.size(); i++) {
                    percentiles.add(count == 0 ? null : rs.getDouble(5 + i));
                }
            }
            if (count == 0) {
                return new DistributionResult(0, 0, null, null, percentiles, List.of());
            }
            DistributionResult.Bins bins = DistributionResult.Bins.choose(
                    count,
                    min,
                    max,
                    percentiles.get(1),
                    percentiles.get(3),
                    spec.metric().integral());
            long[] counts = new long[bins.n()];
            List<Object> histogramParameters = new ArrayList<>(List.of(bins.lo(), bins.width()));
            histogramParameters.addAll(parameters);
            String histogram = "SELECT least(" + (bins.n() - 1)
                    + ", CAST(floor((val - CAST(? AS DOUBLE)) / CAST(? AS DOUBLE)) AS BIGINT)) AS i, count(*) FROM ("
                    + values + ") GROUP BY 1";
            try (PreparedStatement statement = prepare(connection, histogram, histogramParameters);
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getInt(1)] += rs.getLong(2);
                }
            }
            return new DistributionResult(count, sum, min, max, percentiles, bins.bars(counts));
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "distribution query failed: " + e.getMessage(), e);
        }
    }

    /** The values, one row each, in column val (DOUBLE). */
    private static String values(DistributionSpec spec, List<Object> parameters) {
        List<Object> where = new ArrayList<>();
        StringBuilder filter =
                new StringBuilder(" FROM resolved_events WHERE ts >= ? AND ts < ? AND event IS NOT NULL");
        where.add(utc(spec.range().from()));
        where.add(utc(spec.range().to()));
        if (spec.event() != null) {
            filter.append(" AND event = ?");
            where.add(spec.event());
        }
        String day = "CAST(86400000000 AS DOUBLE)";
        String sql =
                switch (spec.metric()) {
                    case EVENTS_PER_PERSON -> "SELECT CAST(count(*) AS DOUBLE) AS val" + filter + " GROUP BY person";
                    case SUM_PER_PERSON -> {
                        String x;
                        if (spec.property().equals("revenue")) {
                            x = "revenue";
                        } else {
                            x = "CASE WHEN json_type(properties, ?) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')"
                                    + " THEN CAST(json_extract_string(properties, ?) AS DOUBLE) END";
                            parameters.add(FilterSql.jsonPath(spec.property()));
                            parameters.add(FilterSql.jsonPath(spec.property()));
                        }
                        yield "SELECT sum(x) AS val FROM (SELECT person, " + x + " AS x" + filter
                                + ") WHERE x IS NOT NULL GROUP BY person";
                    }
                    case DAYS_BETWEEN ->
                        "SELECT CAST(us - prev AS DOUBLE) / " + day + " AS val FROM (SELECT epoch_us(ts) AS us,"
                                + " lag(epoch_us(ts)) OVER (PARTITION BY person ORDER BY ts) AS prev" + filter
                                + ") WHERE prev IS NOT NULL";
                    case AVG_DAYS_BETWEEN ->
                        "SELECT CAST(max(epoch_us(ts)) - min(epoch_us(ts)) AS DOUBLE) / (" + day
                                + " * CAST(count(*) - 1 AS DOUBLE)) AS val" + filter
                                + " GROUP BY person HAVING count(*) > 1";
                };
        parameters.addAll(where);
        return sql;
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
