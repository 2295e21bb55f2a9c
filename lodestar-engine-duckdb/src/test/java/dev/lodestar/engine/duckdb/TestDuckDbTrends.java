package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.testing.MergingLog;
import dev.lodestar.testing.ReferenceTrends;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Trends and distributions on DuckDB against the brute-force {@link ReferenceTrends}: random specs
 * (every measure, interval, filters on properties and traits, breakdowns by property and trait,
 * chosen or fixed values) on random logs in New York and Berlin across their 2026 daylight-saving
 * changes, with events exactly on and a microsecond around local midnights, equal timestamps,
 * numbers, numeric text and nulls in the measured property, and anonymous visitors merged into
 * signed-in users by identify calls that also set traits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbTrends {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin"));
    private static final String[] NAMES = {"Product Viewed", "Order Completed", "App Opened"};
    private static final String[] PLANS = {"free", "pro", "团队"};
    private static final String[] CATEGORIES = {"数码", "美妆"};
    // spans the 2026 spring changes of New York (Mar 8) and Berlin (Mar 29)
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 2, 20);
    private static final int DAYS = 50;

    @TempDir
    static Path directory;

    private final List<DuckDbDatabase> databases = new ArrayList<>();
    private final List<List<Event>> logs = new ArrayList<>();
    private final List<List<TraitValue>> traits = new ArrayList<>();
    private final List<Map<String, String>> persons = new ArrayList<>();

    @BeforeAll
    void load() throws Exception {
        for (int z = 0; z < ZONES.size(); z++) {
            List<Event> log = new ArrayList<>();
            List<TraitValue> values = new ArrayList<>();
            Map<String, String> personOf = new HashMap<>();
            randomLog(ZONES.get(z), 40 + z, log, values, personOf);
            DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("random-" + z)));
            new DuckDbEventStore(db).append(log);
            new PersonService(new DuckDbIdentityStore(db), new Normalizer(IdentityConfig.defaults())).close();
            databases.add(db);
            logs.add(log);
            traits.add(values);
            persons.add(personOf);
        }
    }

    @AfterAll
    void close() {
        databases.forEach(DuckDbDatabase::close);
    }

    @Test
    void randomTrendsMatchReference() {
        SplittableRandom random = new SplittableRandom(29);
        int nonZero = 0;
        int others = 0;
        for (int i = 0; i < 300; i++) {
            int z = i % ZONES.size();
            TrendsSpec spec = randomSpec(random, ZONES.get(z));
            TrendsResult expected = ReferenceTrends.trends(logs.get(z), persons.get(z), traits.get(z), spec);
            TrendsResult actual = new DuckDbAnalyticsEngine(databases.get(z)).trends(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            for (TrendsResult.Series s : expected.series()) {
                if (s.values().stream().anyMatch(v -> v != null && v > 0)) {
                    nonZero++;
                }
                if (s.other()) {
                    others++;
                }
            }
        }
        assertThat(nonZero).as("series with values").isGreaterThan(300);
        assertThat(others).as("series grouping other values").isGreaterThan(20);
    }

    @Test
    void randomDistributionsMatchReference() {
        SplittableRandom random = new SplittableRandom(31);
        int withValues = 0;
        for (int i = 0; i < 120; i++) {
            int z = i % ZONES.size();
            DistributionSpec.Metric metric =
                    DistributionSpec.Metric.values()[random.nextInt(DistributionSpec.Metric.values().length)];
            String event = random.nextInt(4) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
            String property = metric == DistributionSpec.Metric.SUM_PER_PERSON
                    ? (random.nextBoolean() ? "revenue" : "amount")
                    : null;
            DistributionSpec spec = new DistributionSpec(metric, event, property, randomRange(random, ZONES.get(z)));
            DistributionResult expected = ReferenceTrends.distribution(logs.get(z), persons.get(z), spec);
            DistributionResult actual = new DuckDbAnalyticsEngine(databases.get(z)).distribution(spec);
            // sums of fractional days depend on the order of addition; everything else is exact
            assertThat(actual.sum()).as("%s", spec).isCloseTo(expected.sum(), within(1e-9 * (1 + expected.sum())));
            assertThat(actual)
                    .usingRecursiveComparison()
                    .ignoringFields("sum")
                    .as("%s", spec)
                    .isEqualTo(expected);
            if (expected.count() > 5) {
                withValues++;
                assertThat(actual.bins().stream()
                                .mapToLong(DistributionResult.Bin::count)
                                .sum())
                        .isEqualTo(expected.count());
            }
        }
        assertThat(withValues).isGreaterThan(80);
    }

    @Test
    void activePersonsCountTrailingLocalDays() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        LocalDate d = LocalDate.of(2026, 3, 29); // 23 hours long in Berlin
        try (DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(directory.resolve("active")))) {
            new DuckDbEventStore(db)
                    .append(List.of(
                            TestingEvents.track(
                                    "a1",
                                    "a",
                                    null,
                                    "App Opened",
                                    d.atStartOfDay(zone).toInstant()),
                            TestingEvents.track(
                                    "b1",
                                    "b",
                                    null,
                                    "App Opened",
                                    d.minusDays(6).atStartOfDay(zone).toInstant()),
                            TestingEvents.track(
                                    "c1",
                                    "c",
                                    null,
                                    "App Opened",
                                    d.minusDays(7)
                                            .atStartOfDay(zone)
                                            .toInstant()
                                            .minusNanos(1000)),
                            TestingEvents.track(
                                    "e1",
                                    "e",
                                    null,
                                    "App Opened",
                                    d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1000))));
            TimeRange range = new TimeRange(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(1).atStartOfDay(zone).toInstant(),
                    zone);
            List<TrendSeries> series = new ArrayList<>();
            for (TrendMeasure m : List.of(TrendMeasure.DAU, TrendMeasure.WAU, TrendMeasure.MAU)) {
                series.add(TrendSeries.of("App Opened", m));
            }
            TrendsResult result =
                    new DuckDbAnalyticsEngine(db).trends(new TrendsSpec(series, Interval.DAY, range, null));
            // DAU: a and e that day; WAU: also b six days before; MAU: also c, the last instant of day -7
            assertThat(result.series().stream().map(s -> s.values().get(0))).containsExactly(2.0, 3.0, 4.0);
        }
    }

    // ---- random logs and specs

    private static void randomLog(
            ZoneId zone, long seed, List<Event> log, List<TraitValue> values, Map<String, String> personOf) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = FIRST_DAY.atStartOfDay(zone).toInstant();
        // identify calls: anonymous visitors sign in as users (at most 3 each), traits set on both
        int identifies = 0;
        Instant identifyAt = start.minusSeconds(86_400);
        for (int a = 0; a < 90; a++) {
            String anonymous = "a" + a;
            String user = random.nextInt(3) == 0 ? null : "u" + (a / 3);
            identifyAt = identifyAt.plusSeconds(1 + random.nextInt(600_000)); // distinct update times
            String traitsJson = MergingLog.randomTraits(random);
            Event identify = TestingEvents.identify("i" + identifies++, user, anonymous, traitsJson, identifyAt);
            log.add(identify);
            addTraits(identify, traitsJson, values);
            if (user != null) {
                personOf.put("anonymous_id:" + anonymous, "user_id:" + user);
            }
        }
        List<Instant> midnights = new ArrayList<>();
        for (int d = 0; d <= DAYS; d++) {
            midnights.add(FIRST_DAY.plusDays(d).atStartOfDay(zone).toInstant());
        }
        Instant previous = start;
        for (int i = 0; i < 1500; i++) {
            Instant t;
            int pick = random.nextInt(10);
            if (pick == 0) {
                t = midnights.get(random.nextInt(midnights.size())).plusNanos((random.nextInt(3) - 1) * 1000L);
            } else if (pick == 1) {
                t = previous;
            } else {
                t = start.plusSeconds(random.nextLong(DAYS * 86_400L)).plusNanos(random.nextInt(1000) * 1000L);
            }
            previous = t;
            boolean anonymous = random.nextBoolean();
            String user = anonymous ? null : "u" + random.nextInt(30);
            String anon = anonymous ? "a" + random.nextInt(90) : null;
            String name = NAMES[random.nextInt(NAMES.length)];
            StringBuilder properties = new StringBuilder("{");
            if (random.nextInt(4) > 0) {
                properties
                        .append("\"plan\":\"")
                        .append(PLANS[random.nextInt(PLANS.length)])
                        .append("\"");
            }
            int amount = random.nextInt(6);
            if (amount > 0) {
                properties.append(properties.length() > 1 ? "," : "").append("\"amount\":");
                properties.append(
                        switch (amount) {
                            case 1 -> "\"12\""; // numeric text: not a number
                            case 2 -> "null";
                            default -> Double.toString(random.nextInt(4000) / 4.0);
                        });
            }
            properties.append("}");
            Double revenue =
                    name.equals("Order Completed") && random.nextInt(5) > 0 ? random.nextInt(40_000) / 4.0 : null;
            String category = random.nextInt(3) == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
            log.add(new Event(
                    "e" + i,
                    EventType.TRACK,
                    name,
                    anon,
                    user,
                    PersonIds.eventKey(user, anon),
                    t,
                    t,
                    null,
                    t,
                    properties.toString(),
                    "{}",
                    "{}",
                    "test",
                    new Event.CommonProperties(null, revenue, null, null, null, category, null, null, null)));
        }
    }

    private static void addTraits(Event identify, String traitsJson, List<TraitValue> values) {
        String body = traitsJson.substring(1, traitsJson.length() - 1);
        if (body.isEmpty()) {
            return;
        }
        for (String field : body.split(",")) {
            int colon = field.indexOf(':');
            String name = field.substring(1, colon - 1);
            values.add(new TraitValue(
                    identify.personKey(), name, field.substring(colon + 1), "test", identify.timestamp()));
        }
    }

    private static TrendsSpec randomSpec(SplittableRandom random, ZoneId zone) {
        Interval interval = Interval.values()[random.nextInt(Interval.values().length)];
        TimeRange range = interval == Interval.HOUR ? shortRange(random, zone) : randomRange(random, zone);
        List<TrendSeries> series = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int s = 0; s < count; s++) {
            TrendMeasure measure;
            do {
                measure = TrendMeasure.values()[random.nextInt(TrendMeasure.values().length)];
            } while (interval == Interval.HOUR && measure.activeDays() > 0);
            List<PropertyFilter> filters = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                filters.add(randomFilter(random, random.nextBoolean() ? "plan" : "category"));
            }
            List<PropertyFilter> traitFilters = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                traitFilters.add(randomFilter(random, random.nextBoolean() ? "tier" : "visits"));
            }
            String property = measure.needsProperty() ? (random.nextBoolean() ? "amount" : "revenue") : null;
            String event = random.nextInt(4) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
            series.add(new TrendSeries(event, filters, traitFilters, measure, property));
        }
        TrendBreakdown breakdown = null;
        int b = random.nextInt(4);
        if (b > 0) {
            TrendBreakdown.Source source = b == 1 ? TrendBreakdown.Source.PERSON : TrendBreakdown.Source.EVENT;
            String property = source == TrendBreakdown.Source.PERSON
                    ? (random.nextBoolean() ? "tier" : "visits")
                    : (random.nextBoolean() ? "plan" : "category");
            List<String> values = null;
            if (random.nextInt(4) == 0) {
                values = new ArrayList<>(Arrays.asList(null, "pro", "gold", "数码"));
                values = values.subList(random.nextInt(2), 2 + random.nextInt(3));
            }
            int limit = values == null ? 1 + random.nextInt(4) : values.size() + random.nextInt(2);
            breakdown = new TrendBreakdown(source, property, limit, values);
        }
        return new TrendsSpec(series, interval, range, breakdown);
    }

    private static PropertyFilter randomFilter(SplittableRandom random, String property) {
        PropertyFilter.Operator operator =
                PropertyFilter.Operator.values()[random.nextInt(PropertyFilter.Operator.values().length)];
        List<String> candidates = List.of("free", "pro", "团队", "数码", "gold", "铜", "1", "r");
        List<String> values = new ArrayList<>();
        int n = operator == PropertyFilter.Operator.EQUALS ? 1 : 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            values.add(candidates.get(random.nextInt(candidates.size())));
        }
        return new PropertyFilter(property, operator, values);
    }

    private static TimeRange randomRange(SplittableRandom random, ZoneId zone) {
        LocalDate from = FIRST_DAY.plusDays(random.nextInt(DAYS - 5));
        LocalDate to = from.plusDays(1 + random.nextInt(DAYS));
        Instant a = from.atStartOfDay(zone).toInstant();
        Instant b = to.atStartOfDay(zone).toInstant();
        if (random.nextInt(3) == 0) {
            a = a.plusSeconds(random.nextInt(86_400)); // mid-day range start and end
            b = b.plusSeconds(random.nextInt(86_400));
        }
        return new TimeRange(a, b, zone);
    }

    private static TimeRange shortRange(SplittableRandom random, ZoneId zone) {
        LocalDate change =
                zone.getId().equals("America/New_York") ? LocalDate.of(2026, 3, 8) : LocalDate.of(2026, 3, 29);
        LocalDate from = change.minusDays(random.nextInt(2));
        return new TimeRange(
                from.atStartOfDay(zone).toInstant().plusSeconds(random.nextInt(7200)),
                from.plusDays(1 + random.nextInt(2)).atStartOfDay(zone).toInstant(),
                zone);
    }
}
