package dev.lodestar.engine.duckdb.scores;

import static java.util.Objects.requireNonNull;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.MatrixResult;
import dev.lodestar.spi.segment.MatrixSpec;
import dev.lodestar.spi.segment.SegmentFields;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The multi-dimension matrix on DuckDB, over the persons of {@code person_scores}. In one reader
 * connection: a temporary table with each person's dimension values (as text), a query per
 * dimension for its top values, and one grouping query for the cells.
 *
 * <p>A person's trait is the value with the latest {@code updated_at} among the person's
 * identities (then the greatest source, then identity, so that a tie has one answer); a JSON string
 * is its text, any other JSON value its JSON text, and a latest value of JSON {@code null} leaves
 * the trait unset.
 */
public final class DuckDbScoreMatrix {
    private static final Map<String, String> COLUMNS = Map.of(
            "rfm.segment", "s.rfm_segment",
            "rfm.r", "CAST(s.r AS VARCHAR)",
            "rfm.f", "CAST(s.f AS VARCHAR)",
            "rfm.m", "CAST(s.m AS VARCHAR)",
            "value.decile", "CAST(s.value_decile AS VARCHAR)",
            "value.abc", "s.value_abc",
            "activity.state", "s.activity_state",
            "lifecycle.stage", "s.lifecycle_stage");

    private static final String TRAIT =
            """
            (SELECT person, text FROM (
                SELECT coalesce(m.to_person, t.own) AS person,
                    CASE json_type(t.value) WHEN 'NULL' THEN NULL
                        WHEN 'VARCHAR' THEN json_extract_string(t.value, '$')
                        ELSE CAST(t.value AS VARCHAR) END AS text,
                    row_number() OVER (PARTITION BY coalesce(m.to_person, t.own)
                        ORDER BY t.updated_at DESC, t.source DESC, t.identity DESC) AS k
                FROM (SELECT *, 'p' || left(sha256(identity), 16) AS own FROM trait_values WHERE name = ?) t
                LEFT JOIN person_map m ON m.from_person = t.own)
            WHERE k = 1)""";

    private final DuckDbDatabase database;
    private final DuckDbPersonScores scores;

    public DuckDbScoreMatrix(DuckDbDatabase database, DuckDbPersonScores scores) {
        this.database = requireNonNull(database, "database is null");
        this.scores = requireNonNull(scores, "scores is null");
    }

    public MatrixResult matrix(MatrixSpec spec, EvaluationContext context) {
        requireNonNull(spec, "spec is null");
        List<MatrixSpec.Dimension> dimensions = spec.dimensions();
        for (MatrixSpec.Dimension d : dimensions) {
            if (d.field().namespace().equals(SegmentFields.INTEREST)
                    && scores.settings().interests().stream()
                            .noneMatch(i -> i.name().equals(d.field().name()))) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unknown interest dimension '" + d.field().name() + "' (expected one of "
                                + scores.settings().interests().stream()
                                        .map(i -> i.name())
                                        .toList() + ")");
            }
        }
        // one lock for computing and reading, so no other as-of replaces the tables in between
        synchronized (scores) {
            scores.ensureScores(context);
            try (Connection connection = database.reader()) {
                List<Object> parameters = new ArrayList<>();
                StringBuilder select = new StringBuilder(
                        "CREATE OR REPLACE TEMP TABLE matrix_base AS SELECT s.person, s.monetary, s.frequency");
                StringBuilder from = new StringBuilder(" FROM person_scores s");
                for (int i = 0; i < dimensions.size(); i++) {
                    String field = dimensions.get(i).field().toString();
                    String alias = "j" + i;
                    if (dimensions.get(i).field().isTrait()) {
                        select.append(", ").append(alias).append(".text AS d").append(i);
                        from.append(" LEFT JOIN ").append(TRAIT).append(' ').append(alias);
                        from.append(" ON ").append(alias).append(".person = s.person");
                        parameters.add(dimensions.get(i).field().name());
                    } else if (dimensions.get(i).field().namespace().equals(SegmentFields.INTEREST)) {
                        select.append(", ").append(alias).append(".value AS d").append(i);
                        from.append(" LEFT JOIN person_interests ").append(alias);
                        from.append(" ON ").append(alias).append(".person = s.person AND ");
                        from.append(alias)
                                .append(".dimension = ? AND ")
                                .append(alias)
                                .append(".rank = 1");
                        parameters.add(dimensions.get(i).field().name());
                    } else {
                        select.append(", ")
                                .append(COLUMNS.get(field))
                                .append(" AS d")
                                .append(i);
                    }
                }
                DuckDbPersonScores.execute(connection, select.append(from).toString(), parameters);
                List<List<String>> tops = new ArrayList<>();
                for (int i = 0; i < dimensions.size(); i++) {
                    List<String> top = new ArrayList<>();
                    DuckDbPersonScores.query(
                            connection, top(i, dimensions.get(i).top()), List.of(), rs -> top.add(rs.getString(1)));
                    tops.add(top);
                }
                return new MatrixResult(ScoresSql.micros(context.asOf()), spec, tops, cells(connection, dimensions));
            } catch (SQLException e) {
                throw new LodestarException(
                        ErrorCode.STORAGE_FAILURE, "computing the matrix failed: " + e.getMessage(), e);
            }
        }
    }

    /** The top values of dimension {@code i}: most persons first, then by value. */
    private static String top(int i, int limit) {
        return "SELECT d" + i + " FROM matrix_base WHERE d" + i + " IS NOT NULL GROUP BY d" + i
                + " ORDER BY count(*) DESC, d" + i + " LIMIT " + limit;
    }

    private static List<MatrixResult.Cell> cells(Connection connection, List<MatrixSpec.Dimension> dimensions)
            throws SQLException {
        int n = dimensions.size();
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // kind 0: a top value, 1: other, 2: not set
            String d = "d" + i;
            String inTop = d + " IN (" + top(i, dimensions.get(i).top()) + ")";
            keys.append("CASE WHEN ")
                    .append(d)
                    .append(" IS NULL THEN 2 WHEN ")
                    .append(inTop)
                    .append(" THEN 0 ELSE 1 END AS k")
                    .append(i)
                    .append(", CASE WHEN ")
                    .append(inTop)
                    .append(" THEN ")
                    .append(d)
                    .append(" END AS v")
                    .append(i)
                    .append(", ");
        }
        StringBuilder order = new StringBuilder("count(*) DESC");
        for (int i = 0; i < n; i++) {
            order.append(", k").append(i).append(", v").append(i);
        }
        String sql = "SELECT " + keys + "count(*), count(frequency), coalesce(sum(monetary), 0)"
                + " FROM matrix_base GROUP BY ALL ORDER BY " + order;
        List<MatrixResult.Cell> cells = new ArrayList<>();
        DuckDbPersonScores.query(connection, sql, List.of(), rs -> {
            List<MatrixResult.Key> key = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MatrixResult.Kind kind = MatrixResult.Kind.values()[rs.getInt(1 + 2 * i)];
                key.add(new MatrixResult.Key(kind, kind == MatrixResult.Kind.VALUE ? rs.getString(2 + 2 * i) : null));
            }
            long persons = rs.getLong(1 + 2 * n);
            long buyers = rs.getLong(2 + 2 * n);
            cells.add(new MatrixResult.Cell(key, persons, buyers, rs.getDouble(3 + 2 * n), (double) buyers / persons));
        });
        return cells;
    }
}
