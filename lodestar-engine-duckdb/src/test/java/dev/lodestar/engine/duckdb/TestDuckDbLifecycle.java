package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.RetentionSpec.Period;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.MergingLog;
import dev.lodestar.testing.ReferenceLifecycle;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle on DuckDB against the brute-force {@link ReferenceLifecycle}: random specs on random logs
 * with persons merged by identify calls, in zones with and without daylight saving, with events on
 * and around local midnights and equal timestamps, with and without event property and person
 * trait filters; golden cases for each rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbLifecycle {
    static final List<ZoneId> ZONES =
            List.of(ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Shanghai"));
    // spans the 2026 changes of New York (Mar 8, Nov 1) and Lord Howe (Apr 5, Oct 4)
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 2, 1);
    static final int DAYS = 300;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    static Path directory;

    private TestingMergedStores stores;

    @BeforeAll
    void load() throws Exception {
        stores = new TestingMergedStores(directory, 40, ZONES, FIRST_DAY, DAYS, 150);
    }

    @AfterAll
    void close() {
        stores.close();
    }

    @Test
    void randomSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(7);
        long[] seen = new long[4];
        for (int i = 0; i < 240; i++) {
            int z = i % ZONES.size();
            LifecycleSpec spec = randomSpec(random, ZONES.get(z));
            MergingLog log = stores.log(z);
            LifecycleResult expected = ReferenceLifecycle.lifecycle(log.events(), spec, log::person);
            LifecycleResult actual = stores.engine(z).lifecycle(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            for (LifecycleResult.Row row : expected.periods()) {
                seen[0] += row.newPersons();
                seen[1] += row.returning();
                seen[2] += row.resurrecting();
                seen[3] -= row.dormant();
            }
        }
        for (long n : seen) {
            assertThat(n).as("new, returning, resurrecting, dormant seen").isGreaterThan(200);
        }
    }

    @Test
    void randomFilteredSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(17);
        int narrowed = 0;
        long active = 0;
        for (int i = 0; i < 150; i++) {
            int z = i % ZONES.size();
            LifecycleSpec plain = randomSpec(random, ZONES.get(z));
            LifecycleSpec spec = new LifecycleSpec(
                    plain.event(),
                    TestingMergedStores.randomFilters(random),
                    TestingMergedStores.randomTraitFilters(random),
                    plain.period(),
                    plain.range());
            MergingLog log = stores.log(z);
            LifecycleResult expected = ReferenceLifecycle.lifecycle(log.events(), spec, log::person, log.traits());
            assertThat(stores.engine(z).lifecycle(spec)).as("%s", spec).isEqualTo(expected);
            if (!expected.equals(ReferenceLifecycle.lifecycle(log.events(), plain, log::person))) {
                narrowed++;
            }
            for (LifecycleResult.Row row : expected.periods()) {
                active += row.active();
            }
        }
        assertThat(narrowed).as("specs whose filters changed the answer").isGreaterThan(60);
        assertThat(active).as("active persons seen with filters").isGreaterThan(500);
    }

    @Test
    void goldenFilters() throws Exception {
        // a (gold) orders with plan pro in week 0 and plan free in week 1; b (silver) orders with pro
        LocalDate w0 = LocalDate.of(2026, 3, 2);
        List<Event> log = List.of(
                TestingEvents.identify("ia", "a", null, "{\"tier\":\"gold\"}", at(w0.minusDays(1))),
                TestingEvents.identify("ib", "b", null, "{\"tier\":\"silver\"}", at(w0.minusDays(1))),
                TestingEvents.trackWith("a1", "a", "Order Completed", at(w0), null, "pro"),
                TestingEvents.trackWith("a2", "a", "Order Completed", at(w0.plusDays(7)), null, "free"),
                TestingEvents.trackWith("b1", "b", "Order Completed", at(w0.plusDays(8)), null, "pro"));
        PropertyFilter pro = new PropertyFilter("plan", PropertyFilter.Operator.EQUALS, List.of("pro"));
        PropertyFilter gold = new PropertyFilter("tier", PropertyFilter.Operator.EQUALS, List.of("gold"));
        TimeRange range = weeks(w0, 2, NEW_YORK);
        try (DuckDbDatabase db = TestingMergedStores.resolvedStore(directory.resolve("golden-filters"), log)) {
            DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(db);
            // plan = pro: a new in week 0 and dormant in week 1, b new in week 1
            assertThat(engine.lifecycle(new LifecycleSpec(null, List.of(pro), List.of(), Period.WEEK, range))
                            .periods())
                    .containsExactly(
                            new LifecycleResult.Row(w0, 1, 0, 0, 0),
                            new LifecycleResult.Row(w0.plusDays(7), 1, 0, 0, -1));
            // tier = gold: only a, returning in week 1
            assertThat(engine.lifecycle(new LifecycleSpec(null, List.of(), List.of(gold), Period.WEEK, range))
                            .periods())
                    .containsExactly(
                            new LifecycleResult.Row(w0, 1, 0, 0, 0),
                            new LifecycleResult.Row(w0.plusDays(7), 0, 1, 0, 0));
        }
    }

    @Test
    void mergedPersonsAreOnePerson() {
        // the reference without merging disagrees: merging is what the engine must see
        MergingLog log = stores.log(0);
        LifecycleSpec spec = new LifecycleSpec(null, Period.WEEK, weeks(FIRST_DAY.plusDays(1), 30, NEW_YORK));
        assertThat(stores.engine(0).lifecycle(spec))
                .isEqualTo(ReferenceLifecycle.lifecycle(log.events(), spec, log::person))
                .isNotEqualTo(ReferenceLifecycle.lifecycle(log.events(), spec));
    }

    @Test
    void goldenWeeks() throws Exception {
        // weeks from Monday 2026-03-02 in New York; 2026-03-08 is 23 hours long
        LocalDate w0 = LocalDate.of(2026, 3, 2);
        Instant weekEnd = LocalDate.of(2026, 3, 9).atStartOfDay(NEW_YORK).toInstant();
        List<Event> log = List.of(
                // a: before the range, week 0, week 1 (exactly at its start), week 3
                track("a0", "a", "App Opened", at(w0.minusDays(20))),
                track("a1", "a", "App Opened", at(w0.plusDays(2))),
                track("a2", "a", "App Opened", weekEnd),
                track("a3", "a", "App Opened", at(w0.plusDays(21))),
                // b: new in week 0 (a microsecond before its end), then gone
                track("b1", "b", "Order Completed", weekEnd.minusNanos(1000)),
                // c: new in week 1, also week 2
                track("c1", "c", "App Opened", at(w0.plusDays(8))),
                track("c2", "c", "App Opened", at(w0.plusDays(15))),
                // d: active in the week before the range only
                track("d1", "d", "App Opened", at(w0.minusDays(3))));
        LifecycleSpec spec = new LifecycleSpec(null, Period.WEEK, weeks(w0, 4, NEW_YORK));
        LifecycleResult result = golden(log, spec);
        assertThat(result.periods())
                .containsExactly(
                        new LifecycleResult.Row(w0, 1, 0, 1, -1), // b new, a resurrecting, d dormant
                        new LifecycleResult.Row(w0.plusDays(7), 1, 1, 0, -1), // c new, a returning, b dormant
                        new LifecycleResult.Row(w0.plusDays(14), 0, 1, 0, -1), // c returning, a dormant
                        new LifecycleResult.Row(w0.plusDays(21), 0, 0, 1, -1)); // a resurrecting, c dormant
        // only "Order Completed" counts: b is new in week 0 and dormant in week 1, nothing else
        LifecycleResult orders = golden(log, new LifecycleSpec("Order Completed", Period.WEEK, weeks(w0, 4, NEW_YORK)));
        assertThat(orders.periods())
                .extracting(LifecycleResult.Row::active, LifecycleResult.Row::dormant)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(0L, -1L),
                        org.assertj.core.groups.Tuple.tuple(0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(0L, 0L));
        // a range starting mid-week shows the weeks that start in it
        LifecycleSpec midWeek =
                new LifecycleSpec(null, Period.WEEK, new TimeRange(at(w0.plusDays(1)), at(w0.plusDays(15)), NEW_YORK));
        assertThat(golden(log, midWeek).periods())
                .extracting(LifecycleResult.Row::start)
                .containsExactly(w0.plusDays(7), w0.plusDays(14));
    }

    @Test
    void identifyCallsAreNotActivity() throws Exception {
        LocalDate d0 = LocalDate.of(2026, 3, 7);
        List<Event> log = List.of(
                TestingEvents.identify("i1", "a", null, "{}", at(d0)),
                track("a1", "a", "App Opened", at(d0.plusDays(1))));
        LifecycleResult result = golden(log, new LifecycleSpec(null, Period.DAY, days(d0, 3)));
        assertThat(result.periods())
                .containsExactly(
                        new LifecycleResult.Row(d0, 0, 0, 0, 0),
                        new LifecycleResult.Row(d0.plusDays(1), 1, 0, 0, 0),
                        new LifecycleResult.Row(d0.plusDays(2), 0, 0, 0, -1));
    }

    @Test
    void specValidation() {
        assertThatThrownBy(() -> new LifecycleSpec(" ", Period.DAY, days(FIRST_DAY, 3)))
                .hasMessage("event name is blank (use null for any event)");
        assertThatThrownBy(() -> new LifecycleSpec(null, Period.DAY, days(FIRST_DAY, 1500)))
                .hasMessageContaining("more than 1000 day periods");
    }

    // ---- helpers

    private LifecycleResult golden(List<Event> log, LifecycleSpec spec) throws Exception {
        LifecycleResult expected = ReferenceLifecycle.lifecycle(log, spec);
        try (DuckDbDatabase db =
                TestingMergedStores.resolvedStore(directory.resolve("golden-" + System.nanoTime()), log)) {
            LifecycleResult actual = new DuckDbAnalyticsEngine(db).lifecycle(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            return actual;
        }
    }

    private static LifecycleSpec randomSpec(SplittableRandom random, ZoneId zone) {
        Period period = Period.values()[random.nextInt(3)];
        LocalDate from = FIRST_DAY.plusDays(random.nextInt(-10, DAYS - 5));
        int length =
                switch (period) {
                    case DAY -> 1 + random.nextInt(40);
                    case WEEK -> 1 + random.nextInt(120);
                    case MONTH -> 1 + random.nextInt(300);
                };
        Instant fromInstant = random.nextInt(4) == 0
                ? from.atStartOfDay(zone).toInstant().plusSeconds(random.nextLong(86_400))
                : from.atStartOfDay(zone).toInstant();
        TimeRange range = new TimeRange(
                fromInstant, from.plusDays(length).atStartOfDay(zone).toInstant(), zone);
        String event = random.nextInt(3) == 0 ? null : MergingLog.NAMES[random.nextInt(MergingLog.NAMES.length)];
        return new LifecycleSpec(event, period, range);
    }

    static TimeRange days(LocalDate first, int count) {
        return new TimeRange(
                first.atStartOfDay(NEW_YORK).toInstant(),
                first.plusDays(count).atStartOfDay(NEW_YORK).toInstant(),
                NEW_YORK);
    }

    static TimeRange weeks(LocalDate first, int count, ZoneId zone) {
        return new TimeRange(
                first.atStartOfDay(zone).toInstant(),
                first.plusWeeks(count).atStartOfDay(zone).toInstant(),
                zone);
    }

    static Instant at(LocalDate day) {
        return day.atTime(12, 0).atZone(NEW_YORK).toInstant();
    }

    static Event track(String id, String person, String name, Instant at) {
        return TestingEvents.track(id, person, null, name, at);
    }
}
