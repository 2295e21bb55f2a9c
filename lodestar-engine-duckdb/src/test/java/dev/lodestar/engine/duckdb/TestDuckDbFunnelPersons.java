package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.core.analysis.SavedFunnelSpecs;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.testing.ReferenceFunnel;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drop-off lists of saved funnels for segments: the persons in the table are exactly those the
 * brute-force funnel puts at the step and not the next, over the saved range length ending at
 * {@code asOf}, with later events ignored; and their number is the funnel's drop-off count.
 */
class TestDuckDbFunnelPersons {
    private static final ZoneId ZONE = ZoneId.of("Europe/London"); // a DST change on 2026-03-29
    private static final String[] STEPS = {"Product Viewed", "Product Added", "Order Completed"};

    @TempDir
    Path directory;

    @Test
    void dropOffListsEqualTheReferenceAsOfEachInstant() throws Exception {
        List<Event> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(41);
        Instant start = Instant.parse("2026-03-10T00:00:00Z");
        for (int p = 0; p < 300; p++) {
            Instant t = start.plusSeconds(random.nextLong(30 * 86_400L));
            for (int i = 0; i < 1 + random.nextInt(7); i++) {
                t = t.plusSeconds(random.nextInt(3) == 0 ? 0 : random.nextLong(3 * 86_400L));
                events.add(TestingEvents.trackWith(
                        "e" + p + "-" + i, "u" + p, STEPS[random.nextInt(STEPS.length)], t, null, null));
            }
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(directory)) {
            new DuckDbEventStore(db).append(events);
            DuckDbSavedAnalyses saved = new DuckDbSavedAnalyses(db);
            saved.create(
                    "funnel",
                    "浏览未购买",
                    "{\"steps\":[\"Product Viewed\",\"Product Added\",\"Order Completed\"],\"window\":\"P2D\","
                            + "\"from\":\"2026-01-01\",\"to\":\"2026-01-10\"}");
            saved.create(
                    "funnel",
                    "strict",
                    "{\"steps\":[\"Product Viewed\",\"Order Completed\"],\"order\":\"strict\",\"windowSeconds\":86400}");
            DuckDbFunnelPersons hook = new DuckDbFunnelPersons(db, new SavedFunnelSpecs(saved));
            int nonEmpty = 0;
            for (int i = 0; i < 12; i++) {
                Instant asOf = start.plusSeconds(random.nextLong(40 * 86_400L));
                EvaluationContext context = new EvaluationContext(asOf, ZONE);
                boolean strict = i % 3 == 2;
                String name = strict ? "strict" : "浏览未购买";
                int days = strict ? 30 : 10; // the saved ranges: the default 30 days, and 2026-01-01 to 2026-01-10
                List<FunnelStep> steps = strict
                        ? List.of(FunnelStep.of(STEPS[0]), FunnelStep.of(STEPS[2]))
                        : List.of(FunnelStep.of(STEPS[0]), FunnelStep.of(STEPS[1]), FunnelStep.of(STEPS[2]));
                FunnelSpec expectedSpec = new FunnelSpec(
                        steps,
                        strict ? FunnelSpec.Order.STRICT : FunnelSpec.Order.ORDERED,
                        strict ? Duration.ofDays(1) : Duration.ofDays(2),
                        new TimeRange(asOf.atZone(ZONE).minusDays(days).toInstant(), asOf, ZONE));
                List<Event> before = events.stream()
                        .filter(e -> e.timestamp().isBefore(asOf))
                        .toList();
                for (int step = 1; step < steps.size(); step++) {
                    TreeSet<String> expected = new TreeSet<>();
                    for (Map.Entry<String, ReferenceFunnel.Standing> entry :
                            ReferenceFunnel.standings(before, expectedSpec).entrySet()) {
                        if (entry.getValue().reach() == step) {
                            expected.add(PersonIds.of(entry.getKey()));
                        }
                    }
                    String table = hook.materializeDropOff(name, step, context);
                    assertThat(table).startsWith("lodestar_scratch.funnel_dropoff_");
                    assertThat(read(db, table))
                            .as("%s step %d as of %s", name, step, asOf)
                            .isEqualTo(expected);
                    FunnelResult counts = ReferenceFunnel.funnel(before, expectedSpec);
                    long dropOff = counts.series().isEmpty()
                            ? 0
                            : counts.series().get(0).persons().get(step - 1)
                                    - counts.series().get(0).persons().get(step);
                    assertThat((long) expected.size()).isEqualTo(dropOff);
                    if (!expected.isEmpty()) {
                        nonEmpty++;
                    }
                }
            }
            assertThat(nonEmpty).isGreaterThan(8);

            EvaluationContext now = new EvaluationContext(Instant.parse("2026-04-01T00:00:00Z"), ZONE);
            assertThatThrownBy(() -> hook.materializeDropOff("missing", 1, now))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessage("no saved funnel named 'missing'");
            assertThatThrownBy(() -> hook.materializeDropOff("strict", 2, now))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessage("funnel 'strict' has 2 steps: persons drop off after step 1 to 1, not after step 2");
        }
    }

    /** The table's persons, read on another connection than the one that wrote them. */
    private static TreeSet<String> read(DuckDbDatabase db, String table) throws Exception {
        TreeSet<String> persons = new TreeSet<>();
        try (Connection connection = db.reader();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT person FROM " + table)) {
            while (rs.next()) {
                assertThat(persons.add(rs.getString(1)))
                        .as("persons are listed once")
                        .isTrue();
            }
        }
        return persons;
    }
}
