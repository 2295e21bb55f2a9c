package dev.lodestar.engine.duckdb.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.RfmGrid;
import dev.lodestar.spi.segment.ScoreSettings;
import dev.lodestar.spi.segment.SegmentMigration;
import dev.lodestar.spi.segment.ValueTiers;
import dev.lodestar.testing.ReferenceScores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Person scores on DuckDB against the brute-force {@link ReferenceScores} on random logs: equal
 * revenues, order counts and timestamps (ties), persons with one order, events exactly on and a
 * microsecond around every window edge, merged persons, top-level and {@code products[]} interest
 * values, Chinese values.
 */
class TestDuckDbPersonScores {
    private static final Instant AS_OF = Instant.parse("2026-06-30T16:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String[] NAMES = {
        "Product Viewed", "Product Added", "Order Completed", "Order Completed", "Signed Up"
    };
    private static final String[] CATEGORIES = {"母婴", "美妆", "books", "toys", "", "数码"};
    private static final Double[] REVENUES = {10.0, 20.0, 20.0, 99.99, 0.1, 1234.5, null};

    @TempDir
    Path directory;

    @Test
    void randomLogsMatchReference() throws Exception {
        ScoreSettings small = new ScoreSettings(
                60,
                "Order Completed",
                7,
                21,
                10,
                14,
                3.5,
                List.of(
                        ScoreSettings.DEFAULT.interests().get(0),
                        new ScoreSettings.InterestDimension(
                                "brand", "brand", new LinkedHashMap<>(Map.of("Product Viewed", 2.0)))));
        int buyers = 0;
        int merged = 0;
        for (int seed = 1; seed <= 6; seed++) {
            Path dir = directory.resolve("log-" + seed);
            try (DuckDbDatabase database = DuckDbDatabase.open(dir)) {
                SplittableRandom random = new SplittableRandom(seed);
                List<Event> log = randomLog(random, 40 + 60 * seed);
                new DuckDbEventStore(database).append(log);
                Map<String, String> merges = randomMerges(random, log);
                new DuckDbIdentityStore(database).updatePersonMap(merges, List.of());
                merged += merges.size();
                Function<Event, String> person = e -> {
                    String own = PersonIds.of(e.personKey());
                    return merges.getOrDefault(own, own);
                };
                for (ScoreSettings settings : List.of(ScoreSettings.DEFAULT, small)) {
                    DuckDbPersonScores scores = new DuckDbPersonScores(database, settings);
                    for (Instant asOf : List.of(AS_OF, AS_OF.minus(Duration.ofDays(45)), AS_OF.plusNanos(1_500))) {
                        scores.ensureScores(new EvaluationContext(asOf, ZONE));
                        List<ReferenceScores.Row> expected = ReferenceScores.scores(log, person, settings, asOf);
                        assertRowsEqual(readScores(database), expected, settings + " " + asOf);
                        assertInterestsEqual(
                                readInterests(database),
                                ReferenceScores.interests(log, person, settings, asOf),
                                settings + " " + asOf);
                        buyers += (int) expected.stream()
                                .filter(r -> r.frequency() != null)
                                .count();
                    }
                }
            }
        }
        assertThat(buyers).as("buyers compared").isGreaterThan(500);
        assertThat(merged).as("merged persons").isGreaterThan(20);
    }

