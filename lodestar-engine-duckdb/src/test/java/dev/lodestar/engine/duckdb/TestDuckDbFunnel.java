package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.core.analysis.FunnelMath;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
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
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.testing.ReferenceFunnel;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Funnels on DuckDB against the brute-force {@link ReferenceFunnel}: hundreds of random specs on a
 * random log (repeated step events, equal timestamps, gaps exactly equal to the windows), golden
 * cases for each rule, and persons merged by identity resolution.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbFunnel {
    private static final ZoneId ZONE = ZoneId.of("America/Bahia_Banderas");
    private static final LocalDate FIRST_DAY =
            LocalDate.of(2026, 3, 25); // DST change on 2026-04-05 in Mexico? no: zone has none since 2022
    private static final String[] STEPS = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed"};
    private static final String[] OTHERS = {"Coupon Removed", "Help Opened"};
    private static final String[] CATEGORIES = {"数码", "美妆", "食品"};
    private static final String[] PLANS = {"free", "pro", "pro plus"};
    private static final Duration[] GAPS = {
        Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofMinutes(7)
    };
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    static Path directory;

    private DuckDbDatabase database;
    private DuckDbAnalyticsEngine engine;
    private final List<Event> events = new ArrayList<>();

    @BeforeAll
    void load() throws Exception {
        database = DuckDbDatabase.open(Files.createDirectories(directory.resolve("random")));
        SplittableRandom random = new SplittableRandom(5);
        for (int p = 0; p < 400; p++) {
            Instant t = FIRST_DAY.atStartOfDay(ZONE).toInstant().plusSeconds(random.nextLong(20 * 86_400L));
            int count = 1 + random.nextInt(9);
            for (int i = 0; i < count; i++) {
                int gap = random.nextInt(8);
                if (i > 0) {
                    t = gap < GAPS.length
                            ? t.plus(GAPS[gap])
                            : t.plusSeconds(random.nextLong(4 * 86_400L)).plusNanos(random.nextInt(1000) * 1000L);
                }
                String name = random.nextInt(10) < 8 ? STEPS[random.nextInt(STEPS.length)] : OTHERS[random.nextInt(2)];
                String category = random.nextInt(4) == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
                String plan = random.nextInt(4) == 0 ? null : PLANS[random.nextInt(PLANS.length)];
                events.add(event("r" + p + "-" + i, "u" + p, name, t, category, plan));
            }
        }
        new DuckDbEventStore(database).append(events);
        engine = new DuckDbAnalyticsEngine(database);
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void randomSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(17);
        int converted = 0;
        for (int i = 0; i < 400; i++) {
            FunnelSpec spec = randomSpec(random);
            FunnelResult expected = ReferenceFunnel.funnel(events, spec);
            FunnelResult actual = engine.funnel(spec);
            assertSame(actual, expected, spec);
            if (!expected.series().isEmpty()
                    && FunnelMath.total(expected).persons().get(spec.steps().size() - 1) > 0) {
                converted++;
            }
        }
        assertThat(converted).as("specs where someone completed the funnel").isGreaterThan(100);
    }

    @Test
    void drillDownListsExactlyThePersonsTheCountsCount() {
        SplittableRandom random = new SplittableRandom(23);
        int nonEmpty = 0;
        for (int i = 0; i < 150; i++) {
            FunnelSpec spec = randomSpec(random);
            int n = spec.steps().size();
            int step = 1 + random.nextInt(n);
            boolean dropped = step < n && random.nextBoolean();
            Instant until =
                    random.nextInt(4) == 0 ? spec.range().from().plusSeconds(random.nextLong(20 * 86_400L)) : null;
            List<Event> seen = until == null
                    ? events
                    : events.stream().filter(e -> e.timestamp().isBefore(until)).toList();
            Map<String, ReferenceFunnel.Standing> standings = ReferenceFunnel.standings(seen, spec);
            FunnelPersonsSpec.Series series = null;
            if (spec.breakdown() != null && !standings.isEmpty() && random.nextBoolean()) {
                List<ReferenceFunnel.Standing> all = List.copyOf(standings.values());
                series = new FunnelPersonsSpec.Series(
                        all.get(random.nextInt(all.size())).breakdownValue());
            }
            List<String> expected = new ArrayList<>();
            for (Map.Entry<String, ReferenceFunnel.Standing> entry : standings.entrySet()) {
                ReferenceFunnel.Standing standing = entry.getValue();
                if (standing.reach() >= step
                        && (!dropped || standing.reach() == step)
                        && (series == null || Objects.equals(series.value(), standing.breakdownValue()))) {
                    expected.add(PersonIds.of(entry.getKey()));
                }
            }
            expected.sort(null);
            int limit = 1 + random.nextInt(40);
            List<String> actual = new ArrayList<>();
            String after = null;
            for (int page = 0; page < 1000; page++) {
                FunnelPersonsPage result =
                        engine.funnelPersons(new FunnelPersonsSpec(spec, step, dropped, series, until, after, limit));
                assertThat(result.persons().size()).isLessThanOrEqualTo(limit);
                actual.addAll(result.persons());
                after = result.next();
                if (after == null) {
                    break;
                }
                assertThat(result.persons()).hasSize(limit);
            }
            assertThat(actual)
                    .as("step %d dropped %s series %s until %s of %s", step, dropped, series, until, spec)
                    .isEqualTo(expected);
            if (until == null) {
                FunnelResult counts = engine.funnel(spec);
                long count = 0;
                for (FunnelResult.Series s : counts.series()) {
                    if (series == null || Objects.equals(series.value(), s.breakdownValue())) {
                        count += s.persons().get(step - 1)
                                - (dropped ? s.persons().get(step) : 0);
                    }
                }
                assertThat(actual).as("the funnel's count").hasSize((int) count);
            }
            if (!expected.isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).as("drill-downs with persons").isGreaterThan(60);
    }

    @Test
    void conversionOverTimeIsTheFunnelOfEachBucket() {
        SplittableRandom random = new SplittableRandom(29);
        ZoneId london = ZoneId.of("Europe/London"); // summer time from 2026-03-29
        int converted = 0;
        for (int i = 0; i < 60; i++) {
            FunnelSpec drawn = randomSpec(random);
            ZoneId zone = random.nextBoolean() ? london : ZONE;
            LocalDate start = FIRST_DAY.plusDays(random.nextInt(-2, 16));
            Interval interval = Interval.values()[1 + random.nextInt(3)];
            TimeRange range = new TimeRange(
                    start.atStartOfDay(zone).toInstant().plusSeconds(random.nextBoolean() ? 0 : 3600 * 7),
                    start.plusDays(1 + random.nextInt(interval == Interval.DAY ? 9 : 30))
                            .atStartOfDay(zone)
                            .toInstant(),
                    zone);
            FunnelSpec spec =
                    new FunnelSpec(drawn.steps(), drawn.order(), drawn.window(), range, drawn.exclusions(), null);
            FunnelTrendResult actual = engine.funnelTrend(new FunnelTrendSpec(spec, interval));
            List<LocalDateTime> starts = new ArrayList<>();
            LocalDateTime local = LocalDateTime.ofInstant(range.from(), zone).truncatedTo(ChronoUnit.DAYS);
            local = switch (interval) {
                case WEEK -> local.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> local.withDayOfMonth(1);
                default -> local;
            };
            while (local.atZone(zone).toInstant().isBefore(range.to())) {
                starts.add(local);
                local = switch (interval) {
                    case WEEK -> local.plusWeeks(1);
                    case MONTH -> local.plusMonths(1);
                    default -> local.plusDays(1);
                };
            }
            assertThat(actual.points())
                    .extracting(FunnelTrendResult.Point::start)
                    .containsExactlyElementsOf(starts);
            for (int b = 0; b < starts.size(); b++) {
                Instant from = max(range.from(), starts.get(b).atZone(zone).toInstant());
                Instant to =
                        b + 1 < starts.size() ? starts.get(b + 1).atZone(zone).toInstant() : range.to();
                FunnelResult bucket = ReferenceFunnel.funnel(
                        events,
                        new FunnelSpec(
                                spec.steps(),
                                spec.order(),
                                spec.window(),
                                new TimeRange(from, to, zone),
                                spec.exclusions(),
                                null));
                List<Long> expected = bucket.series().isEmpty()
                        ? java.util.Collections.nCopies(spec.steps().size(), 0L)
                        : bucket.series().get(0).persons();
                assertThat(actual.points().get(b).persons())
                        .as("bucket %s of %s by %s", starts.get(b), spec, interval)
                        .isEqualTo(expected);
                if (expected.get(expected.size() - 1) > 0) {
                    converted++;
                }
            }
        }
        assertThat(converted).as("buckets where someone completed the funnel").isGreaterThan(30);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Test
    void drillDownRefusesWhatHasNoPersons() {
        FunnelSpec spec = spec(FunnelSpec.Order.ORDERED, null, "Product Viewed", "Order Completed");
        assertThatThrownBy(() -> new FunnelPersonsSpec(spec, 2, true, null, null, null, 10))
                .hasMessageContaining("step 2 is the last step");
        assertThatThrownBy(() -> new FunnelPersonsSpec(spec, 3, false, null, null, null, 10))
                .hasMessage("step must be 1 to 2, found 3");
        assertThatThrownBy(
                        () -> new FunnelPersonsSpec(spec, 1, false, new FunnelPersonsSpec.Series("x"), null, null, 10))
                .hasMessageContaining("no breakdown");
        assertThatThrownBy(() -> new FunnelPersonsSpec(spec, 1, false, null, null, null, 0))
                .hasMessageContaining("limit must be 1 to");
    }

    // ---- golden cases, one per rule

    @Test
    void windowIsInclusiveAtTheEdge() {
        List<Event> log = List.of(
                event("a1", "a", "Product Viewed", T0, null, null),
                event("a2", "a", "Order Completed", T0.plus(Duration.ofHours(1)), null, null),
                event("b1", "b", "Product Viewed", T0, null, null),
                event("b2", "b", "Order Completed", T0.plus(Duration.ofHours(1)).plusNanos(1000), null, null));
        FunnelSpec spec = spec(FunnelSpec.Order.ORDERED, Duration.ofHours(1), "Product Viewed", "Order Completed");
        FunnelResult result = golden(log, spec);
        assertThat(result.series().get(0).persons()).containsExactly(2L, 1L);
        ConversionTimes times = result.series().get(0).timeToConvert().get(1);
        assertThat(times.count()).isEqualTo(1);
        assertThat(times.sumSeconds()).isEqualTo(3600.0);
    }

    @Test
    void oneEventNeverSatisfiesTwoStepsButEqualTimestampsChain() {
        List<Event> log = List.of(
                event("a1", "a", "Product Viewed", T0, null, null),
                // b: two views at the same instant satisfy both steps, in either stored order
                event("b1", "b", "Product Viewed", T0, null, null),
                event("b2", "b", "Product Viewed", T0, null, null),
                // c: the later step stored first, same timestamp: counts ("at or after")
                event("c2", "c", "Order Completed", T0, null, null),
                event("c1", "c", "Product Viewed", T0, null, null));
        FunnelResult twice = golden(log, spec(FunnelSpec.Order.ORDERED, null, "Product Viewed", "Product Viewed"));
        assertThat(twice.series().get(0).persons()).containsExactly(3L, 1L);
        FunnelResult tie = golden(log, spec(FunnelSpec.Order.ORDERED, null, "Product Viewed", "Order Completed"));
        assertThat(tie.series().get(0).persons()).containsExactly(3L, 1L);
    }

    @Test
    void furthestStepOfAnyAttemptCounts() {
        // the first view is too early for the order (window 2 hours); the second view converts
        List<Event> log = List.of(
                event("a1", "a", "Product Viewed", T0, null, null),
                event("a2", "a", "Product Added", T0.plus(Duration.ofHours(1)), null, null),
                event("a3", "a", "Product Viewed", T0.plus(Duration.ofHours(10)), null, null),
                event("a4", "a", "Product Added", T0.plus(Duration.ofHours(11)), null, null),
                event("a5", "a", "Order Completed", T0.plus(Duration.ofHours(12)), null, null));
        FunnelResult result = golden(
                log,
                spec(
                        FunnelSpec.Order.ORDERED,
                        Duration.ofHours(2),
                        "Product Viewed",
                        "Product Added",
                        "Order Completed"));
        assertThat(result.series().get(0).persons()).containsExactly(1L, 1L, 1L);
        // the shortest attempt to step 2 took 1 hour (either attempt); to step 3, 2 hours
        assertThat(result.series().get(0).timeToConvert().get(1).sumSeconds()).isEqualTo(3600.0);
        assertThat(result.series().get(0).timeToConvert().get(2).sumSeconds()).isEqualTo(2 * 3600.0);
    }

    @Test
    void strictBreaksOnAnInterveningEvent() {
        List<Event> log = List.of(
                event("a1", "a", "Product Viewed", T0, null, null),
                event("a2", "a", "Help Opened", T0.plusSeconds(10), null, null),
                event("a3", "a", "Product Added", T0.plusSeconds(20), null, null),
                event("b1", "b", "Product Viewed", T0, null, null),
                event("b2", "b", "Product Added", T0.plusSeconds(20), null, null),
                // an event at the same instant as a step is not "between"
                event("c1", "c", "Product Viewed", T0, null, null),
                event("c2", "c", "Help Opened", T0, null, null),
                event("c3", "c", "Product Added", T0.plusSeconds(20), null, null));
        assertThat(golden(log, spec(FunnelSpec.Order.STRICT, null, "Product Viewed", "Product Added"))
                        .series()
                        .get(0)
                        .persons())
                .containsExactly(3L, 2L);
        assertThat(golden(log, spec(FunnelSpec.Order.ORDERED, null, "Product Viewed", "Product Added"))
                        .series()
                        .get(0)
                        .persons())
                .containsExactly(3L, 3L);
    }

    @Test
    void unorderedTakesAnyOrder() {
        List<Event> log = List.of(
                event("a1", "a", "Order Completed", T0, null, null),
                event("a2", "a", "Product Viewed", T0.plusSeconds(60), null, null),
                event("b1", "b", "Order Completed", T0, null, null),
                event("c1", "c", "Product Viewed", T0, null, null),
                event("c2", "c", "Product Viewed", T0.plusSeconds(5), null, null));
        FunnelResult unordered =
                golden(log, spec(FunnelSpec.Order.UNORDERED, null, "Product Viewed", "Order Completed"));
        assertThat(unordered.series().get(0).persons()).containsExactly(3L, 1L);
        assertThat(unordered.series().get(0).timeToConvert().get(1).sumSeconds())
                .isEqualTo(60.0);
        FunnelResult ordered = golden(log, spec(FunnelSpec.Order.ORDERED, null, "Product Viewed", "Order Completed"));
        assertThat(ordered.series().get(0).persons()).containsExactly(2L, 0L);
    }

    @Test
    void exclusionStopsTheAttemptAtTheLastStepBeforeIt() {
        List<Event> log = List.of(
                // a: view, add, coupon removed, order: reaches step 2 (the removal is before step 3)
                event("a1", "a", "Product Viewed", T0, null, null),
                event("a2", "a", "Product Added", T0.plusSeconds(10), null, null),
                event("a3", "a", "Coupon Removed", T0.plusSeconds(20), null, null),
                event("a4", "a", "Order Completed", T0.plusSeconds(30), null, null),
                // b: removal after the order: converts
                event("b1", "b", "Product Viewed", T0, null, null),
                event("b2", "b", "Product Added", T0.plusSeconds(10), null, null),
                event("b3", "b", "Order Completed", T0.plusSeconds(30), null, null),
                event("b4", "b", "Coupon Removed", T0.plusSeconds(40), null, null),
                // c: removal between view and add: stays at step 1; a later attempt converts
                event("c1", "c", "Product Viewed", T0, null, null),
                event("c2", "c", "Coupon Removed", T0.plusSeconds(5), null, null),
                event("c3", "c", "Product Added", T0.plusSeconds(10), null, null),
                event("d1", "d", "Product Viewed", T0, null, null),
                event("d2", "d", "Coupon Removed", T0.plusSeconds(5), null, null),
                event("d3", "d", "Product Viewed", T0.plusSeconds(6), null, null),
                event("d4", "d", "Product Added", T0.plusSeconds(10), null, null),
                event("d5", "d", "Order Completed", T0.plusSeconds(30), null, null));
        FunnelSpec spec = new FunnelSpec(
                List.of(
                        FunnelStep.of("Product Viewed"),
                        FunnelStep.of("Product Added"),
                        FunnelStep.of("Order Completed")),
                FunnelSpec.Order.ORDERED,
                null,
                range(),
                List.of(new FunnelExclusion(FunnelStep.of("Coupon Removed"), 1, 3)),
                null);
        assertThat(golden(log, spec).series().get(0).persons()).containsExactly(4L, 3L, 2L);
    }

    @Test
    void breakdownAndFilters() {
        List<Event> log = List.of(
                event("a1", "a", "Product Viewed", T0, "数码", "free"),
                event("a2", "a", "Product Viewed", T0.plusSeconds(5), "美妆", "pro"),
                event("a3", "a", "Order Completed", T0.plusSeconds(10), "美妆", "pro"),
                event("b1", "b", "Product Viewed", T0, "食品", null),
                event("c1", "c", "Product Viewed", T0, null, "pro"));
        FunnelSpec first = new FunnelSpec(
                List.of(FunnelStep.of("Product Viewed"), FunnelStep.of("Order Completed")),
                FunnelSpec.Order.ORDERED,
                null,
                range(),
                null,
                new FunnelBreakdown("category", FunnelBreakdown.Attribution.FIRST_TOUCH, 0));
        FunnelResult byFirst = golden(log, first);
        assertThat(byFirst.series())
                .extracting(FunnelResult.Series::breakdownValue)
                .containsExactly("数码", "食品", null);
        assertThat(byFirst.series().get(0).persons()).containsExactly(1L, 1L);
        FunnelSpec last = new FunnelSpec(
                first.steps(),
                first.order(),
                null,
                range(),
                null,
                new FunnelBreakdown("plan", FunnelBreakdown.Attribution.LAST_TOUCH, 0));
        assertThat(golden(log, last).series())
                .extracting(FunnelResult.Series::breakdownValue)
                .containsExactly("pro", null);
        FunnelSpec filtered = new FunnelSpec(
                List.of(
                        new FunnelStep(
                                "Product Viewed",
                                List.of(new PropertyFilter(
                                        "plan", PropertyFilter.Operator.NOT_EQUALS, List.of("free")))),
                        new FunnelStep(
                                "Order Completed",
                                List.of(new PropertyFilter(
                                        "category", PropertyFilter.Operator.CONTAINS, List.of("妆"))))),
                FunnelSpec.Order.ORDERED,
                null,
                range());
        assertThat(golden(log, filtered).series().get(0).persons()).containsExactly(3L, 1L);
    }

    @Test
    void specValidation() {
        assertThatThrownBy(() -> spec(FunnelSpec.Order.ORDERED, null, "Product Viewed"))
                .hasMessage("steps must be 2 to 20, found 1");
        assertThatThrownBy(() -> spec(FunnelSpec.Order.ORDERED, Duration.ZERO, "A", "B"))
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> new FunnelSpec(
                        List.of(FunnelStep.of("A"), FunnelStep.of("B")),
                        FunnelSpec.Order.ORDERED,
                        null,
                        range(),
                        List.of(new FunnelExclusion(FunnelStep.of("A"), 1, 2)),
                        null))
                .hasMessageContaining("also a step event");
    }

    @Test
    void mergedIdentitiesFormOneFunnel() throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("merge")))) {
            DuckDbEventStore store = new DuckDbEventStore(db);
            DuckDbIdentityStore identities = new DuckDbIdentityStore(db);
            DuckDbAnalyticsEngine funnels = new DuckDbAnalyticsEngine(db);
            store.append(List.of(
                    track("m1", null, "anon-1", "Product Viewed", 0),
                    track("m2", null, "anon-1", "Product Added", 60),
                    identify("m3", "user-1", "anon-1", 120),
                    track("m4", "user-1", null, "Checkout Started", 180),
                    track("m5", "user-1", null, "Order Completed", 240)));
            FunnelSpec spec = spec(FunnelSpec.Order.ORDERED, null, STEPS);
            assertThat(funnels.funnel(spec).series().get(0).persons()).containsExactly(1L, 1L, 0L, 0L);
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                FunnelResult merged = funnels.funnel(spec);
                assertThat(funnels.funnelPersons(new FunnelPersonsSpec(spec, 4, false, null, null, null, 10))
                                .persons())
                        .containsExactly(persons.personOf(new dev.lodestar.core.identity.Identity(
                                dev.lodestar.core.identity.IdentityType.USER_ID, "user-1")));
                assertThat(merged.series().get(0).persons()).containsExactly(1L, 1L, 1L, 1L);
                assertThat(merged.series().get(0).timeToConvert().get(3).sumSeconds())
                        .isEqualTo(240.0);
            }
        }
    }

    // ---- helpers

    private FunnelResult golden(List<Event> log, FunnelSpec spec) {
        FunnelResult expected = ReferenceFunnel.funnel(log, spec);
        try (DuckDbDatabase db = DuckDbDatabase.open(directory.resolve("golden-" + System.nanoTime()))) {
            new DuckDbEventStore(db).append(log);
            FunnelResult actual = new DuckDbAnalyticsEngine(db).funnel(spec);
            assertSame(actual, expected, spec);
            return actual;
        }
    }

    private static void assertSame(FunnelResult actual, FunnelResult expected, FunnelSpec spec) {
        assertThat(actual.stepCount()).isEqualTo(expected.stepCount());
        assertThat(actual.series()).as("series of %s", spec).hasSameSizeAs(expected.series());
        for (int i = 0; i < expected.series().size(); i++) {
            FunnelResult.Series a = actual.series().get(i);
            FunnelResult.Series e = expected.series().get(i);
            assertThat(a.breakdownValue()).as("value %d of %s", i, spec).isEqualTo(e.breakdownValue());
            assertThat(a.persons())
                    .as("persons of %s in %s", e.breakdownValue(), spec)
                    .isEqualTo(e.persons());
            for (int k = 0; k < e.timeToConvert().size(); k++) {
                ConversionTimes at = a.timeToConvert().get(k);
                ConversionTimes et = e.timeToConvert().get(k);
                assertThat(at.count()).as("times %d of %s", k, spec).isEqualTo(et.count());
                assertThat(at.histogram()).as("histogram %d of %s", k, spec).isEqualTo(et.histogram());
                assertThat(at.sumSeconds())
                        .as("sum %d of %s", k, spec)
                        .isCloseTo(et.sumSeconds(), org.assertj.core.data.Offset.offset(1e-6 * (1 + et.sumSeconds())));
            }
        }
    }

    private static FunnelSpec randomSpec(SplittableRandom random) {
        FunnelSpec.Order order = FunnelSpec.Order.values()[random.nextInt(3)];
        int n = 2 + random.nextInt(order == FunnelSpec.Order.UNORDERED ? 3 : 5);
        List<FunnelStep> steps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String name = random.nextInt(3) == 0 ? STEPS[random.nextInt(2)] : STEPS[random.nextInt(STEPS.length)];
            List<PropertyFilter> filters = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                filters.add(randomFilter(random));
            }
            steps.add(new FunnelStep(name, filters));
        }
        Duration window =
                switch (random.nextInt(5)) {
                    case 0 -> Duration.ofHours(1);
                    case 1 -> Duration.ofDays(1);
                    case 2 -> Duration.ofDays(3);
                    case 3 -> Duration.ofMinutes(7);
                    default -> Duration.ofSeconds(1 + random.nextInt(500_000));
                };
        LocalDate start = FIRST_DAY.plusDays(random.nextInt(-2, 18));
        TimeRange range = new TimeRange(
                start.atStartOfDay(ZONE).toInstant(),
                start.plusDays(1 + random.nextInt(14)).atStartOfDay(ZONE).toInstant(),
                ZONE);
        List<FunnelExclusion> exclusions = new ArrayList<>();
        if (order != FunnelSpec.Order.UNORDERED && random.nextInt(3) == 0) {
            int count = 1 + random.nextInt(2);
            for (int e = 0; e < count; e++) {
                int from = 1 + random.nextInt(n - 1);
                int to = from + 1 + random.nextInt(n - from);
                FunnelStep event = new FunnelStep(
                        OTHERS[random.nextInt(2)], random.nextInt(3) == 0 ? List.of(randomFilter(random)) : List.of());
                exclusions.add(new FunnelExclusion(event, from, to));
            }
        }
        FunnelBreakdown breakdown = null;
        if (random.nextInt(3) == 0) {
            FunnelBreakdown.Attribution attribution = FunnelBreakdown.Attribution.values()[random.nextInt(3)];
            breakdown = new FunnelBreakdown(
                    random.nextBoolean() ? "category" : "plan",
                    attribution,
                    attribution == FunnelBreakdown.Attribution.STEP ? 1 + random.nextInt(n) : 0);
        }
        return new FunnelSpec(steps, order, window, range, exclusions, breakdown);
    }

    private static PropertyFilter randomFilter(SplittableRandom random) {
        boolean category = random.nextBoolean();
        String[] values = category ? CATEGORIES : PLANS;
        PropertyFilter.Operator operator = PropertyFilter.Operator.values()[random.nextInt(4)];
        List<String> chosen = new ArrayList<>();
        chosen.add(
                operator == PropertyFilter.Operator.CONTAINS
                        ? (category ? "妆" : "pro")
                        : values[random.nextInt(values.length)]);
        if (random.nextBoolean()) {
            chosen.add(values[random.nextInt(values.length)]);
        }
        return new PropertyFilter(category ? "category" : "plan", operator, chosen);
    }

    private static FunnelSpec spec(FunnelSpec.Order order, Duration window, String... steps) {
        List<FunnelStep> list = new ArrayList<>();
        for (String s : steps) {
            list.add(FunnelStep.of(s));
        }
        return new FunnelSpec(list, order, window, range());
    }

    private static TimeRange range() {
        return new TimeRange(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), ZONE);
    }

    private static Event event(String id, String person, String name, Instant ts, String category, String plan) {
        return TestingEvents.trackWith(id, person, name, ts, category, plan);
    }

    private static Event track(String id, String user, String anonymous, String name, int seconds) {
        return TestingEvents.track(id, user, anonymous, name, T0.plusSeconds(seconds));
    }

    private static Event identify(String id, String user, String anonymous, int seconds) {
        return TestingEvents.identify(id, user, anonymous, "{}", T0.plusSeconds(seconds));
    }
}
