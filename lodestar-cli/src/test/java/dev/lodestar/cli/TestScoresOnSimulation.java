package dev.lodestar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.SimulationSummary;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.ScoreSettings;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.store.ProgressListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFM segments against the simulator's ground truth. A simulated buyer drops out right after a
 * purchase ({@code churned_at} = their last purchase), so a dropout is visible in the data only
 * once time has passed: buyers who dropped out at least 90 days (the churn threshold) before "as
 * of" must sit in the lapsed segments (Hibernating, Lost, At Risk, About To Sleep, and Can't Lose
 * Them, the lapsed big spenders), far more than buyers still alive. Buyers who dropped out
 * recently look like everyone else, and alive buyers with a very low purchase rate look lapsed:
 * RFM cannot tell those apart (a lifetime-value model can); the cross-tab is printed.
 */
class TestScoresOnSimulation {
    private static final java.util.List<String> GROUPS = java.util.List.of("dropped", "alive", "dropped recently");
    private static final Set<String> SLEEPING = Set.of("Hibernating", "Lost", "At Risk", "About To Sleep");
    private static final Set<String> LAPSED =
            Set.of("Hibernating", "Lost", "At Risk", "About To Sleep", "Can't Lose Them");

    @TempDir
    Path dir;

    @Test
    void droppedOutBuyersConcentrateInSleepingSegments() throws Exception {
        SimulationSummary sim = new Simulator()
                .run(
                        SimulationConfig.defaults()
                                .withPersons(3_000)
                                .withSeed(11)
                                .withEndDate(LocalDate.of(2026, 3, 1)),
                        dir.resolve("sim"),
                        ProgressListener.NONE);
        Path data = dir.resolve("data");
        // segment -> {dropped out, alive}
        Map<String, long[]> table = new TreeMap<>();
        try (DuckDbDatabase database = DuckDbDatabase.open(data)) {
            assertThat(FileIngest.ingest(database, sim.eventFiles(), "sim", ProgressListener.NONE)
                            .rejectedCount())
                    .isZero();
            new PersonService(new DuckDbIdentityStore(database), new Normalizer(IdentityConfig.defaults())).close();
            Instant asOf = ScoresBenchCommand.lastEvent(database);
            new DuckDbPersonScores(database, ScoreSettings.DEFAULT)
                    .ensureScores(new EvaluationContext(asOf, ZoneId.of("Asia/Shanghai")));
            String truth = dir.resolve("sim/truth/persons.parquet").toString().replace("'", "''");
            try (Connection c = database.reader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            """
                            WITH t AS (
                                SELECT coalesce(user_id, anonymous_id) AS id,
                                    CASE WHEN user_id IS NOT NULL THEN 'user_id:' ELSE 'anonymous_id:' END AS type,
                                    CASE WHEN alive_at_end THEN 'alive'
                                        WHEN churned_at <= %2$s THEN 'dropped' ELSE 'dropped recently' END AS truth
                                FROM read_parquet('%s')),
                            k AS (SELECT 'p' || left(sha256(type || id), 16) AS own, truth FROM t WHERE id IS NOT NULL)
                            SELECT s.rfm_segment, k.truth, count(*)
                            FROM k LEFT JOIN person_map m ON m.from_person = k.own
                            JOIN person_scores s ON s.person = coalesce(m.to_person, k.own)
                            WHERE s.rfm_segment IS NOT NULL
                            GROUP BY ALL"""
                                    .formatted(
                                            truth,
                                            "TIMESTAMPTZ '" + asOf.minus(java.time.Duration.ofDays(90)) + "'"))) {
                while (rs.next()) {
                    table.computeIfAbsent(rs.getString(1), k -> new long[3])[GROUPS.indexOf(rs.getString(2))] +=
                            rs.getLong(3);
                }
            }
        }
        assertThat(SegmentFields.RFM_SEGMENTS).containsAll(table.keySet());
        long[] sleeping = new long[3];
        long[] lapsed = new long[3];
        long[] all = new long[3];
        System.out.printf("%-20s %8s %8s %8s%n", "segment", "dropped", "alive", "dropped recently");
        table.forEach((segment, counts) -> {
            System.out.printf("%-20s %8d %8d %8d%n", segment, counts[0], counts[1], counts[2]);
            for (int i = 0; i < 3; i++) {
                all[i] += counts[i];
                sleeping[i] += SLEEPING.contains(segment) ? counts[i] : 0;
                lapsed[i] += LAPSED.contains(segment) ? counts[i] : 0;
            }
        });
        System.out.printf(
                "buyers: dropped %d, alive %d, dropped recently %d%n"
                        + "in Hibernating/Lost/At Risk/About To Sleep: %.3f, %.3f, %.3f%n"
                        + "in those or Can't Lose Them: %.3f, %.3f, %.3f%n",
                all[0],
                all[1],
                all[2],
                share(sleeping, all, 0),
                share(sleeping, all, 1),
                share(sleeping, all, 2),
                share(lapsed, all, 0),
                share(lapsed, all, 1),
                share(lapsed, all, 2));
        assertThat(all[0]).as("buyers who dropped out 90+ days ago").isGreaterThan(50);
        assertThat(all[1]).as("alive buyers").isGreaterThan(500);
        assertThat(share(lapsed, all, 0)).as("dropped out, in a lapsed segment").isGreaterThan(0.9);
        assertThat(share(lapsed, all, 0) - share(lapsed, all, 1))
                .as("margin over alive buyers")
                .isGreaterThan(0.3);
        assertThat(share(sleeping, all, 0))
                .as("the four sleeping segments alone")
                .isGreaterThan(share(sleeping, all, 1));
    }

    private static double share(long[] part, long[] all, int group) {
        return (double) part[group] / all[group];
    }
}
