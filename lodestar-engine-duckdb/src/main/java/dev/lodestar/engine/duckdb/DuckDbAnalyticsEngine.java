package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;
import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.AnalyticsEngine;
import dev.lodestar.spi.analysis.DayCount;
import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import dev.lodestar.spi.analysis.EventNameCount;
import dev.lodestar.spi.analysis.FunnelPersonsPage;
import dev.lodestar.spi.analysis.FunnelPersonsSpec;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelTrendResult;
import dev.lodestar.spi.analysis.FunnelTrendSpec;
import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.OverviewCounts;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import dev.lodestar.spi.analysis.RetentionResult;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendResult;
import dev.lodestar.spi.analysis.TrendSpec;
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
import java.util.List;
import java.util.Map;

/**
 * The DuckDB implementation of the analyses. Timestamps are stored as UTC; calendar buckets are cut
 * in the spec's zone with {@link LocalTimeSql} (the zone's offset transitions from {@link
 * java.time}), so days that are 23 or 25 hours long around daylight-saving changes come out right.
 * Windows are computed in Java and bound as UTC timestamps.
 */
public final class DuckDbAnalyticsEngine implements AnalyticsEngine {
    private final DuckDbDatabase database;

    public DuckDbAnalyticsEngine(DuckDbDatabase database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public OverviewCounts overview(OverviewSpec spec) {
        TimeRange range = spec.range();
        ZoneId zone = range.zone();
        LocalDate lastDay = range.to().minusNanos(1).atZone(zone).toLocalDate();
        Instant end = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        Instant dauStart = lastDay.atStartOfDay(zone).toInstant();
        Instant wauStart = lastDay.minusDays(6).atStartOfDay(zone).toInstant();
        Instant mauStart = lastDay.minusDays(29).atStartOfDay(zone).toInstant();
        try (Connection connection = database.reader()) {
            long events;
            long persons;
            long orders;
            double revenue;
            long buyers;
            try (PreparedStatement statement = connection.prepareStatement(
                    """
                    SELECT count(*), count(DISTINCT person),
                        count(*) FILTER (WHERE type = 'track' AND event = ?),
                        coalesce(sum(revenue) FILTER (WHERE type = 'track' AND event = ?), 0),
                        count(DISTINCT person) FILTER (WHERE type = 'track' AND event = ?)
                    FROM resolved_events WHERE ts >= ? AND ts < ?""")) {
                statement.setString(1, spec.orderEvent());
                statement.setString(2, spec.orderEvent());
                statement.setString(3, spec.orderEvent());
                statement.setObject(4, utc(range.from()));
                statement.setObject(5, utc(range.to()));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    events = rs.getLong(1);
                    persons = rs.getLong(2);
                    orders = rs.getLong(3);
                    revenue = rs.getDouble(4);
                    buyers = rs.getLong(5);
                }
            }
            long dau;
            long wau;
            long mau;
            try (PreparedStatement statement = connection.prepareStatement(
                    """
                    SELECT count(DISTINCT person) FILTER (WHERE ts >= ?),
                        count(DISTINCT person) FILTER (WHERE ts >= ?),
                        count(DISTINCT person)
                    FROM resolved_events WHERE ts >= ? AND ts < ?""")) {
                statement.setObject(1, utc(dauStart));
                statement.setObject(2, utc(wauStart));
                statement.setObject(3, utc(mauStart));
                statement.setObject(4, utc(end));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    dau = rs.getLong(1);
                    wau = rs.getLong(2);
                    mau = rs.getLong(3);
                }
            }
            return new OverviewCounts(events, persons, dau, wau, mau, orders, revenue, buyers);
        } catch (SQLException e) {
            throw failure("overview", e);
        }
    }

    @Override
    public TrendResult trend(TrendSpec spec) {
        TimeRange range = spec.range();
        List<LocalDateTime> buckets = Buckets.of(spec.interval(), range);
        String unit = spec.interval().wireName();
        String measure = spec.measure() == TrendSpec.Measure.PERSONS ? "count(DISTINCT person)" : "count(*)";
        String sql =
                """
                SELECT date_trunc('%s', %s) AS bucket, %s
                FROM resolved_events WHERE ts >= ? AND ts < ? %s
                GROUP BY 1"""
                        .formatted(
                                unit,
                                LocalTimeSql.localTime("ts", range.zone(), range.from(), range.to()),
                                measure,
                                spec.eventName() == null ? "" : "AND event = ?");
        Map<LocalDateTime, Long> values = new HashMap<>();
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, utc(range.from()));
            statement.setObject(2, utc(range.to()));
            if (spec.eventName() != null) {
                statement.setString(3, spec.eventName());
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getObject(1, LocalDateTime.class), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw failure("trend", e);
        }
        List<TrendResult.Point> points = new ArrayList<>(buckets.size());
        for (LocalDateTime bucket : buckets) {
            points.add(new TrendResult.Point(bucket, values.getOrDefault(bucket, 0L)));
        }
        return new TrendResult(points);
    }

    @Override
    public TrendsResult trends(TrendsSpec spec) {
        return new DuckDbTrends(database).run(spec);
    }

    @Override
    public DistributionResult distribution(DistributionSpec spec) {
        return new DuckDbDistribution(database).run(spec);
    }

    @Override
    public FunnelResult funnel(FunnelSpec spec) {
        return new DuckDbFunnel(database).run(spec);
    }

    @Override
    public FunnelPersonsPage funnelPersons(FunnelPersonsSpec spec) {
        return new DuckDbFunnel(database).persons(spec);
    }

    @Override
    public FunnelTrendResult funnelTrend(FunnelTrendSpec spec) {
        try {
            return new DuckDbFunnel(database).trend(spec);
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    @Override
    public RetentionResult retention(RetentionSpec spec) {
        return new DuckDbRetention(database).run(spec);
    }

    @Override
    public LifecycleResult lifecycle(LifecycleSpec spec) {
        return new DuckDbLifecycle(database).run(spec);
    }

    @Override
    public StickinessResult stickiness(StickinessSpec spec) {
        return new DuckDbStickiness(database).run(spec);
    }

    @Override
    public PathsResult paths(PathsSpec spec) {
        return new DuckDbPaths(database).run(spec);
    }

    @Override
    public List<EventNameCount> eventNames() {
        List<EventNameCount> names = new ArrayList<>();
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT type, coalesce(event, '') AS name, count(*) FROM events GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(new EventNameCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw failure("event names", e);
        }
        return names;
    }

    @Override
    public List<DayCount> eventsPerDay(ZoneId zone) {
        List<DayCount> days = new ArrayList<>();
        Instant first;
        Instant last;
        try (Connection connection = database.reader();
                PreparedStatement bounds = connection.prepareStatement("SELECT min(ts), max(ts) FROM events");
                ResultSet rs = bounds.executeQuery()) {
            rs.next();
            if (rs.getObject(1) == null) {
                return days;
            }
            first = rs.getObject(1, LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
            last = rs.getObject(2, LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
        } catch (SQLException e) {
            throw failure("events per day", e);
        }
        String local = LocalTimeSql.localTime("ts", zone, first, last.plusSeconds(1));
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT CAST(" + local + " AS DATE) AS day, count(*) FROM events GROUP BY 1 ORDER BY 1")) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    days.add(new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
                }
            }
        } catch (SQLException e) {
            throw failure("events per day", e);
        }
        return days;
    }

    @Override
    public long totalEvents() {
        return database.queryLong("SELECT count(*) FROM events", List.of());
    }

    @Override
    public Instant latestEventTime() {
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement("SELECT max(ts) FROM events");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            LocalDateTime latest = rs.getObject(1, LocalDateTime.class);
            return latest == null ? null : latest.toInstant(java.time.ZoneOffset.UTC);
        } catch (SQLException e) {
            throw failure("latest event", e);
        }
    }

    private static LodestarException failure(String what, SQLException e) {
        return new LodestarException(ErrorCode.STORAGE_FAILURE, what + " query failed: " + e.getMessage(), e);
    }
}
