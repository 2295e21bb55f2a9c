package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.core.analysis.RetentionMath;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.analysis.RetentionResult;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.RetentionSpec.CohortType;
import dev.lodestar.spi.analysis.RetentionSpec.Mode;
import dev.lodestar.spi.analysis.RetentionSpec.Period;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.testing.ReferenceRetention;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on DuckDB against the brute-force {@link ReferenceRetention}: hundreds of random specs
 * on random logs in four zones (three with daylight saving, Lord Howe's by half an hour, and
 * Shanghai without), with events exactly on and a microsecond around local midnights, equal
 * timestamps and repeated events; golden cases for each rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbRetention {
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("America/New_York"),
            ZoneId.of("Europe/London"),
            ZoneId.of("Asia/Shanghai"),
            ZoneId.of("Australia/Lord_Howe"));
    private static final String[] NAMES = {"Signed Up", "Product Viewed", "Order Completed", "App Opened"};
    private static final String[] PLANS = {"free", "pro", "团队"};
    private static final String[] TIERS = {"gold", "silver", "铜", null};
    // spans the 2026 changes of New York (Mar 8), London (Mar 29) and Lord Howe (Apr 5)
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 20);
    private static final int DAYS = 120;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @TempDir
    static Path directory;

    private final List<DuckDbDatabase> databases = new ArrayList<>();
    private final List<List<Event>> logs = new ArrayList<>();

    @BeforeAll
    void load() throws Exception {
        for (int z = 0; z < ZONES.size(); z++) {
            List<Event> log = randomLog(ZONES.get(z), 100 + z);
            DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("random-" + z)));
            new DuckDbEventStore(db).append(log);
            databases.add(db);
            logs.add(log);
        }
    }

    @AfterAll
    void close() {
        databases.forEach(DuckDbDatabase::close);
    }

    @Test
    void randomSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(23);
        int retained = 0;
        int incomplete = 0;
        for (int i = 0; i < 480; i++) {
            int z = i % ZONES.size();
            RetentionSpec spec = randomSpec(random, ZONES.get(z));
            RetentionResult expected = ReferenceRetention.retention(logs.get(z), spec);
            RetentionResult actual = new DuckDbAnalyticsEngine(databases.get(z)).retention(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            RetentionResult.Series total = RetentionMath.total(expected);
            for (RetentionResult.Cohort c : total.cohorts()) {
                if (c.counts().size() > 1 && c.counts().get(1) > 0) {
                    retained++;
                }
                if (c.completeCells() <= spec.periods()) {
                    incomplete++;
                }
            }
        }
        assertThat(retained).as("cohorts with returns in period 1").isGreaterThan(300);
        assertThat(incomplete).as("cohorts with incomplete cells").isGreaterThan(300);
    }

    @Test
    void randomTraitBreakdownsMatchReference() throws Exception {
        // signed-in users who were anonymous first, with tier traits set (and changed) by identify calls
        SplittableRandom random = new SplittableRandom(37);
        int split = 0;
        for (int z = 0; z < ZONES.size(); z += 2) {
            ZoneId zone = ZONES.get(z);
            List<Event> log = randomLog(zone, 300 + z);
            List<TraitValue> traits = new ArrayList<>();
            Map<String, String> personOf = new HashMap<>();
            Instant start = FIRST_DAY.atStartOfDay(zone).toInstant();
            for (int p = 0; p < 160; p++) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                String anonymous = "a" + p;
                for (int i = random.nextInt(3); i > 0; i--) {
                    Instant t = start.plusSeconds(random.nextLong(DAYS * 86_400L));
                    log.add(track("t" + p + "-" + i, null, anonymous, NAMES[random.nextInt(NAMES.length)], t));
                }
                for (int i = 1 + random.nextInt(2); i > 0; i--) {
                    String tier = TIERS[random.nextInt(TIERS.length)];
                    String json = tier == null ? "null" : "\"" + tier + "\"";
                    Instant at = start.plusSeconds(p * 86_400L / 2 + i * 60L);
                    Event identify = TestingEvents.identify(
                            "i" + p + "-" + i, "u" + p, anonymous, "{\"tier\":" + json + "}", at);
                    log.add(identify);
                    traits.add(new TraitValue(identify.personKey(), "tier", json, "test", at));
                }
                personOf.put("anonymous_id:" + anonymous, "user_id:u" + p);
            }
            try (DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("traits-" + z)))) {
                new DuckDbEventStore(db).append(log);
                new PersonService(new DuckDbIdentityStore(db), new Normalizer(IdentityConfig.defaults())).close();
                for (int i = 0; i < 60; i++) {
                    RetentionSpec spec = randomSpec(random, zone)
                            .withBreakdown(random.nextInt(5) == 0 ? "plan" : "tier", TrendBreakdown.Source.PERSON);
                    RetentionResult expected = ReferenceRetention.retention(log, personOf, traits, spec);
                    RetentionResult actual = new DuckDbAnalyticsEngine(db).retention(spec);
                    assertThat(actual).as("%s", spec).isEqualTo(expected);
                    if (expected.series().stream().filter(s -> s.persons() > 0).count() > 2) {
                        split++;
                    }
                }
            }
        }
        assertThat(split).as("tables split into more than two tiers").isGreaterThan(40);
    }

    @Test
    void partitionsByPersonMergeByAddition() throws Exception {
        // the log of London split by person into two stores: per value, the merged tables equal the whole
        int z = 1;
        List<List<Event>> parts = List.of(new ArrayList<>(), new ArrayList<>());
        for (Event e : logs.get(z)) {
            parts.get(Math.floorMod(e.personKey().hashCode(), 2)).add(e);
        }
        List<DuckDbDatabase> stores = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("part-" + i)));
                stores.add(db);
                new DuckDbEventStore(db).append(parts.get(i));
            }
            SplittableRandom random = new SplittableRandom(31);
            for (int i = 0; i < 40; i++) {
                RetentionSpec spec = randomSpec(random, ZONES.get(z));
                RetentionResult whole = new DuckDbAnalyticsEngine(databases.get(z)).retention(spec);
                java.util.Map<String, List<RetentionResult.Series>> byValue = new java.util.HashMap<>();
                for (DuckDbDatabase db : stores) {
                    for (RetentionResult.Series s :
                            new DuckDbAnalyticsEngine(db).retention(spec).series()) {
                        byValue.computeIfAbsent(s.breakdownValue(), v -> new ArrayList<>())
                                .add(s);
                    }
                }
                List<RetentionResult.Series> merged = new ArrayList<>();
                byValue.forEach((v, list) -> merged.add(RetentionMath.merge(v, list, spec.periods())));
                merged.sort(DuckDbRetention.ORDER);
                assertThat(new RetentionResult(spec.periods(), merged))
                        .as("%s", spec)
                        .isEqualTo(whole);
            }
        } finally {
            stores.forEach(DuckDbDatabase::close);
        }
    }

    // ---- golden cases

    @Test
    void firstTimeAndRecurringCohorts() {
        // daily periods in London; a: active days 1, 2, 4; b: days 2, 3; c: day 1 only
        LocalDate d1 = LocalDate.of(2026, 3, 2);
        List<Event> log = List.of(
                event("a1", "a", "App Opened", at(d1, 10, 0), null),
                event("a2", "a", "App Opened", at(d1.plusDays(1), 10, 0), null),
                event("a4", "a", "App Opened", at(d1.plusDays(3), 10, 0), null),
                event("b2", "b", "App Opened", at(d1.plusDays(1), 9, 0), null),
                event("b3", "b", "App Opened", at(d1.plusDays(2), 9, 0), null),
                event("c1", "c", "App Opened", at(d1, 23, 59), null));
        TimeRange range = days(d1, 4);
        RetentionResult first = golden(
                log,
                new RetentionSpec("App Opened", CohortType.FIRST_TIME, "App Opened", Period.DAY, 3, Mode.ON, range));
        List<RetentionResult.Cohort> rows = first.series().get(0).cohorts();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).size()).isEqualTo(2); // a, c
        assertThat(rows.get(0).counts()).containsExactly(2L, 1L, 0L, 1L);
        assertThat(rows.get(1).counts()).containsExactly(1L, 1L, 0L, 0L); // b
        assertThat(rows.get(2).size()).isZero(); // a and b were not new on day 3
        RetentionResult recurring = golden(
                log,
                new RetentionSpec("App Opened", CohortType.RECURRING, "App Opened", Period.DAY, 3, Mode.ON, range));
        rows = recurring.series().get(0).cohorts();
        assertThat(rows.get(1).size()).isEqualTo(2); // a and b on day 2
        assertThat(rows.get(1).counts()).containsExactly(2L, 1L, 1L, 0L);
        assertThat(rows.get(3).counts()).containsExactly(1L, 0L, 0L, 0L);
        // unbounded: returned on day k or any later day
        RetentionResult unbounded = golden(
                log,
                new RetentionSpec(
                        "App Opened", CohortType.FIRST_TIME, "App Opened", Period.DAY, 3, Mode.ON_OR_AFTER, range));
        assertThat(unbounded.series().get(0).cohorts().get(0).counts()).containsExactly(2L, 1L, 1L, 1L);
        // a first occurrence before the range keeps the person out of every first-time cohort
        List<Event> early = new ArrayList<>(log);
        early.add(event("a0", "a", "App Opened", at(d1.minusDays(20), 10, 0), null));
        assertThat(golden(
                                early,
                                new RetentionSpec(
                                        "App Opened",
                                        CohortType.FIRST_TIME,
                                        "App Opened",
                                        Period.DAY,
                                        3,
                                        Mode.ON,
                                        range))
                        .series()
                        .get(0)
                        .cohorts()
                        .get(0)
                        .counts())
                .containsExactly(1L, 0L, 0L, 0L);
    }

    @Test
    void differentReturnEventAndAnyEvent() {
        LocalDate d1 = LocalDate.of(2026, 3, 2);
        List<Event> log = List.of(
                event("a1", "a", "Signed Up", at(d1, 10, 0), null),
                event("a2", "a", "Product Viewed", at(d1.plusDays(1), 10, 0), null),
                event("a3", "a", "Order Completed", at(d1.plusDays(2), 10, 0), null),
                event("b1", "b", "Product Viewed", at(d1, 10, 0), null),
                event("b2", "b", "Order Completed", at(d1.plusDays(1), 10, 0), null));
        TimeRange range = days(d1, 1);
        Instant asOf = at(d1.plusDays(10), 0, 0);
        RetentionResult orders = golden(
                log,
                new RetentionSpec(
                        "Signed Up",
                        CohortType.FIRST_TIME,
                        "Order Completed",
                        Period.DAY,
                        2,
                        Mode.ON,
                        range,
                        asOf,
                        null,
                        null));
        assertThat(orders.series().get(0).cohorts().get(0).counts()).containsExactly(1L, 0L, 1L);
        // observed only until the range's end, the later returns are not seen
        RetentionResult early = golden(
                log,
                new RetentionSpec(
                        "Signed Up", CohortType.FIRST_TIME, "Order Completed", Period.DAY, 2, Mode.ON, range));
        assertThat(early.series().get(0).cohorts().get(0).counts()).containsExactly(1L, 0L, 0L);
        assertThat(early.series().get(0).cohorts().get(0).completeCells()).isEqualTo(1);
        RetentionResult any = golden(
                log,
                new RetentionSpec(null, CohortType.FIRST_TIME, null, Period.DAY, 2, Mode.ON, range, asOf, null, null));
        assertThat(any.series().get(0).cohorts().get(0).counts()).containsExactly(2L, 2L, 1L);
    }

    @Test
    void periodsAreCutAtLocalMidnightAcrossDaylightSaving() {
        ZoneId ny = ZoneId.of("America/New_York");
        // 2026-03-08 is 23 hours long in New York; the week of Monday 2026-03-02 ends at local
        // midnight of 2026-03-09, which is 04:00 UTC (not 05:00)
        Instant weekEnd = LocalDate.of(2026, 3, 9).atStartOfDay(ny).toInstant();
        assertThat(weekEnd).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        List<Event> log = List.of(
                event("a1", "a", "App Opened", Instant.parse("2026-03-02T15:00:00Z"), null),
                event("a2", "a", "App Opened", weekEnd.minusNanos(1000), null), // still week 0
                event("b1", "b", "App Opened", Instant.parse("2026-03-02T15:00:00Z"), null),
                event("b2", "b", "App Opened", weekEnd, null), // exactly week 1
                event("c1", "c", "App Opened", weekEnd.minusSeconds(3600), null)); // 23:00 on Sunday: week 0
        TimeRange range = new TimeRange(
                LocalDate.of(2026, 3, 2).atStartOfDay(ny).toInstant(),
                LocalDate.of(2026, 3, 9).atStartOfDay(ny).toInstant(),
                ny);
        RetentionResult weekly = golden(
                log,
                new RetentionSpec(
                        "App Opened",
                        CohortType.FIRST_TIME,
                        "App Opened",
                        Period.WEEK,
                        2,
                        Mode.ON,
                        range,
                        Instant.parse("2026-04-01T00:00:00Z"),
                        null,
                        null));
        assertThat(weekly.series().get(0).cohorts()).hasSize(1);
        assertThat(weekly.series().get(0).cohorts().get(0).counts()).containsExactly(3L, 1L, 0L);
        // a range starting mid-week holds no cohort for that week
        RetentionSpec midWeek = new RetentionSpec(
                "App Opened",
                CohortType.FIRST_TIME,
                "App Opened",
                Period.WEEK,
                2,
                Mode.ON,
                new TimeRange(Instant.parse("2026-03-03T12:00:00Z"), weekEnd, ny));
        assertThat(golden(log, midWeek).series().get(0).cohorts()).isEmpty();
    }

    @Test
    void incompleteCellsAndAverageCurve() {
        LocalDate d1 = LocalDate.of(2026, 3, 2);
        List<Event> log = List.of(
                event("a1", "a", "App Opened", at(d1, 10, 0), "free"),
                event("a2", "a", "App Opened", at(d1.plusDays(1), 10, 0), null),
                event("b1", "b", "App Opened", at(d1, 11, 0), "pro"),
                event("c1", "c", "App Opened", at(d1.plusDays(1), 8, 0), "pro"),
                event("c2", "c", "App Opened", at(d1.plusDays(2), 8, 0), null),
                // after the observation end: ignored
                event("b9", "b", "App Opened", at(d1.plusDays(2), 13, 0), null));
        // observed until noon of day 3
        Instant asOf = at(d1.plusDays(2), 12, 0);
        RetentionSpec spec = new RetentionSpec(
                "App Opened",
                CohortType.FIRST_TIME,
                "App Opened",
                Period.DAY,
                3,
                Mode.ON,
                days(d1, 3),
                asOf,
                null,
                null);
        RetentionResult result = golden(log, spec);
        List<RetentionResult.Cohort> rows = result.series().get(0).cohorts();
        assertThat(rows.get(0).counts()).containsExactly(2L, 1L, 0L, 0L);
        assertThat(rows.get(0).completeCells()).isEqualTo(2); // days 1 and 2 ended, day 3 has not
        assertThat(rows.get(1).counts()).containsExactly(1L, 1L, 0L, 0L);
        assertThat(rows.get(1).completeCells()).isEqualTo(1);
        assertThat(rows.get(2).completeCells()).isZero();
        assertThat(RetentionMath.rates(rows.get(0))).containsExactly(1.0, 0.5, 0.0, 0.0);
        List<RetentionMath.AveragePoint> curve =
                RetentionMath.average(result.series().get(0), 3);
        assertThat(curve.get(0).rate()).isEqualTo(1.0);
        assertThat(curve.get(1).rate()).isEqualTo(0.5); // cohort of day 1 only: day 2's cell 1 is incomplete
        assertThat(curve.get(1).cohortPersons()).isEqualTo(2);
        assertThat(curve.get(2).rate()).isNull();
        // breakdown by the earliest cohort event's property
        RetentionSpec byPlan = spec.withBreakdown("plan", null);
        RetentionResult split = golden(log, byPlan);
        assertThat(split.series())
                .extracting(RetentionResult.Series::breakdownValue)
                .containsExactly("pro", "free");
        assertThat(split.series().get(0).cohorts().get(0).counts()).containsExactly(1L, 0L, 0L, 0L);
        assertThat(RetentionMath.total(split)).isEqualTo(result.series().get(0));
    }

    @Test
    void monthlyPeriods() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        List<Event> log = List.of(
                // 2026-01-31 23:30 in Shanghai is still January; 2026-02-01 00:00 is February
                event("a1", "a", "Order Completed", Instant.parse("2026-01-31T15:30:00Z"), null),
                event("a2", "a", "Order Completed", Instant.parse("2026-01-31T16:00:00Z"), null),
                event("b1", "b", "Order Completed", Instant.parse("2026-01-10T00:00:00Z"), null),
                event("b2", "b", "Order Completed", Instant.parse("2026-03-31T15:59:59Z"), null));
        TimeRange range = new TimeRange(
                LocalDate.of(2026, 1, 1).atStartOfDay(shanghai).toInstant(),
                LocalDate.of(2026, 2, 1).atStartOfDay(shanghai).toInstant(),
                shanghai);
        RetentionSpec on = new RetentionSpec(
                "Order Completed",
                CohortType.FIRST_TIME,
                "Order Completed",
                Period.MONTH,
                3,
                Mode.ON,
                range,
                Instant.parse("2026-06-01T00:00:00Z"),
                null,
                null);
        assertThat(golden(log, on).series().get(0).cohorts().get(0).counts()).containsExactly(2L, 1L, 1L, 0L);
    }

    @Test
    void specValidation() {
        TimeRange range = days(LocalDate.of(2026, 3, 2), 3);
        assertThatThrownBy(() -> new RetentionSpec(null, CohortType.FIRST_TIME, null, Period.DAY, 0, Mode.ON, range))
                .hasMessage("periods must be 1 to 100, found 0");
        assertThatThrownBy(() -> new RetentionSpec(" ", CohortType.FIRST_TIME, null, Period.DAY, 3, Mode.ON, range))
                .hasMessageContaining("cohort event name is blank");
        assertThatThrownBy(() -> new RetentionSpec(
                        null,
                        CohortType.FIRST_TIME,
                        null,
                        Period.DAY,
                        3,
                        Mode.ON,
                        days(LocalDate.of(2020, 1, 1), 1500)))
                .hasMessageContaining("more than 1000 day cohorts");
    }

    @Test
    void mergedIdentitiesFormOnePerson() throws Exception {
        LocalDate d1 = LocalDate.of(2026, 3, 2);
        try (DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("merge")))) {
            DuckDbIdentityStore identities = new DuckDbIdentityStore(db);
            DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(db);
            new DuckDbEventStore(db)
                    .append(List.of(
                            // anon-1 signs up, then signs in as user-1, who comes back the next day
                            track("m1", null, "anon-1", "Signed Up", at(d1, 10, 0)),
                            identify("m2", "user-1", "anon-1", at(d1, 10, 5)),
                            track("m3", "user-1", null, "App Opened", at(d1.plusDays(1), 9, 0)),
                            // user-2 signed up long ago; anon-2 signs up again today and signs in as user-2
                            track("m4", "user-2", null, "Signed Up", at(d1.minusDays(10), 9, 0)),
                            track("m5", null, "anon-2", "Signed Up", at(d1, 11, 0)),
                            identify("m6", "user-2", "anon-2", at(d1, 11, 5))));
            RetentionSpec spec = new RetentionSpec(
                    "Signed Up",
                    CohortType.FIRST_TIME,
                    "App Opened",
                    Period.DAY,
                    2,
                    Mode.ON,
                    days(d1, 1),
                    at(d1.plusDays(5), 0, 0),
                    null,
                    null);
            RetentionResult.Cohort before =
                    engine.retention(spec).series().get(0).cohorts().get(0);
            assertThat(before.counts()).containsExactly(2L, 0L, 0L);
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                RetentionResult.Cohort after =
                        engine.retention(spec).series().get(0).cohorts().get(0);
                // anon-1 and user-1 are one person who returned; anon-2 is user-2, who is not new
                assertThat(after.counts()).containsExactly(1L, 1L, 0L);
            }
        }
    }

    // ---- helpers

    private RetentionResult golden(List<Event> log, RetentionSpec spec) {
        RetentionResult expected = ReferenceRetention.retention(log, spec);
        try (DuckDbDatabase db = DuckDbDatabase.open(directory.resolve("golden-" + System.nanoTime()))) {
            new DuckDbEventStore(db).append(log);
            RetentionResult actual = new DuckDbAnalyticsEngine(db).retention(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            return actual;
        }
    }

    private static List<Event> randomLog(ZoneId zone, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Instant> midnights = new ArrayList<>();
        for (int d = 0; d <= DAYS; d++) {
            midnights.add(FIRST_DAY.plusDays(d).atStartOfDay(zone).toInstant());
        }
        Instant start = FIRST_DAY.atStartOfDay(zone).toInstant();
        List<Event> events = new ArrayList<>();
        for (int p = 0; p < 160; p++) {
            int count = 1 + random.nextInt(14);
            Instant t = start.plusSeconds(random.nextLong(DAYS * 86_400L));
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(10);
                if (pick == 0) {
                    Instant midnight = midnights.get(random.nextInt(midnights.size()));
                    t = midnight.plusNanos(1000L * (random.nextInt(3) - 1));
                } else if (pick == 1) {
                    // the same instant again
                } else if (pick < 5) {
                    t = t.plusSeconds(random.nextLong(3 * 86_400L));
                } else {
                    t = start.plusSeconds(random.nextLong(DAYS * 86_400L)).plusNanos(random.nextInt(1000) * 1000L);
                }
                String plan = random.nextInt(4) == 0 ? null : PLANS[random.nextInt(PLANS.length)];
                events.add(event("r" + p + "-" + i, "u" + p, NAMES[random.nextInt(NAMES.length)], t, plan));
            }
        }
        return events;
    }

    private static RetentionSpec randomSpec(SplittableRandom random, ZoneId zone) {
        Period period = Period.values()[random.nextInt(3)];
        int periods =
                switch (random.nextInt(4)) {
                    case 0 -> 1;
                    case 1 -> 1 + random.nextInt(4);
                    case 2 -> 1 + random.nextInt(12);
                    default -> 1 + random.nextInt(100);
                };
        LocalDate from = FIRST_DAY.plusDays(random.nextInt(-5, DAYS - 10));
        int length =
                switch (period) {
                    case DAY -> 1 + random.nextInt(30);
                    case WEEK -> 1 + random.nextInt(60);
                    case MONTH -> 1 + random.nextInt(100);
                };
        Instant fromInstant = random.nextInt(4) == 0
                ? from.atStartOfDay(zone).toInstant().plusSeconds(random.nextLong(86_400))
                : from.atStartOfDay(zone).toInstant();
        Instant to = from.plusDays(length).atStartOfDay(zone).toInstant();
        TimeRange range = new TimeRange(fromInstant, to, zone);
        Instant asOf =
                switch (random.nextInt(4)) {
                    case 0 -> null; // the range end
                    case 1 -> FIRST_DAY.plusDays(DAYS + 30).atStartOfDay(zone).toInstant(); // after all data
                    case 2 -> fromInstant.plusSeconds(1 + random.nextLong(60L * 86_400)); // mid-period, often
                    default ->
                        LocalDateTime.of(from.plusDays(random.nextInt(2, 90)), java.time.LocalTime.MIDNIGHT)
                                .atZone(zone)
                                .toInstant(); // exactly a local midnight
                };
        String cohort = random.nextInt(4) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
        String returning = random.nextInt(4) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
        return new RetentionSpec(
                cohort,
                CohortType.values()[random.nextInt(2)],
                returning,
                period,
                periods,
                Mode.values()[random.nextInt(2)],
                range,
                asOf,
                random.nextInt(3) == 0 ? (random.nextBoolean() ? "plan" : "category") : null,
                null);
    }

    private static TimeRange days(LocalDate first, int count) {
        return new TimeRange(
                first.atStartOfDay(LONDON).toInstant(),
                first.plusDays(count).atStartOfDay(LONDON).toInstant(),
                LONDON);
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(LONDON).toInstant();
    }

    private static Event track(String id, String user, String anonymous, String name, Instant at) {
        return TestingEvents.track(id, user, anonymous, name, at);
    }

    private static Event identify(String id, String user, String anonymous, Instant at) {
        return TestingEvents.identify(id, user, anonymous, "{}", at);
    }

    private static Event event(String id, String person, String name, Instant ts, String plan) {
        return TestingEvents.trackWith(id, person, name, ts, plan == null ? null : "c-" + plan, plan);
    }
}
