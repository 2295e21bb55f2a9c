package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.SegmentJson;
import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.ScoreSettings;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentEngine;
import dev.lodestar.spi.segment.SegmentEngine.MembershipEvent;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.segment.TimeWindow;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved segments on DuckDB: membership history across refreshes (enter, exit, enter again), static
 * snapshots, overlap against a brute-force count, references between segments (cycles, unknown
 * ids), computed fields read from score tables, the funnel drop-off hook, and the catalog.
 */
class TestDuckDbSegmentLifecycle {
    private static final Instant DAY1 = Instant.parse("2026-03-02T12:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("America/Bahia_Banderas");

    @TempDir
    Path directory;

    private static EvaluationContext at(Instant asOf) {
        return new EvaluationContext(asOf, ZONE);
    }

    private static String person(String user) {
        return PersonIds.of("user_id:" + user);
    }

    private static SegmentDefinition dynamic(String id, String name, Condition condition) {
        return new SegmentDefinition(
                id, name, "", SegmentDefinition.Kind.DYNAMIC, condition, 60, Instant.EPOCH, Instant.EPOCH);
    }

    private static SegmentDefinition fixed(String id, String name) {
        return new SegmentDefinition(
                id, name, "", SegmentDefinition.Kind.STATIC, null, 0, Instant.EPOCH, Instant.EPOCH);
    }

    private static Event order(String id, String user, Instant at) {
        return TestingEvents.track(id, user, null, "Order Completed", at);
    }

    @Test
    void refreshesKeepEveryStayAndSizes() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore events = new DuckDbEventStore(database);
            SegmentEngine engine = engine(database, null, null);
            events.append(List.of(
                    order("o1", "u1", DAY1.minusSeconds(60)),
                    order("o2", "u2", DAY1.plus(Duration.ofDays(1)).minusSeconds(60)),
                    order("o3", "u1", DAY1.plus(Duration.ofDays(2)).minusSeconds(60)),
                    order("o4", "u3", DAY1.minus(Duration.ofDays(30)))));
            SegmentDefinition saved = engine.save(dynamic(
                    "recent-buyers", "近一天下单", Condition.Did.once("Order Completed", TimeWindow.Within.days(1))));
            assertThat(saved.createdAt()).isAfter(Instant.EPOCH);
            assertThat(saved.condition()).isEqualTo(Condition.Did.once("Order Completed", TimeWindow.Within.days(1)));

            MembershipChange first = engine.refresh("recent-buyers", at(DAY1));
            assertThat(first).extracting("size", "entered", "exited").containsExactly(1L, 1L, 0L);
            assertThat(engine.currentMembers("recent-buyers", null, 10)).containsExactly(person("u1"));
            // refreshing with nothing changed changes nothing
            assertThat(engine.refresh("recent-buyers", at(DAY1)))
                    .extracting("size", "entered", "exited")
                    .containsExactly(1L, 0L, 0L);
            MembershipChange second = engine.refresh("recent-buyers", at(DAY1.plus(Duration.ofDays(1))));
            assertThat(second).extracting("size", "entered", "exited").containsExactly(1L, 1L, 1L);
            assertThat(engine.currentMembers("recent-buyers", null, 10)).containsExactly(person("u2"));
            MembershipChange third = engine.refresh("recent-buyers", at(DAY1.plus(Duration.ofDays(2))));
            assertThat(third).extracting("size", "entered", "exited").containsExactly(1L, 1L, 1L);
            assertThat(engine.currentMembers("recent-buyers", null, 10)).containsExactly(person("u1"));

            // u1: entered, exited, entered again; newest first
            List<MembershipEvent> u1 = engine.history("recent-buyers", person("u1"), 10);
            assertThat(u1).hasSize(2);
            assertThat(u1.get(0).enteredAt()).isEqualTo(third.at());
            assertThat(u1.get(0).exitedAt()).isNull();
            assertThat(u1.get(1).enteredAt()).isEqualTo(first.at());
            assertThat(u1.get(1).exitedAt()).isEqualTo(second.at());
            assertThat(engine.history("recent-buyers", null, 10))
                    .extracting(MembershipEvent::person)
                    .containsExactly(person("u1"), person("u2"), person("u1"));
            assertThat(engine.history("recent-buyers", null, 1)).hasSize(1);
            assertThat(engine.sizes("recent-buyers"))
                    .extracting(MembershipChange::size, MembershipChange::entered, MembershipChange::exited)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, 1L, 0L),
                            org.assertj.core.groups.Tuple.tuple(1L, 0L, 0L),
                            org.assertj.core.groups.Tuple.tuple(1L, 1L, 1L),
                            org.assertj.core.groups.Tuple.tuple(1L, 1L, 1L));

            // a static segment cannot be refreshed, a dynamic one cannot be snapshot
            engine.save(fixed("vip", "VIP"));
            assertThatThrownBy(() -> engine.refresh("vip", at(DAY1))).hasMessageContaining("segment 'vip' is static");
            assertThatThrownBy(() -> engine.snapshot("recent-buyers", List.of()))
                    .hasMessageContaining("segment 'recent-buyers' is dynamic");
            assertThatThrownBy(() -> engine.refresh("nope", at(DAY1)))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessage("unknown segment 'nope'");

            // deleting takes the history along
            assertThat(engine.delete("recent-buyers")).isTrue();
            assertThat(engine.delete("recent-buyers")).isFalse();
            assertThat(engine.get("recent-buyers")).isEmpty();
            assertThat(count(database, "SELECT count(*) FROM segment_members")).isZero();
            assertThat(count(database, "SELECT count(*) FROM segment_sizes")).isZero();
        }
    }

    @Test
    void snapshotsResolveMergedIdsAndLeaveOutUnknownOnes() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore events = new DuckDbEventStore(database);
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            SegmentEngine engine = engine(database, null, null);
            events.append(List.of(
                    TestingEvents.track("e1", null, "a1", "Product Viewed", DAY1),
                    TestingEvents.identify("e2", "u1", "a1", "{\"name\":\"张三\"}", DAY1.plusSeconds(1)),
                    order("e3", "u2", DAY1),
                    order("e4", "u3", DAY1)));
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                String merged = persons.personOf(Identity.of(IdentityType.ANONYMOUS_ID, "a1"));
                assertThat(merged).isEqualTo(person("u1"));
                engine.save(fixed("list", "Uploaded list"));
                // the anonymous id's own person stands for the merged person; one id is unknown
                MembershipChange change = engine.snapshot(
                        "list",
                        List.of(PersonIds.of("anonymous_id:a1"), person("u2"), "p0000000000000000", person("u2")));
                assertThat(change).extracting("size", "entered", "exited").containsExactly(2L, 2L, 0L);
                assertThat(engine.currentMembers("list", null, 10))
                        .containsExactlyElementsOf(new TreeSet<>(List.of(person("u1"), person("u2"))));
                change = engine.snapshot("list", List.of(person("u3"), person("u2")));
                assertThat(change).extracting("size", "entered", "exited").containsExactly(2L, 1L, 1L);
                assertThat(engine.currentMembers("list", person("u2"), 10))
                        .isEqualTo(person("u3").compareTo(person("u2")) > 0 ? List.of(person("u3")) : List.of());
                // a snapshot's members are what InSegment sees
                assertThat(engine.members(new Condition.InSegment("list"), at(DAY1), null, 10))
                        .containsExactlyElementsOf(new TreeSet<>(List.of(person("u2"), person("u3"))));
            }
        }
    }

    @Test
    void overlapCountsEveryCombination() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore events = new DuckDbEventStore(database);
            SegmentEngine engine = engine(database, null, null);
            List<Event> log = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                log.add(order("o" + i, "u" + i, DAY1));
            }
            events.append(log);
            SplittableRandom random = new SplittableRandom(7);
            List<String> ids = List.of("s0", "s1", "s2", "s3");
            Map<String, List<String>> members = new HashMap<>();
            for (String id : ids) {
                engine.save(fixed(id, "Segment " + id));
                List<String> chosen = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    if (random.nextInt(3) == 0) {
                        chosen.add(person("u" + i));
                    }
                }
                engine.snapshot(id, chosen);
                members.put(id, chosen);
            }
            for (List<String> combination : List.of(ids, ids.subList(1, 3), List.of("s3", "s0", "s2"))) {
                Map<Integer, Long> expected = new TreeMap<>();
                for (int i = 0; i < 60; i++) {
                    int mask = 0;
                    for (int b = 0; b < combination.size(); b++) {
                        if (members.get(combination.get(b)).contains(person("u" + i))) {
                            mask |= 1 << b;
                        }
                    }
                    if (mask != 0) {
                        expected.merge(mask, 1L, Long::sum);
                    }
                }
                Map<Integer, Long> actual = new TreeMap<>();
                engine.overlap(combination).forEach(cell -> actual.put(cell.mask(), cell.persons()));
                assertThat(actual).isEqualTo(expected);
            }
            assertThatThrownBy(() -> engine.overlap(List.of("s0"))).hasMessage("overlap takes 2 to 5 segments, got 1");
            assertThatThrownBy(() -> engine.overlap(List.of("s0", "s0"))).hasMessageContaining("twice");
            assertThatThrownBy(() -> engine.overlap(List.of("s0", "nope"))).hasMessage("unknown segment 'nope'");
        }
    }

    @Test
    void referencesBetweenSegmentsAreCheckedForCyclesAndUnknownIds() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore events = new DuckDbEventStore(database);
            SegmentEngine engine = engine(database, null, null);
            events.append(List.of(order("o1", "u1", DAY1), TestingEvents.track("v1", "u2", null, "Viewed", DAY1)));
            Condition buyers = Condition.Did.once("Order Completed", new TimeWindow.Ever());
            engine.save(dynamic("a", "A", buyers));
            engine.save(dynamic("b", "B", new Condition.Not(new Condition.InSegment("a"))));
            assertThat(engine.members(new Condition.InSegment("b"), at(DAY1), null, 10))
                    .containsExactly(person("u2"));
            assertThatThrownBy(() -> engine.save(dynamic("a", "A", new Condition.InSegment("b"))))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessage("segments refer to each other in a cycle: a -> b -> a");
            assertThatThrownBy(() -> engine.save(dynamic("c", "C", new Condition.InSegment("c"))))
                    .hasMessage("segments refer to each other in a cycle: c -> c");
            assertThatThrownBy(() -> engine.save(dynamic("d", "D", new Condition.InSegment("missing"))))
                    .hasMessage("unknown segment 'missing'");
            assertThatThrownBy(() -> engine.preview(new Condition.InSegment("missing"), at(DAY1), 5))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> engine.delete("a")).hasMessageContaining("segment 'a' is used by segment 'b'");
            // names are unique; a rename keeps the id and the creation time
            assertThatThrownBy(() -> engine.save(dynamic("e", "A", buyers)))
                    .hasMessage("a segment named 'A' already exists (id a)");
            SegmentDefinition before = engine.get("a").orElseThrow();
            SegmentDefinition renamed = engine.save(dynamic("a", "Buyers 买家", buyers));
            assertThat(renamed.createdAt()).isEqualTo(before.createdAt());
            assertThat(renamed.name()).isEqualTo("Buyers 买家");
            assertThat(engine.list()).extracting(SegmentDefinition::id).containsExactly("b", "a");
            // the store chooses an id when none is given
            assertThat(engine.save(dynamic("", "Big Spenders!", buyers)).id()).isEqualTo("big-spenders");
            assertThat(engine.save(dynamic("", "高价值", buyers)).id()).isEqualTo("segment");
            assertThat(engine.save(dynamic("", "高价值客户", buyers)).id()).isEqualTo("segment-2");
            assertThatThrownBy(() -> engine.save(dynamic("Bad Id", "X", buyers)))
                    .hasMessageContaining("segment id 'Bad Id' is not valid");
            assertThatThrownBy(() -> engine.preview(buyers, at(DAY1), -1)).hasMessageContaining("sample size");
            assertThatThrownBy(() -> engine.members(buyers, at(DAY1), null, 0)).hasMessageContaining("limit");
        }
    }

    @Test
    void funnelDropOffUsesTheHookOrSaysItIsMissing() throws SQLException {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            new DuckDbEventStore(database)
                    .append(List.of(order("o1", "u1", DAY1), order("o2", "u2", DAY1), order("o3", "u3", DAY1)));
            Condition dropped = new Condition.FunnelDropOff("Checkout", 2);
            assertThatThrownBy(() -> engine(database, null, null).preview(dropped, at(DAY1), 5))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessage("funnel drop-off segments need saved funnels (not available)");
            List<String> asked = new ArrayList<>();
            execute(database, "CREATE TABLE dropped_checkout (person VARCHAR)");
            execute(database, "INSERT INTO dropped_checkout VALUES ('" + person("u2") + "'), (NULL)");
            SegmentEngine engine = engine(database, null, (funnel, step, context) -> {
                asked.add(funnel + "/" + step + "/" + context.asOf());
                return "dropped_checkout";
            });
            assertThat(engine.preview(new Condition.Not(dropped), at(DAY1), 5).sample())
                    .containsExactlyElementsOf(new TreeSet<>(List.of(person("u1"), person("u3"))));
            assertThat(asked).containsExactly("Checkout/2/" + DAY1);
            SegmentEngine broken = engine(database, null, (funnel, step, context) -> "x; DROP TABLE events");
            assertThatThrownBy(() -> broken.preview(dropped, at(DAY1), 5)).hasMessageContaining("invalid table name");
            assertThat(count(database, "SELECT count(*) FROM events")).isEqualTo(3);
        }
    }

    @Test
    void computedFieldsReadTheScoreTablesAfterTheHook() throws SQLException {
        assertThat(new TreeSet<>(DuckDbSegmentSql.SCORE_COLUMNS.keySet()))
                .isEqualTo(SegmentFields.ALL.stream()
                        .map(c -> c.field().toString())
                        .collect(Collectors.toCollection(TreeSet::new)));
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            List<Event> log = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                log.add(order("o" + i, "u" + i, DAY1));
            }
            new DuckDbEventStore(database).append(log);
            List<Instant> hooked = new ArrayList<>();
            SegmentEngine engine = engine(database, context -> hooked.add(context.asOf()), null);
            Condition did = Condition.Did.once("Order Completed", new TimeWindow.Ever());
            assertThat(engine.preview(did, at(DAY1), 0).size()).isEqualTo(5);
            assertThat(hooked).isEmpty(); // no computed field, no hook
            Condition rfm = new Condition.Compare(
                    new Field("rfm", "segment"),
                    CompareOp.IN,
                    List.of(Literal.of("At Risk"), Literal.of("Can't Lose Them")));
            assertThatThrownBy(() -> engine.preview(rfm, at(DAY1), 5)).hasMessageContaining("need person scores");
            assertThat(hooked).containsExactly(DAY1);

            // the scores engineer's tables, with known rows (u5 has none: a non-buyer)
            execute(
                    database,
                    """
                    CREATE TABLE person_scores (person VARCHAR, recency_days DOUBLE, frequency BIGINT,
                        monetary DOUBLE, r INTEGER, f INTEGER, m INTEGER, rfm_segment VARCHAR, value_decile INTEGER,
                        value_abc VARCHAR, activity_state VARCHAR, lifecycle_stage VARCHAR, events BIGINT,
                        days_since_first_seen DOUBLE, days_since_last_seen DOUBLE, as_of TIMESTAMP)""");
            execute(
                    database,
                    "CREATE TABLE person_interests (person VARCHAR, dimension VARCHAR, value VARCHAR, score DOUBLE,"
                            + " rank INTEGER)");
            String[][] scores = {
                {"u1", "'At Risk'", "2", "1", "'A'", "'silent'", "12.5"},
                {"u2", "'Can''t Lose Them'", "1", "3", "'B'", "'active'", "3"},
                {"u3", "'Champions'", "5", "10", "'C'", "'active'", "0.5"},
                {"u4", "NULL", "NULL", "NULL", "NULL", "'churned'", "100"}
            };
            for (String[] s : scores) {
                execute(
                        database,
                        "INSERT INTO person_scores (person, rfm_segment, r, value_decile, value_abc, activity_state,"
                                + " days_since_last_seen) VALUES ('" + person(s[0]) + "', " + s[1] + ", " + s[2]
                                + ", " + s[3] + ", " + s[4] + ", " + s[5] + ", " + s[6] + ")");
            }
            execute(
                    database,
                    "INSERT INTO person_interests VALUES ('" + person("u1") + "', 'category', '母婴', 3.5, 1), ('"
                            + person("u1") + "', 'category', '数码', 1.0, 2), ('" + person("u2")
                            + "', 'category', '数码', 2.0, 1), ('" + person("u3") + "', 'brand', '母婴', 1.0, 1)");
            assertThat(engine.members(rfm, at(DAY1), null, 10))
                    .containsExactlyElementsOf(new TreeSet<>(List.of(person("u1"), person("u2"))));
            assertThat(members(engine, compare("value", "decile", CompareOp.LE, Literal.of(3))))
                    .containsExactlyInAnyOrder(person("u1"), person("u2"));
            assertThat(members(engine, compare("rfm", "r", CompareOp.GE, Literal.of(2))))
                    .containsExactlyInAnyOrder(person("u1"), person("u3"));
            assertThat(members(engine, compare("person", "days_since_last_seen", CompareOp.GT, num("3"))))
                    .containsExactlyInAnyOrder(person("u1"), person("u4"));
            // absent scores satisfy only the negative comparisons
            assertThat(members(engine, compare("activity", "state", CompareOp.NE, Literal.of("active"))))
                    .containsExactlyInAnyOrder(person("u1"), person("u4"), person("u5"));
            assertThat(members(engine, compare("value", "abc", CompareOp.IS_NOT_SET)))
                    .containsExactlyInAnyOrder(person("u4"), person("u5"));
            assertThat(members(engine, compare("rfm", "segment", CompareOp.STARTS_WITH, Literal.of("Ch"))))
                    .containsExactly(person("u3"));
            // interests: the person has the tag among its top tags of the dimension
            assertThat(members(engine, compare("interest", "category", CompareOp.EQ, Literal.of("母婴"))))
                    .containsExactly(person("u1"));
            assertThat(members(engine, compare("interest", "category", CompareOp.IN, Literal.of("数码"))))
                    .containsExactlyInAnyOrder(person("u1"), person("u2"));
            assertThat(members(engine, compare("interest", "category", CompareOp.NE, Literal.of("数码"))))
                    .containsExactlyInAnyOrder(person("u3"), person("u4"), person("u5"));
            assertThat(members(engine, compare("interest", "category", CompareOp.CONTAINS, Literal.of("婴"))))
                    .containsExactly(person("u1"));
            // a number field is compared with numbers only; unknown fields are refused
            assertThatThrownBy(() -> members(engine, compare("rfm", "r", CompareOp.EQ, Literal.of("5"))))
                    .hasMessage("rfm.r is a number: compare it with a number, not '5'");
            assertThatThrownBy(() -> members(engine, compare("rfm", "zz", CompareOp.EQ, Literal.of("5"))))
                    .hasMessageStartingWith("unknown field 'rfm.zz'");

            SegmentCatalog catalog = engine.catalog();
            assertThat(catalog.interests()).containsExactlyInAnyOrder("category", "brand");
            assertThat(catalog.funnels()).isEmpty();
        }
    }

    @Test
    void realScoresAndFunnelDropOffsFeedConditions() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            List<Event> log = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 40; i++) {
                String user = "u" + i;
                Instant seen = DAY1.minus(Duration.ofDays(random.nextInt(200)));
                log.add(TestingEvents.trackWith("v" + i, user, "Product Viewed", seen, i % 3 == 0 ? "母婴" : "数码", null));
                for (int o = random.nextInt(4); o > 0; o--) {
                    log.add(order("o" + i + "-" + o, user, seen.plusSeconds(60L * o)));
                }
            }
            new DuckDbEventStore(database).append(log);
            FunnelSpec checkout = new FunnelSpec(
                    List.of(new FunnelStep("Product Viewed", List.of()), new FunnelStep("Order Completed", List.of())),
                    FunnelSpec.Order.ORDERED,
                    Duration.ofDays(1),
                    new TimeRange(DAY1.minus(Duration.ofDays(365)), DAY1, ZONE));
            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            SegmentEngine engine = engine(database, scores, new DuckDbFunnelPersons(database, (name, context) -> {
                assertThat(name).isEqualTo("Checkout");
                return checkout;
            }));
            for (String where : List.of(
                    "rfm_segment IN ('At Risk', 'Can''t Lose Them', 'Champions')",
                    "value_decile <= 3",
                    "activity_state <> 'active' OR activity_state IS NULL")) {
                Condition condition =
                        switch (where.substring(0, 5)) {
                            case "rfm_s" ->
                                compare(
                                        "rfm",
                                        "segment",
                                        CompareOp.IN,
                                        Literal.of("At Risk"),
                                        Literal.of("Can't Lose Them"),
                                        Literal.of("Champions"));
                            case "value" -> compare("value", "decile", CompareOp.LE, Literal.of(3));
                            default -> compare("activity", "state", CompareOp.NE, Literal.of("active"));
                        };
                List<String> members = members(engine, condition);
                // the hook ran, so the tables are there to check against; persons without a row count
                // for the negative comparison only
                List<String> expected = new ArrayList<>();
                Jdbc.query(
                        database,
                        "test",
                        "SELECT person FROM segment_persons WHERE person IN (SELECT person FROM person_scores WHERE "
                                + where + ")"
                                + (where.startsWith("activity")
                                        ? " OR person NOT IN (SELECT person FROM person_scores)"
                                        : "")
                                + " ORDER BY person",
                        List.of(),
                        rs -> expected.add(rs.getString(1)));
                assertThat(members).as(where).isEqualTo(expected).isNotEmpty();
            }
            // dropped off after viewing: viewed, never ordered within a day
            List<String> dropped = members(engine, new Condition.FunnelDropOff("Checkout", 1));
            List<String> viewedOnly = members(
                    engine,
                    new Condition.And(List.of(
                            Condition.Did.once("Product Viewed", new TimeWindow.Ever()),
                            new Condition.Not(Condition.Did.once("Order Completed", new TimeWindow.Ever())))));
            assertThat(dropped).isEqualTo(viewedOnly).isNotEmpty();
        }
    }

    @Test
    void catalogListsTraitsSegmentsAndFunnels() throws SQLException {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            new DuckDbEventStore(database)
                    .append(List.of(TestingEvents.identify("e1", "u1", null, "{\"city_tier\":2,\"城市\":\"上海\"}", DAY1)));
            try (PersonService persons =
                    new PersonService(new DuckDbIdentityStore(database), new Normalizer(IdentityConfig.defaults()))) {
                SegmentEngine engine = engine(database, null, null);
                engine.save(fixed("vip", "VIP"));
                execute(
                        database,
                        "INSERT INTO saved_analyses (kind, name, spec, created_at, updated_at) VALUES"
                                + " ('funnel', 'Checkout', '{}', now(), now()),"
                                + " ('retention', 'Weekly', '{}', now(), now())");
                SegmentCatalog catalog = engine.catalog();
                assertThat(catalog.traits()).containsExactlyInAnyOrder("city_tier", "城市");
                assertThat(catalog.segments()).containsExactly("vip");
                assertThat(catalog.funnels()).containsExactly("Checkout");
                assertThat(catalog.interests()).isEmpty();
                assertThat(engine.preview(
                                        new Condition.Compare(
                                                Field.trait("城市"), CompareOp.EQ, List.of(Literal.of("上海"))),
                                        at(DAY1),
                                        5)
                                .sample())
                        .containsExactly(persons.personOf(Identity.of(IdentityType.USER_ID, "u1")));
            }
        }
    }

    private static Condition compare(String namespace, String name, CompareOp op, Literal... values) {
        return new Condition.Compare(new Field(namespace, name), op, List.of(values));
    }

    private static Literal num(String text) {
        return new Literal.Number(new java.math.BigDecimal(text));
    }

    private static List<String> members(SegmentEngine engine, Condition condition) {
        return engine.members(condition, at(DAY1), null, 100);
    }

    static SegmentEngine engine(
            DuckDbDatabase database,
            dev.lodestar.spi.segment.ScoresRefresher scores,
            dev.lodestar.spi.segment.FunnelPersons funnels) {
        return new DuckDbSegmentEngine(database, new SegmentJson(), scores, funnels);
    }

    static void execute(DuckDbDatabase database, String sql) throws SQLException {
        try (Connection connection = database.reader();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(DuckDbDatabase database, String sql) {
        return database.queryLong(sql, List.of());
    }
}
