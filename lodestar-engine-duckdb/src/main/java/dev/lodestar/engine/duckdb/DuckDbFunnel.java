package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.ConversionTimes;
import dev.lodestar.spi.analysis.FunnelBreakdown;
import dev.lodestar.spi.analysis.FunnelExclusion;
import dev.lodestar.spi.analysis.FunnelPersonsPage;
import dev.lodestar.spi.analysis.FunnelPersonsSpec;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.FunnelTrendResult;
import dev.lodestar.spi.analysis.FunnelTrendSpec;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Funnels on DuckDB in one pass per person. DuckDB reads only the events that match a step or an
 * exclusion (all named events for strict funnels), computes each one's step mask, and returns them
 * ordered by person and time; {@link FunnelMatcher} runs over each person's events as they stream
 * by, and the counts are added up per breakdown value. No self-joins: the cost is one filtered
 * scan, one sort of the matching events and a linear pass.
 */
final class DuckDbFunnel {
    private static final Comparator<String> VALUES = Comparator.nullsFirst(Comparator.naturalOrder());

    private final DuckDbDatabase database;

    DuckDbFunnel(DuckDbDatabase database) {
        this.database = database;
    }

    FunnelResult run(FunnelSpec spec) {
        Map<String, Accumulator> series = new HashMap<>();
        int steps = spec.steps().size();
        scan(spec, null, null, (person, matcher, value) -> {
            series.computeIfAbsent(value, v -> new Accumulator(steps)).add(matcher);
            return true;
        });
        List<FunnelResult.Series> result = new ArrayList<>();
        for (Map.Entry<String, Accumulator> entry : series.entrySet()) {
            result.add(entry.getValue().build(entry.getKey()));
        }
        result.sort(ORDER);
        return new FunnelResult(steps, result);
    }

    /**
     * The drill-down: the same pass as {@link #run}, keeping the ids of the persons who stop at the
     * chosen bar. Persons arrive in id order, so the pass starts after the cursor and ends once the
     * page is full and one more person is known to follow.
     */
    FunnelPersonsPage persons(FunnelPersonsSpec request) {
        List<String> page = new ArrayList<>();
        boolean[] more = {false};
        forEachPerson(request, person -> {
            if (page.size() == request.limit()) {
                more[0] = true;
                return false;
            }
            page.add(person);
            return true;
        });
        return new FunnelPersonsPage(page, more[0]);
    }

    /**
     * Passes the persons of a drill-down, in id order after its cursor and whatever its limit, to
     * {@code sink} until it answers false.
     */
    void forEachPerson(FunnelPersonsSpec request, Predicate<String> sink) {
        int step = request.step();
        FunnelPersonsSpec.Series only = request.series();
        scan(request.funnel(), request.until(), request.afterPerson(), (person, matcher, value) -> {
            if (matcher.reach < step
                    || (request.droppedOff() && matcher.reach > step)
                    || (only != null && !Objects.equals(only.value(), value))) {
                return true;
            }
            return sink.test(person);
        });
    }

    /**
     * Conversion over time from the same pass: each person's events are matched once more per bucket
     * that holds one of their step-1 events (anchors, for unordered funnels), with the range cut to
     * that bucket, so every bucket counts exactly as a funnel over its part of the range would.
     */
    FunnelTrendResult trend(FunnelTrendSpec request) {
        FunnelSpec spec = request.funnel();
        TimeRange range = spec.range();
        List<LocalDateTime> starts = Buckets.of(request.interval(), range);
        long fromMicros = FunnelMatcher.micros(range.from());
        long toMicros = FunnelMatcher.micros(range.to());
        long[] bounds = new long[starts.size() + 1];
        for (int b = 0; b < starts.size(); b++) {
            bounds[b] = Math.max(
                    fromMicros,
                    FunnelMatcher.micros(starts.get(b).atZone(range.zone()).toInstant()));
        }
        bounds[starts.size()] = toMicros;
        int steps = spec.steps().size();
        long[][] counts = new long[starts.size()][steps];
        scan(spec, null, null, (person, matcher, value) -> {
            int last = -1;
            for (int i = 0; i < matcher.size; i++) {
                long t = matcher.ts[i];
                if (t < fromMicros || t >= toMicros || !matcher.starts(i)) {
                    continue;
                }
                int bucket = bucketOf(bounds, t);
                if (bucket == last) {
                    continue;
                }
                last = bucket;
                matcher.range(bounds[bucket], bounds[bucket + 1]);
                matcher.run();
                for (int k = 0; k < matcher.reach; k++) {
                    counts[bucket][k]++;
                }
            }
            matcher.range(fromMicros, toMicros);
            return true;
        });
        List<FunnelTrendResult.Point> points = new ArrayList<>(starts.size());
        for (int b = 0; b < starts.size(); b++) {
            List<Long> persons = new ArrayList<>(steps);
            for (long c : counts[b]) {
                persons.add(c);
            }
            points.add(new FunnelTrendResult.Point(starts.get(b), persons));
        }
        return new FunnelTrendResult(steps, points);
    }