    @Test
    void gridTiersAndMigrationAddUpTheReferenceRows() throws Exception {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            SplittableRandom random = new SplittableRandom(99);
            List<Event> log = randomLog(random, 400);
            new DuckDbEventStore(database).append(log);
            Function<Event, String> person = e -> PersonIds.of(e.personKey());
            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            Instant earlier = AS_OF.minus(Duration.ofDays(100));
            List<ReferenceScores.Row> now = ReferenceScores.scores(log, person, ScoreSettings.DEFAULT, AS_OF);
            List<ReferenceScores.Row> then = ReferenceScores.scores(log, person, ScoreSettings.DEFAULT, earlier);
            EvaluationContext context = new EvaluationContext(AS_OF, ZONE);

            RfmGrid grid = scores.grid(context);
            assertThat(grid.cells()).hasSize(25);
            for (RfmGrid.Cell cell : grid.cells()) {
                List<ReferenceScores.Row> in = now.stream()
                        .filter(r -> r.r() != null && r.r() == cell.r() && r.f() == cell.f())
                        .toList();
                assertThat(cell.persons()).as("%s", cell).isEqualTo(in.size());
                assertThat(cell.revenue())
                        .as("%s", cell)
                        .isCloseTo(
                                in.stream()
                                        .mapToDouble(ReferenceScores.Row::monetary)
                                        .sum(),
                                within(1e-6));
            }
            assertThat(grid.cells().stream().filter(c -> c.persons() > 0).count())
                    .isGreaterThan(10);

            ValueTiers tiers = scores.valueTiers(context);
            double total = now.stream()
                    .filter(r -> r.monetary() != null)
                    .mapToDouble(ReferenceScores.Row::monetary)
                    .sum();
            assertThat(tiers.deciles())
                    .extracting(ValueTiers.Tier::tier)
                    .isSubsetOf(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"));
            assertThat(tiers.abc()).extracting(ValueTiers.Tier::tier).containsExactly("A", "B", "C");
            for (ValueTiers.Tier tier : tiers.deciles()) {
                assertTier(tier, now.stream().filter(r -> tier.tier().equals(String.valueOf(r.valueDecile()))), total);
            }
            for (ValueTiers.Tier tier : tiers.abc()) {
                assertTier(tier, now.stream().filter(r -> tier.tier().equals(r.valueAbc())), total);
            }

            SegmentMigration migration = scores.migration(earlier, AS_OF);
            Map<List<String>, Long> expected = new HashMap<>();
            Map<String, String> before = new HashMap<>();
            then.forEach(r -> before.put(r.person(), r.rfmSegment()));
            for (ReferenceScores.Row r : now) { // every person seen earlier is also seen now
                expected.merge(java.util.Arrays.asList(before.get(r.person()), r.rfmSegment()), 1L, Long::sum);
            }
            Map<List<String>, Long> actual = new HashMap<>();
            migration
                    .flows()
                    .forEach(f -> actual.put(java.util.Arrays.asList(f.fromSegment(), f.toSegment()), f.persons()));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.keySet().stream()
                            .filter(k -> k.get(0) != null
                                    && k.get(1) != null
                                    && !k.get(0).equals(k.get(1))))
                    .as("persons who changed segment")
                    .isNotEmpty();
            // the migration leaves the current scores alone
            assertRowsEqual(readScores(database), now, "after migration");
            assertThatThrownBy(() -> scores.migration(AS_OF, earlier))
                    .isInstanceOf(LodestarException.class)
                    .hasMessage("migration: 'from' (2026-06-30T16:00:00Z) must be before 'to' (2026-03-22T16:00:00Z)");
        }
    }

    private static void assertTier(
            ValueTiers.Tier tier, java.util.stream.Stream<ReferenceScores.Row> rows, double total) {
        List<ReferenceScores.Row> in = rows.toList();
        assertThat(tier.persons()).as("%s", tier).isEqualTo(in.size()).isPositive();
        double revenue = in.stream().mapToDouble(ReferenceScores.Row::monetary).sum();
        assertThat(tier.revenue()).as("%s", tier).isCloseTo(revenue, within(1e-6));
        assertThat(tier.share()).as("%s", tier).isCloseTo(revenue / total, within(1e-9));
    }

    @Test
    void ensureScoresRecomputesOnlyWhenAsOfOrDataChanged() throws Exception {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore store = new DuckDbEventStore(database);
            store.append(List.of(event("e1", "u1", "Order Completed", AS_OF.minusSeconds(60), 5.0, "{}")));
            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            EvaluationContext context = new EvaluationContext(AS_OF, ZONE);
            scores.ensureScores(context);
            execute(database, "UPDATE person_scores SET events = -1");
            scores.ensureScores(context);
            assertThat(eventsColumn(database)).as("current: not recomputed").containsExactly(-1L);
            scores.ensureScores(new EvaluationContext(AS_OF.plusSeconds(1), ZONE));
            assertThat(eventsColumn(database)).as("new as-of").containsExactly(1L);
            execute(database, "UPDATE person_scores SET events = -1");
            store.append(List.of(event("e2", "u1", "Product Viewed", AS_OF.minusSeconds(30), null, "{}")));
            // an instance reuses what it checked for the same as-of for DuckDbPersonScores.REUSE; the
            // store's state is what tells any other instance (or this one later) that events arrived
            new DuckDbPersonScores(database, ScoreSettings.DEFAULT)
                    .ensureScores(new EvaluationContext(AS_OF.plusSeconds(1), ZONE));
            assertThat(eventsColumn(database)).as("new events").containsExactly(2L);
            execute(database, "UPDATE person_scores SET events = -1");
            new DuckDbPersonScores(database, new ScoreSettings(30, "Order Completed", 30, 90, 30, 90, 30, List.of()))
                    .ensureScores(new EvaluationContext(AS_OF.plusSeconds(1), ZONE));
            assertThat(eventsColumn(database)).as("other settings").containsExactly(2L);
            scores.refresh(AS_OF.plusSeconds(1));
            assertThat(eventsColumn(database)).containsExactly(2L);
        }
    }

    static List<Event> randomLog(SplittableRandom random, int persons) {
        Instant[] edges = {
            AS_OF,
            AS_OF.minus(Duration.ofDays(365)),
            AS_OF.minus(Duration.ofDays(30)),
            AS_OF.minus(Duration.ofDays(90)),
            AS_OF.minus(Duration.ofDays(60)),
            AS_OF.minus(Duration.ofDays(7)),
            AS_OF.minus(Duration.ofDays(21)),
            AS_OF.minus(Duration.ofDays(10)),
            AS_OF.minus(Duration.ofDays(45)),
        };
        List<Event> log = new ArrayList<>();
        Instant previous = AS_OF;
        for (int p = 0; p < persons; p++) {
            String user = "u" + p;
            int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 30 : 6);
            // most persons live in one stretch of time; some return after a long gap
            long centre = random.nextLong(500L * 86_400) - 40L * 86_400;
            for (int i = 0; i < count; i++) {
                Instant ts;
                int pick = random.nextInt(12);
                if (pick == 0) {
                    Instant edge = edges[random.nextInt(edges.length)];
                    ts = edge.plusNanos((random.nextInt(3) - 1) * 1_000L);
                } else if (pick == 1) {
                    ts = previous; // a tie with the previous event, often another person's
                } else if (pick == 2) {
                    ts = AS_OF.minusSeconds(random.nextLong(20L * 86_400));
                } else {
                    ts = AS_OF.minusSeconds(centre + random.nextLong(40L * 86_400))
                            .plusNanos(random.nextInt(1_000_000) * 1_000L);
                }
                previous = ts;
                String name = NAMES[random.nextInt(NAMES.length)];
                Double revenue = name.equals("Order Completed") ? REVENUES[random.nextInt(REVENUES.length)] : null;
                log.add(event("e" + log.size(), user, name, ts, revenue, properties(random)));
            }
        }
        return log;
    }

    private static String properties(SplittableRandom random) {
        StringBuilder sb = new StringBuilder("{");
        if (random.nextInt(3) > 0) {
            sb.append("\"category\":\"")
                    .append(CATEGORIES[random.nextInt(CATEGORIES.length)])
                    .append('"');
        }
        if (random.nextInt(3) == 0) {
            sb.append(sb.length() > 1 ? "," : "")
                    .append("\"brand\":\"b")
                    .append(random.nextInt(8))
                    .append('"');
        }
        if (random.nextInt(3) == 0) {
            sb.append(sb.length() > 1 ? "," : "").append("\"products\":[");
            int lines = random.nextInt(4);
            for (int i = 0; i < lines; i++) {
                sb.append(i == 0 ? "" : ",")
                        .append("{\"category\":\"")
                        .append(CATEGORIES[random.nextInt(CATEGORIES.length)])
                        .append("\",\"price\":1}");
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** About one person in ten merged into another. */
    static Map<String, String> randomMerges(SplittableRandom random, List<Event> log) {
        List<String> ids =
                log.stream().map(e -> PersonIds.of(e.personKey())).distinct().toList();
        Map<String, String> merges = new HashMap<>();
        for (String id : ids) {
            if (random.nextInt(10) == 0) {
                String target = ids.get(random.nextInt(ids.size()));
                if (!target.equals(id) && !merges.containsKey(target)) {
                    merges.put(id, target);
                }
            }
        }
        List.copyOf(merges.values()).forEach(merges::remove); // a merge target is a person of its own
        return merges;
    }

    static Event event(String id, String user, String name, Instant ts, Double revenue, String properties) {
        return new Event(
                id,
                EventType.TRACK,
                name,
                null,
                user,
                PersonIds.eventKey(user, null),
                ts,
                ts,
                null,
                ts,
                properties,
                "{}",
                "{}",
                "test",
                new Event.CommonProperties(null, revenue, null, null, null, null, null, null, null));
    }

    private static void assertRowsEqual(
            List<ReferenceScores.Row> actual, List<ReferenceScores.Row> expected, String as) {
        assertThat(actual).as(as).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ReferenceScores.Row a = actual.get(i);
            ReferenceScores.Row e = expected.get(i);
            String row = as + " " + e;
            assertThat(a.person()).as(row).isEqualTo(e.person());
            assertClose(a.recencyDays(), e.recencyDays(), row);
            assertThat(a.frequency()).as(row).isEqualTo(e.frequency());
            assertClose(a.monetary(), e.monetary(), row);
            assertThat(discrete(a)).as(row).isEqualTo(discrete(e));
            assertClose(a.daysSinceFirstSeen(), e.daysSinceFirstSeen(), row);
            assertClose(a.daysSinceLastSeen(), e.daysSinceLastSeen(), row);
        }
    }

    /** The columns compared exactly. */
    private static List<String> discrete(ReferenceScores.Row row) {
        return java.util.Arrays.asList(
                String.valueOf(row.r()),
                String.valueOf(row.f()),
                String.valueOf(row.m()),
                row.rfmSegment(),
                String.valueOf(row.valueDecile()),
                row.valueAbc(),
                row.activityState(),
                row.lifecycleStage(),
                Long.toString(row.events()));
    }

    private static void assertInterestsEqual(
            List<ReferenceScores.Interest> actual, List<ReferenceScores.Interest> expected, String as) {
        assertThat(actual).as(as).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ReferenceScores.Interest a = actual.get(i);
            ReferenceScores.Interest e = expected.get(i);
            assertThat(List.of(a.person(), a.dimension(), a.value(), Integer.toString(a.rank())))
                    .as(as + " " + e)
                    .isEqualTo(List.of(e.person(), e.dimension(), e.value(), Integer.toString(e.rank())));
            assertThat(a.score()).as(as + " " + e).isCloseTo(e.score(), within(1.5e-9));
        }
    }

    private static void assertClose(Double actual, Double expected, String as) {
        if (expected == null) {
            assertThat(actual).as(as).isNull();
        } else {
            assertThat(actual).as(as).isNotNull();
            assertThat(actual).as(as).isCloseTo(expected, within(1e-9));
        }
    }

    static List<ReferenceScores.Row> readScores(DuckDbDatabase database) throws SQLException {
        List<ReferenceScores.Row> rows = new ArrayList<>();
        try (Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT person, recency_days, frequency, monetary, r, f, m,"
                        + " rfm_segment, value_decile, value_abc, activity_state, lifecycle_stage, events,"
                        + " days_since_first_seen, days_since_last_seen FROM person_scores ORDER BY person")) {
            while (rs.next()) {
                rows.add(new ReferenceScores.Row(
                        rs.getString(1),
                        rs.getObject(2, Double.class),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Double.class),
                        rs.getObject(5, Integer.class),
                        rs.getObject(6, Integer.class),
                        rs.getObject(7, Integer.class),
                        rs.getString(8),
                        rs.getObject(9, Integer.class),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getLong(13),
                        rs.getDouble(14),
                        rs.getDouble(15)));
            }
        }
        return rows;
    }

    private static List<ReferenceScores.Interest> readInterests(DuckDbDatabase database) throws SQLException {
        List<ReferenceScores.Interest> rows = new ArrayList<>();
        try (Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT person, dimension, value, score, rank FROM person_interests"
                        + " ORDER BY person, dimension, rank")) {
            while (rs.next()) {
                rows.add(new ReferenceScores.Interest(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getInt(5)));
            }
        }
        return rows;
    }

    private static List<Long> eventsColumn(DuckDbDatabase database) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT events FROM person_scores ORDER BY person")) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static void execute(DuckDbDatabase database, String sql) throws SQLException {
        try (Connection c = database.reader();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
