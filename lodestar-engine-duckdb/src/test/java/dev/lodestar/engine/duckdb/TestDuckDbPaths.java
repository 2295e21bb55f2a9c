package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.FIRST_DAY;
import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.ZONES;
import static dev.lodestar.engine.duckdb.TestDuckDbLifecycle.track;
import static dev.lodestar.engine.duckdb.TestingMergedStores.resolvedStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.MergingLog;
import dev.lodestar.testing.ReferencePaths;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths on DuckDB against the brute-force {@link ReferencePaths}: random specs (events or URLs,
 * start point, end point or none, 2 to 10 steps, session gaps from a minute to a day) on random
 * logs with persons merged by identify calls, equal timestamps and repeated events; golden cases for
 * sessions, collapsing and ties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDuckDbPaths {
    private static final int DAYS = 30;
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    static Path directory;

    private TestingMergedStores stores;

    @BeforeAll
    void load() throws Exception {
        stores = new TestingMergedStores(directory, 90, ZONES.subList(0, 2), FIRST_DAY, DAYS, 200);
    }

    @AfterAll
    void close() {
        stores.close();
    }

    @Test
    void randomSpecsMatchReference() {
        SplittableRandom random = new SplittableRandom(5);
        int longPaths = 0;
        for (int i = 0; i < 120; i++) {
            int z = i % 2;
            ZoneId zone = ZONES.get(z);
            PathsSpec.Nodes nodes = random.nextInt(3) == 0 ? PathsSpec.Nodes.URLS : PathsSpec.Nodes.EVENTS;
            String[] names = nodes == PathsSpec.Nodes.URLS ? MergingLog.URLS : MergingLog.NAMES;
            String anchor = random.nextInt(4) == 0 ? null : names[random.nextInt(names.length)];
            boolean end = anchor != null && random.nextBoolean();
            Instant from = FIRST_DAY.atStartOfDay(zone).toInstant().plusSeconds(random.nextLong(DAYS * 86_400L));
            Instant to = from.plusSeconds(1 + random.nextLong(DAYS * 86_400L));
            Duration gap =
                    switch (random.nextInt(4)) {
                        case 0 -> Duration.ofMinutes(1);
                        case 1 -> null; // 30 minutes
                        case 2 -> Duration.ofHours(6);
                        default -> Duration.ofDays(1);
                    };
            PathsSpec spec = new PathsSpec(
                    nodes,
                    end ? null : anchor,
                    end ? anchor : null,
                    2 + random.nextInt(9),
                    gap,
                    new TimeRange(from, to, zone));
            MergingLog log = stores.log(z);
            PathsResult expected = ReferencePaths.paths(log.events(), spec, log::person);
            assertThat(stores.engine(z).paths(spec)).as("%s", spec).isEqualTo(expected);
            for (PathsResult.Path p : expected.paths()) {
                if (p.nodes().size() >= 4) {
                    longPaths += p.persons();
                }
            }
        }
        assertThat(longPaths).as("persons on paths of 4 or more nodes").isGreaterThan(80);
    }

    @Test
    void goldenSessionsRepeatsAndTies() throws Exception {
        List<Event> log = List.of(
                // a: Home, Home (collapsed), then Pricing and Docs at the same instant (ordered by name),
                // then after 31 minutes a new session
                track("a1", "a", "Home", T0),
                track("a2", "a", "Home", T0.plusSeconds(60)),
                track("a3", "a", "Pricing", T0.plusSeconds(120)),
                track("a4", "a", "Docs", T0.plusSeconds(120)),
                track("a5", "a", "Home", T0.plusSeconds(120 + 31 * 60)),
                // b: no Home in the first session; the second session starts at Home; exactly 30
                // minutes later is still the same session
                track("b1", "b", "Docs", T0),
                track("b2", "b", "Home", T0.plusSeconds(3600)),
                track("b3", "b", "Pricing", T0.plusSeconds(3600 + 30 * 60)),
                track("b4", "b", "Home", T0.plusSeconds(3600 + 31 * 60)));
        TimeRange range = new TimeRange(T0, T0.plusSeconds(86_400), ZoneId.of("UTC"));
        PathsResult after = golden(log, new PathsSpec(PathsSpec.Nodes.EVENTS, "Home", null, 3, null, range));
        assertThat(after.paths())
                .containsExactly(
                        new PathsResult.Path(List.of("Home", "Docs", "Pricing"), 1),
                        new PathsResult.Path(List.of("Home", "Pricing", "Home"), 1));
        PathsResult before = golden(log, new PathsSpec(PathsSpec.Nodes.EVENTS, null, "Pricing", 5, null, range));
        assertThat(before.paths())
                .containsExactly(
                        new PathsResult.Path(List.of("Home", "Docs", "Pricing"), 1),
                        new PathsResult.Path(List.of("Home", "Pricing"), 1));
        PathsResult sessions = golden(log, new PathsSpec(PathsSpec.Nodes.EVENTS, null, null, 2, null, range));
        assertThat(sessions.paths())
                .containsExactly(
                        new PathsResult.Path(List.of("Docs"), 1), new PathsResult.Path(List.of("Home", "Docs"), 1));
    }

    @Test
    void specValidation() {
        TimeRange range = new TimeRange(T0, T0.plusSeconds(60), ZoneId.of("UTC"));
        assertThatThrownBy(() -> new PathsSpec(PathsSpec.Nodes.EVENTS, "a", "b", 3, null, range))
                .hasMessage("give a start point or an end point, not both");
        assertThatThrownBy(() -> new PathsSpec(PathsSpec.Nodes.EVENTS, null, null, 11, null, range))
                .hasMessage("steps must be 2 to 10, found 11");
        assertThatThrownBy(() -> new PathsSpec(PathsSpec.Nodes.EVENTS, null, null, 3, Duration.ZERO, range))
                .hasMessageContaining("session gap must be more than 0");
    }

    private PathsResult golden(List<Event> log, PathsSpec spec) throws Exception {
        PathsResult expected = ReferencePaths.paths(log, spec, Event::personKey);
        try (DuckDbDatabase db = resolvedStore(directory.resolve("golden-" + System.nanoTime()), log)) {
            PathsResult actual = new DuckDbAnalyticsEngine(db).paths(spec);
            assertThat(actual).as("%s", spec).isEqualTo(expected);
            return actual;
        }
    }
}