    /** The bucket of a time in the range: the last bound at or before it. */
    private static int bucketOf(long[] bounds, long t) {
        int lo = 0;
        int hi = bounds.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bounds[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** What the pass does with each person in the funnel; false stops the pass. */
    @FunctionalInterface
    private interface PersonVisitor {
        boolean visit(String person, FunnelMatcher matcher, String breakdownValue);
    }

    /**
     * One pass over the persons in the funnel, in person id order: events from the range start to
     * its end plus the window (and before {@code until}), of persons after {@code afterPerson}.
     */
    private void scan(FunnelSpec spec, Instant until, String afterPerson, PersonVisitor visitor) {
        Instant from = spec.range().from();
        Instant readTo = spec.range().to().plus(spec.window());
        if (until != null && until.isBefore(readTo)) {
            readTo = until;
        }
        if (!from.isBefore(readTo)) {
            return;
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder maskSql = new StringBuilder();
        int bit = 0;
        Set<String> names = new LinkedHashSet<>();
        for (FunnelStep step : spec.steps()) {
            appendBit(maskSql, step, bit++, parameters);
            names.add(step.event());
        }
        for (FunnelExclusion exclusion : spec.exclusions()) {
            appendBit(maskSql, exclusion.event(), bit++, parameters);
            names.add(exclusion.event().event());
        }
        FunnelBreakdown breakdown = spec.breakdown();
        String breakdownSql = "";
        if (breakdown != null) {
            breakdownSql = ", " + FilterSql.property(breakdown.property(), parameters) + " AS bd";
        }
        boolean strict = spec.order() == FunnelSpec.Order.STRICT;
        StringBuilder sql = new StringBuilder("SELECT person, epoch_us(ts) AS t, mask")
                .append(breakdown == null ? "" : ", bd")
                .append(" FROM (SELECT person, ts, ")
                .append(maskSql)
                .append(" AS mask")
                .append(breakdownSql)
                .append(" FROM resolved_events WHERE ts >= ? AND ts < ? AND ");
        parameters.add(utc(from));
        parameters.add(utc(readTo));
        if (afterPerson != null) {
            sql.append("person > ? AND ");
            parameters.add(afterPerson);
        }
        if (strict) {
            sql.append("event IS NOT NULL)");
        } else {
            sql.append("event IN (");
            int i = 0;
            for (String name : names) {
                sql.append(i++ == 0 ? "?" : ", ?");
                parameters.add(name);
            }
            sql.append(")) WHERE mask <> 0");
        }
        sql.append(" ORDER BY person, t");

        long fromMicros = FunnelMatcher.micros(from);
        long toMicros = FunnelMatcher.micros(spec.range().to());
        FunnelMatcher matcher = new FunnelMatcher(spec, fromMicros, toMicros);
        Attribution attribution = breakdown == null
                ? null
                : new Attribution(breakdown, spec.steps().size(), fromMicros, toMicros);
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                String person = null;
                while (rs.next()) {
                    String p = rs.getString(1);
                    if (!p.equals(person)) {
                        if (person != null && !finish(person, matcher, attribution, visitor)) {
                            return;
                        }
                        person = p;
                        matcher.clear();
                        if (attribution != null) {
                            attribution.clear();
                        }
                    }
                    long t = rs.getLong(2);
                    int m = rs.getInt(3);
                    matcher.add(t, m);
                    if (attribution != null) {
                        attribution.see(t, m, rs.getString(4));
                    }
                }
                if (person != null) {
                    finish(person, matcher, attribution, visitor);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "funnel query failed: " + e.getMessage(), e);
        }
    }

    /** Series order: persons at step 1, most first; then value, null last. */
    static final Comparator<FunnelResult.Series> ORDER = Comparator.<FunnelResult.Series>comparingLong(
                    s -> -s.persons().get(0))
            .thenComparing(FunnelResult.Series::breakdownValue, Comparator.nullsLast(Comparator.naturalOrder()));

    private static boolean finish(
            String person, FunnelMatcher matcher, Attribution attribution, PersonVisitor visitor) {
        matcher.run();
        if (matcher.reach == 0) {
            return true;
        }
        return visitor.visit(person, matcher, attribution == null ? null : attribution.value());
    }

    private static void appendBit(StringBuilder sql, FunnelStep step, int bit, List<Object> parameters) {
        if (sql.length() > 0) {
            sql.append(" + ");
        }
        sql.append("(CASE WHEN event = ?");
        parameters.add(step.event());
        for (PropertyFilter filter : step.filters()) {
            sql.append(" AND ").append(FilterSql.eventCondition(filter, parameters));
        }
        sql.append(" THEN ").append(1 << bit).append(" ELSE 0 END)");
    }

    /** The person's breakdown value, following the attribution rule, from the events as they stream by. */
    private static final class Attribution {
        private final FunnelBreakdown.Attribution rule;
        private final int bit;
        private final int anyStep;
        private final long from;
        private final long to;
        private boolean found;
        private long at;
        private String value;

        Attribution(FunnelBreakdown breakdown, int steps, long from, long to) {
            this.rule = breakdown.attribution();
            this.bit = switch (rule) {
                case FIRST_TOUCH -> 1;
                case STEP -> 1 << (breakdown.step() - 1);
                case LAST_TOUCH -> 0;
            };
            this.anyStep = (1 << steps) - 1;
            this.from = from;
            this.to = to;
        }

        void clear() {
            found = false;
            value = null;
        }

        void see(long t, int mask, String v) {
            switch (rule) {
                case FIRST_TOUCH, STEP -> {
                    if ((mask & bit) == 0
                            || (rule == FunnelBreakdown.Attribution.FIRST_TOUCH && (t < from || t >= to))) {
                        return;
                    }
                    if (!found || t < at || (t == at && VALUES.compare(v, value) < 0)) {
                        found = true;
                        at = t;
                        value = v;
                    }
                }
                case LAST_TOUCH -> {
                    if ((mask & anyStep) == 0) {
                        return;
                    }
                    if (!found || t > at || (t == at && VALUES.compare(v, value) > 0)) {
                        found = true;
                        at = t;
                        value = v;
                    }
                }
            }
        }

        String value() {
            return value;
        }
    }

    private static final class Accumulator {
        private final long[] persons;
        private final ConversionTimes.Builder[] times;

        Accumulator(int steps) {
            persons = new long[steps];
            times = new ConversionTimes.Builder[steps];
            for (int k = 0; k < steps; k++) {
                times[k] = new ConversionTimes.Builder();
            }
        }

        void add(FunnelMatcher matcher) {
            for (int k = 0; k < matcher.reach; k++) {
                persons[k]++;
                if (k > 0) {
                    times[k].add(matcher.fastest[k]);
                }
            }
        }

        FunnelResult.Series build(String value) {
            List<Long> counts = new ArrayList<>(persons.length);
            List<ConversionTimes> ttc = new ArrayList<>(persons.length);
            for (int k = 0; k < persons.length; k++) {
                counts.add(persons[k]);
                ttc.add(times[k].build());
            }
            return new FunnelResult.Series(value, counts, ttc);
        }
    }
}
