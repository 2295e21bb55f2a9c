package dev.lodestar.cli;

import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.engine.duckdb.scores.DuckDbScoreMatrix;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.MatrixSpec;
import dev.lodestar.spi.segment.ScoreSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lodestar bench scores}: simulates a shop, bulk-loads it, resolves persons, then times the
 * person scores (RFM, value tiers, states, interests) for the last instant of the data, the check
 * that finds them current, the RFM grid, a two-dimension matrix and a 90-day segment migration.
 * Figures, not a test.
 */
@Command(
        name = "scores",
        description =
                "Person scores benchmark: simulate, bulk load, resolve, then time scores, grid, matrix, migration.")
public final class ScoresBenchCommand implements Callable<Integer> {
    private static final LocalDate END = LocalDate.of(2026, 3, 1);

    @Mixin
    SimulatedData simulated;

    @Option(names = "--days", description = "Simulated days (default 365).")
    int days = 365;

    /** Runs the benchmark without the {@code lodestar} launcher. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ScoresBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path directory = simulated.directory("scores");
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            if (new DuckDbAnalyticsEngine(database).totalEvents() == 0) {
                BenchCommand.loadSimulation(database, simulated.persons, days, END);
                long t0 = System.nanoTime();
                new PersonService(new DuckDbIdentityStore(database), new Normalizer(IdentityConfig.defaults())).close();
                System.out.printf(Locale.ROOT, "resolved persons in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            long events = new DuckDbAnalyticsEngine(database).totalEvents();
            Instant asOf = lastEvent(database);
            EvaluationContext context = new EvaluationContext(asOf, SimulationConfig.DEFAULT_ZONE);
            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            time("scores computed (person_scores and person_interests)", events, () -> {
                scores.refresh(asOf);
                return "";
            });
            time("check that finds them current", events, () -> {
                scores.ensureScores(context);
                return "";
            });
            try (Connection c = database.reader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), count(r) FROM person_scores")) {
                rs.next();
                System.out.printf(Locale.ROOT, "persons %,d, buyers in the window %,d%n", rs.getLong(1), rs.getLong(2));
            }
            time("RFM grid", events, () -> scores.grid(context).cells().size() + " cells");
            DuckDbScoreMatrix matrix = new DuckDbScoreMatrix(database, scores);
            MatrixSpec spec = new MatrixSpec(List.of(
                    MatrixSpec.Dimension.of(new Field("rfm", "segment")),
                    MatrixSpec.Dimension.of(new Field("activity", "state")),
                    MatrixSpec.Dimension.of(Field.trait("city_tier"))));
            time(
                    "matrix rfm.segment x activity.state x trait.city_tier",
                    events,
                    () -> matrix.matrix(spec, context).cells().size() + " cells");
            time(
                    "segment migration over 90 days (scores for two instants)",
                    events,
                    () -> scores.migration(asOf.minus(Duration.ofDays(90)), asOf)
                                    .flows()
                                    .size()
                            + " flows");
            System.out.println("machine: " + BenchCommand.machine());
        } finally {
            simulated.cleanUp(directory);
        }
        return 0;
    }

    /** The time of the latest stored event. */
    static Instant lastEvent(DuckDbDatabase database) throws java.sql.SQLException {
        try (Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(ts) FROM events")) {
            rs.next();
            return rs.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
        }
    }

    private static void time(String what, long events, Supplier<String> work) {
        long t0 = System.nanoTime();
        String detail = work.get();
        System.out.printf(
                Locale.ROOT,
                "%s: %.2f s over %,d events%s%n",
                what,
                (System.nanoTime() - t0) / 1e9,
                events,
                detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
