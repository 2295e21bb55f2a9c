package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.RandomEvents;
import dev.lodestar.testing.ReferenceAnalytics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB analyses against the brute-force reference on random logs, across zones with DST. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbAnalytics {
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Asia/Shanghai"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Europe/London"),
            ZoneId.of("Australia/Lord_Howe"), // 30-minute DST shift
            ZoneId.of("Asia/Kathmandu"), // +05:45
            ZoneId.of("America/Bahia_Banderas"));
    private static final Instant FROM = Instant.parse("2025-09-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-01T00:00:00Z");

    @TempDir
    static Path directory;

    private DuckDbDatabase database;
    private DuckDbAnalyticsEngine engine;
    private final List<Event> events = new ArrayList<>();

    @BeforeAll
    void load() {
        database = DuckDbDatabase.open(directory);
        DuckDbEventStore store = new DuckDbEventStore(database);
        for (int seed = 1; seed <= 4; seed++) {
            List<Event> batch = RandomEvents.generate(seed, 5_000, FROM, TO, ZONES);
            store.append(batch);
            events.addAll(batch);
        }
        engine = new DuckDbAnalyticsEngine(database);
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void overviewMatchesReference() {
        SplittableRandom random = new SplittableRandom(7);
        for (ZoneId zone : ZONES) {
            for (int i = 0; i < 8; i++) {
                TimeRange range = randomRange(random, zone);
                OverviewSpec spec = new OverviewSpec(range, "Order Completed");
                var expected = ReferenceAnalytics.overview(events, spec);
                var actual = engine.overview(spec);
                assertThat(actual.revenue())
                        .as("revenue %s", range)
                        .isCloseTo(expected.revenue(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(actual)
                        .usingRecursiveComparison()
                        .ignoringFields("revenue")
                        .as("%s", range)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void trendMatchesReference() {
        SplittableRandom random = new SplittableRandom(11);
        for (ZoneId zone : ZONES) {
            for (Interval interval : Interval.values()) {
                for (TrendSpec.Measure measure : TrendSpec.Measure.values()) {
                    TimeRange range = interval == Interval.HOUR ? shortRange(random, zone) : randomRange(random, zone);
                    String name =
                            random.nextBoolean() ? null : RandomEvents.NAMES[random.nextInt(RandomEvents.NAMES.length)];
                    TrendSpec spec = new TrendSpec(name, measure, interval, range);
                    assertThat(engine.trend(spec)).as("%s", spec).isEqualTo(ReferenceAnalytics.trend(events, spec));
                }
            }
        }
    }

    @Test
    void trendAcrossDaylightSavingCountsEveryEventOnce() {
        ZoneId zone = ZoneId.of("America/New_York");
        // 2025-11-02 is 25 hours long in New York; 2026-03-08 is 23 hours long
        for (LocalDate day : List.of(LocalDate.of(2025, 11, 2), LocalDate.of(2026, 3, 8))) {
            TimeRange range = new TimeRange(
                    day.minusDays(1).atStartOfDay(zone).toInstant(),
                    day.plusDays(2).atStartOfDay(zone).toInstant(),
                    zone);
            TrendSpec spec = new TrendSpec(null, TrendSpec.Measure.EVENTS, Interval.DAY, range);
            var result = engine.trend(spec);
            assertThat(result.points()).hasSize(3);
            long inRange = events.stream()
                    .filter(e -> !e.timestamp().isBefore(range.from())
                            && e.timestamp().isBefore(range.to()))
                    .count();
            assertThat(result.points().stream().mapToLong(p -> p.value()).sum()).isEqualTo(inRange);
            assertThat(result).isEqualTo(ReferenceAnalytics.trend(events, spec));
        }
    }

    private static TimeRange randomRange(SplittableRandom random, ZoneId zone) {
        LocalDate start = LocalDate.of(2025, 9, 1).plusDays(random.nextInt(200));
        LocalDate end = start.plusDays(1 + random.nextInt(60));
        return new TimeRange(
                start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), zone);
    }

    private static TimeRange shortRange(SplittableRandom random, ZoneId zone) {
        LocalDate start = LocalDate.of(2025, 9, 1).plusDays(random.nextInt(200));
        return new TimeRange(
                start.atStartOfDay(zone).toInstant(),
                start.plusDays(3).atStartOfDay(zone).toInstant(),
                zone);
    }
}
