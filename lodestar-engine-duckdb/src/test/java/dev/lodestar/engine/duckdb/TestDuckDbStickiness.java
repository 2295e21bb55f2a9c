package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.DAYS;
import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.FIRST_DAY;
import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.ZONES;
import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.track;
import static dev.lodestar.engine.duckdb.TestingMergedStores.resolvedStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.analysis.RetentionSpec.Period;
import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.MergingLog;
import dev.lodestar.testing.ReferenceStickiness;
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
 * Stickiness on DuckDB against the brute-force {@link ReferenceStickiness}: random specs on random
 * logs with persons merged by identify calls, in zones with and without daylight saving, with and
 * without event property and person trait filters; golden cases for day edges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbStickiness {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    static Path directory;

    private TestingMergedStores stores;

    @BeforeAll
    void load() throws Exception {
        stores = new TestingMergedStores(directory, 70, ZONES, FIRST_DAY, DAYS / 4, 60);
    }

    @AfterAll
    void close() {
        stores.close();
    }

    @Test
    void randomSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(11);
        SplittableRandom filterRandom = new SplittableRandom(13);
        long multiDay = 0;
        int narrowed = 0;
        long filteredPersons = 0;
        for (int i = 0; i < 150; i++) {
            int z = i % ZONES.size();
            ZoneId zone = ZONES.get(z);
            Period period = random.nextBoolean() ? Period.WEEK : Period.MONTH;
            LocalDate from = FIRST_DAY.plusDays(random.nextInt(-40, DAYS / 4));
            Instant fromInstant = from.atStartOfDay(zone).toInstant();
            if (random.nextInt(4) == 0) {
                fromInstant = fromInstant.plusSeconds(random.nextLong(86_400));
            }
            TimeRange range = new TimeRange(
                    fromInstant,
                    from.plusDays(1 + random.nextInt(120)).atStartOfDay(zone).toInstant(),
                    zone);
            String event = random.nextInt(3) == 0 ? null : MergingLog.NAMES[random.nextInt(MergingLog.NAMES.length)];
            StickinessSpec spec = new StickinessSpec(event, period, range);
            MergingLog log = stores.log(z);
            StickinessResult expected = ReferenceStickiness.stickiness(log.events(), spec, log::person);
            assertThat(stores.engine(z).stickiness(spec)).as("%s", spec).isEqualTo(expected);
            for (StickinessResult.Row row : expected.periods()) {
                multiDay += row.atLeast().get(1);
            }
            // the same spec with random event property and person trait filters
            StickinessSpec filtered = new StickinessSpec(
                    event,
                    TestingMergedStores.randomFilters(filterRandom),
                    TestingMergedStores.randomTraitFilters(filterRandom),
                    period,
                    range);
            StickinessResult narrower =
                    ReferenceStickiness.stickiness(log.events(), filtered, log::person, log.traits());
            assertThat(stores.engine(z).stickiness(filtered)).as("%s", filtered).isEqualTo(narrower);
            if (!narrower.equals(expected)) {
                narrowed++;
            }
            for (StickinessResult.Row row : narrower.periods()) {
                filteredPersons += row.persons();
            }
        }
        assertThat(multiDay).as("persons active on 2 or more days of a period").isGreaterThan(300);
        assertThat(narrowed).as("specs whose filters changed the answer").isGreaterThan(60);
        assertThat(filteredPersons).as("active persons seen with filters").isGreaterThan(300);
    }

    @Test
    void goldenWeekAcrossDaylightSaving() throws Exception {
        // the week of Monday 2026-03-02 in New York; Sunday 2026-03-08 is 23 hours long
        LocalDate monday = LocalDate.of(2026, 3, 2);
        Instant nextMonday = LocalDate.of(2026, 3, 9).atStartOfDay(NEW_YORK).toInstant();
        List<Event> log = List.of(
                // a: Monday twice, Tuesday, and Sunday a microsecond before the week ends: 3 days
                track("a1", "a", "App Opened", at(monday, 0)),
                track("a2", "a", "App Opened", at(monday, 23)),
                track("a3", "a", "App Opened", at(monday.plusDays(1), 0)),
                track("a4", "a", "App Opened", nextMonday.minusNanos(1000)),
                // b: the next Monday's first instant only: next week
                track("b1", "b", "App Opened", nextMonday),
                // c: every day of the week
                track("c0", "c", "App Opened", at(monday, 9)),
                track("c1", "c", "App Opened", at(monday.plusDays(1), 9)),
                track("c2", "c", "App Opened", at(monday.plusDays(2), 9)),
                track("c3", "c", "App Opened", at(monday.plusDays(3), 9)),
                track("c4", "c", "App Opened", at(monday.plusDays(4), 9)),
                track("c5", "c", "App Opened", at(monday.plusDays(5), 9)),
                track("c6", "c", "App Opened", at(monday.plusDays(6), 9)));
        StickinessSpec spec = new StickinessSpec(
                null,
                Period.WEEK,
                new TimeRange(
                        monday.atStartOfDay(NEW_YORK).toInstant(),
                        monday.plusWeeks(2).atStartOfDay(NEW_YORK).toInstant(),
                        NEW_YORK));
        StickinessResult result = ReferenceStickiness.stickiness(log, spec, Event::personKey);
        try (DuckDbDatabase db = resolvedStore(directory.resolve("golden"), log)) {
            assertThat(new DuckDbAnalyticsEngine(db).stickiness(spec)).isEqualTo(result);
        }
        assertThat(result.periods().get(0).exactly()).containsExactly(0L, 0L, 1L, 0L, 0L, 0L, 1L);
        assertThat(result.periods().get(0).atLeast()).containsExactly(2L, 2L, 2L, 1L, 1L, 1L, 1L);
        assertThat(result.periods().get(1).exactly()).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L);
        // months have as many cells as days
        StickinessSpec february = new StickinessSpec(
                null,
                Period.MONTH,
                new TimeRange(
                        LocalDate.of(2026, 2, 1).atStartOfDay(NEW_YORK).toInstant(),
                        LocalDate.of(2026, 3, 2).atStartOfDay(NEW_YORK).toInstant(),
                        NEW_YORK));
        assertThat(ReferenceStickiness.stickiness(log, february, Event::personKey)
                        .periods())
                .extracting(r -> r.exactly().size())
                .containsExactly(28, 31);
    }

    @Test
    void specValidation() {
        TimeRange range = new TimeRange(
                FIRST_DAY.atStartOfDay(NEW_YORK).toInstant(),
                FIRST_DAY.plusDays(30).atStartOfDay(NEW_YORK).toInstant(),
                NEW_YORK);
        assertThatThrownBy(() -> new StickinessSpec(null, Period.DAY, range))
                .hasMessage("stickiness period must be week or month, found day");
        assertThatThrownBy(() -> new StickinessSpec("", Period.WEEK, range)).hasMessageContaining("blank");
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(NEW_YORK).toInstant();
    }
}
