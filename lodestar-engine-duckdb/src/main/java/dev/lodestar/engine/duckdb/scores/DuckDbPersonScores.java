package dev.lodestar.engine.duckdb.scores;

import static java.util.Objects.requireNonNull;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.PersonScore;
import dev.lodestar.spi.segment.RfmGrid;
import dev.lodestar.spi.segment.ScoreSettings;
import dev.lodestar.spi.segment.ScoresRefresher;
import dev.lodestar.spi.segment.SegmentMigration;
import dev.lodestar.spi.segment.ValueTiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Person scores on DuckDB, in two derived tables that segment evaluation reads (the contract is
 * in {@code docs/rfm-and-scores.md}):
 *
 * <ul>
 *   <li>{@code person_scores}: one row per person with an event at or before "as of": RFM values
 *       and scores, the named segment, value decile and ABC class (null for persons without an
 *       order in the window), activity state, lifecycle stage, events and days since first and
 *       last seen;
 *   <li>{@code person_interests}: each person's top five values per interest dimension.
 * </ul>
 *
 * Both are made with {@code CREATE OR REPLACE TABLE ... AS} in one transaction, not by the
 * migrations: they are derived, can be dropped at any time and are rebuilt from the events. {@code
 * person_scores_state} remembers what they were computed from ("as of", the last ingest sequence,
 * the identity watermark, the settings), so {@link #ensureScores} costs two small queries when they
 * are current.
 */
public final class DuckDbPersonScores implements ScoresRefresher {
    private final DuckDbDatabase database;
    private final ScoreSettings settings;

    /** How long scores checked for one "as of" are reused without looking at the store. */
    public static final Duration REUSE = Duration.ofSeconds(60);

    private Instant checkedAsOf;
    private long checkedAt;

    public DuckDbPersonScores(DuckDbDatabase database, ScoreSettings settings) {
        this.database = requireNonNull(database, "database is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public ScoreSettings settings() {
        return settings;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Scores checked or computed for the same "as of" less than {@link #REUSE} ago are reused
     * without looking at the store again: under a steady stream of events, evaluations of the same
     * instant recompute at most once per {@code REUSE} rather than on every call.
     */
    @Override
    public synchronized void ensureScores(EvaluationContext context) {
        Instant asOf = ScoresSql.micros(context.asOf());
        if (asOf.equals(checkedAsOf) && System.nanoTime() - checkedAt < REUSE.toNanos()) {
            return;
        }
        try (Connection connection = database.reader()) {
            String source = source(connection, asOf);
            if (!source.equals(stored(connection))) {
                compute(connection, asOf, source);
            }
            checkedAsOf = asOf;
            checkedAt = System.nanoTime();
        } catch (SQLException e) {
            throw failure("computing person scores", e);
        }
    }

    /** Recomputes the tables for {@code asOf} even when they look current. */
    public synchronized void refresh(Instant asOf) {
        Instant at = ScoresSql.micros(asOf);
        try (Connection connection = database.reader()) {
            compute(connection, at, source(connection, at));
        } catch (SQLException e) {
            throw failure("computing person scores", e);
        }
    }

    /** What the tables would be computed from now: as of, ingest sequence, identity watermark, settings. */
    private String source(Connection connection, Instant asOf) throws SQLException {
        String ingest;
        String watermark = "";
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM events")) {
                rs.next();
                ingest = Long.toString(rs.getLong(1));
            }
            try (ResultSet rs = statement.executeQuery("SELECT value FROM identity_state WHERE name = 'watermark'")) {
                if (rs.next()) {
                    watermark = Objects.toString(rs.getString(1), "");
                }
            }
        }
        return String.join("\n", asOf.toString(), ingest, watermark, settings.toString());
    }

    private static String stored(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name = 'person_scores_state' AND table_schema = 'main'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return null;
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT source FROM person_scores_state")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void compute(Connection connection, Instant asOf, String source) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<Object> parameters = new ArrayList<>();
            String scores = ScoresSql.scores(settings, asOf, parameters);
            execute(connection, "CREATE OR REPLACE TABLE person_scores AS " + scores, parameters);
            parameters.clear();
            String interests = ScoresSql.interests(settings, asOf, parameters);
            execute(connection, "CREATE OR REPLACE TABLE person_interests AS " + interests, parameters);
            execute(connection, "CREATE OR REPLACE TABLE person_scores_state (source VARCHAR NOT NULL)", List.of());
            execute(connection, "INSERT INTO person_scores_state VALUES (?)", List.of(source));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Buyers per (R, F) cell as of the context's instant: all 25 cells. */
    public synchronized RfmGrid grid(EvaluationContext context) {
        ensureScores(context);
        long[][] persons = new long[6][6];
        double[][] revenue = new double[6][6];
        query(
                "SELECT r, f, count(*), sum(monetary) FROM person_scores WHERE r IS NOT NULL GROUP BY r, f",
                List.of(),
                rs -> {
                    persons[rs.getInt(1)][rs.getInt(2)] = rs.getLong(3);
                    revenue[rs.getInt(1)][rs.getInt(2)] = rs.getDouble(4);
                });
        List<RfmGrid.Cell> cells = new ArrayList<>(25);
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                cells.add(new RfmGrid.Cell(r, f, persons[r][f], revenue[r][f]));
            }
        }
        return new RfmGrid(ScoresSql.micros(context.asOf()), cells);
    }

    /**
     * Persons per (segment at {@code from}, segment at {@code to}), computed for both instants
     * without touching {@code person_scores}. Persons seen at neither instant are not counted.
     */
    public SegmentMigration migration(Instant from, Instant to) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (!from.isBefore(to)) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, "migration: 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        List<Object> parameters = new ArrayList<>();
        String a = ScoresSql.scores(settings, from, parameters);
        String b = ScoresSql.scores(settings, to, parameters);
        List<SegmentMigration.Flow> flows = new ArrayList<>();
        query(
                "SELECT a.rfm_segment, b.rfm_segment, count(*) FROM (" + a + ") a FULL JOIN (" + b
                        + ") b ON a.person = b.person GROUP BY ALL ORDER BY 1 NULLS FIRST, 2 NULLS FIRST",
                parameters,
                rs -> flows.add(new SegmentMigration.Flow(rs.getString(1), rs.getString(2), rs.getLong(3))));
        return new SegmentMigration(ScoresSql.micros(from), ScoresSql.micros(to), flows);
    }

    /** Buyers per value decile and ABC class as of the context's instant. */
    public synchronized ValueTiers valueTiers(EvaluationContext context) {
        ensureScores(context);
        double[] total = {0};
        query("SELECT coalesce(sum(monetary), 0) FROM person_scores", List.of(), rs -> total[0] = rs.getDouble(1));
        List<ValueTiers.Tier> deciles = new ArrayList<>();
        List<ValueTiers.Tier> abc = new ArrayList<>();
        query(
                """
                SELECT 'd', CAST(value_decile AS VARCHAR), count(*), sum(monetary), value_decile AS k
                FROM person_scores WHERE value_decile IS NOT NULL GROUP BY value_decile
                UNION ALL
                SELECT 'c', value_abc, count(*), sum(monetary), 0 FROM person_scores
                WHERE value_abc IS NOT NULL GROUP BY value_abc
                ORDER BY 1, 5, 2""",
                List.of(),
                rs -> {
                    double revenue = rs.getDouble(4);
                    ValueTiers.Tier tier = new ValueTiers.Tier(
                            rs.getString(2), rs.getLong(3), revenue, total[0] > 0 ? revenue / total[0] : 0);
                    (rs.getString(1).equals("d") ? deciles : abc).add(tier);
                });
        return new ValueTiers(ScoresSql.micros(context.asOf()), deciles, abc);
    }

    /**
     * A person's scores as last computed, without recomputing them; empty when they were never
     * computed or the person was not in the data then.
     */
    public Optional<PersonScore> scoresOf(String person) {
        requireNonNull(person, "person is null");
        if (!tableExists("person_scores") || !tableExists("person_interests")) {
            return Optional.empty();
        }
        List<PersonScore.Interest> interests = new ArrayList<>();
        query(
                "SELECT dimension, value, score, rank FROM person_interests WHERE person = ? ORDER BY dimension, rank",
                List.of(person),
                rs -> interests.add(
                        new PersonScore.Interest(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4))));
        PersonScore[] found = new PersonScore[1];
        query(
                """
                SELECT person, as_of, recency_days, frequency, monetary, r, f, m, rfm_segment, value_decile,
                    value_abc, activity_state, lifecycle_stage
                FROM person_scores WHERE person = ?""",
                List.of(person),
                rs -> found[0] = new PersonScore(
                        rs.getString(1),
                        rs.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
                        rs.getObject(3) == null ? null : rs.getDouble(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        rs.getObject(5) == null ? null : rs.getDouble(5),
                        rs.getObject(6) == null ? null : rs.getInt(6),
                        rs.getObject(7) == null ? null : rs.getInt(7),
                        rs.getObject(8) == null ? null : rs.getInt(8),
                        rs.getString(9),
                        rs.getObject(10) == null ? null : rs.getInt(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13),
                        interests));
        return Optional.ofNullable(found[0]);
    }

    private boolean tableExists(String table) {
        boolean[] exists = {false};
        query(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'",
                List.of(table),
                rs -> exists[0] = rs.getLong(1) > 0);
        return exists[0];
    }

    interface Rows {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> parameters, Rows rows) {
        try (Connection connection = database.reader()) {
            query(connection, sql, parameters, rows);
        } catch (SQLException e) {
            throw failure("reading person scores", e);
        }
    }

    static void query(Connection connection, String sql, List<Object> parameters, Rows rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.accept(rs);
                }
            }
        }
    }

    static void execute(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.execute();
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static LodestarException failure(String what, SQLException e) {
        return new LodestarException(ErrorCode.STORAGE_FAILURE, what + " failed: " + e.getMessage(), e);
    }
}
