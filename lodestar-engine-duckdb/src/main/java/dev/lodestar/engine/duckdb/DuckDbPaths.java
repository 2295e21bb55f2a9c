package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import java.sql.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths on DuckDB, computed inside DuckDB so that only the distinct paths cross JDBC. One query:
 *
 * <ol>
 *   <li>{@code ev}: the node events of the range (named events, or page calls with a URL), distinct
 *       per (person, time, node) so that ordering by (time, node) is total;
 *   <li>{@code s1}, {@code s2}: per person, ordered by (time, node), a break where the gap to the
 *       previous node event exceeds the session gap, and the running count of breaks as the
 *       session number;
 *   <li>{@code s4}: consecutive repeats within a session dropped ({@code lag}), the rest numbered;
 *   <li>{@code f}: per person, the first session holding the anchor and the anchor's first position
 *       in it (without an anchor: the first session, position 1);
 *   <li>{@code p}: the nodes of that session from the anchor on (or up to it), at most L, as a list.
 * </ol>
 *
 * Then the persons per distinct list.
 */
final class DuckDbPaths {
    private final DuckDbDatabase database;

    DuckDbPaths(DuckDbDatabase database) {
        this.database = database;
    }

    PathsResult run(PathsSpec spec) {
        List<Object> parameters = new ArrayList<>();
        String node = spec.nodes() == PathsSpec.Nodes.URLS ? "url" : "event";
        String condition =
                spec.nodes() == PathsSpec.Nodes.URLS ? "type = 'page' AND url IS NOT NULL" : "event IS NOT NULL";
        parameters.add(utc(spec.range().from()));
        parameters.add(utc(spec.range().to()));
        parameters.add(spec.sessionGap().toNanos() / 1000);
        String ordered = "(PARTITION BY person ORDER BY ts, node)";
        StringBuilder sql = new StringBuilder()
                // distinct (time, node) per person: a total order, so that every window agrees
                .append("WITH ev AS (SELECT DISTINCT person, ts, ")
                .append(node) // one of two fixed column names
                .append(" AS node FROM resolved_events WHERE ")
                .append(condition)
                .append(" AND person IS NOT NULL AND ts >= ? AND ts < ?),")
                .append(" s1 AS (SELECT person, ts, node, CASE WHEN epoch_us(ts) - epoch_us(lag(ts) OVER ")
                .append(ordered)
                .append(") > ? THEN 1 ELSE 0 END AS brk FROM ev),")
                .append(" s2 AS (SELECT person, ts, node, sum(brk) OVER (PARTITION BY person ORDER BY ts, node")
                .append(" ROWS UNBOUNDED PRECEDING) AS sess FROM s1),")
                .append(" s3 AS (SELECT person, sess, ts, node, lag(node) OVER")
                .append(" (PARTITION BY person, sess ORDER BY ts, node) AS prev FROM s2),")
                .append(" s4 AS (SELECT person, sess, node, row_number() OVER")
                .append(" (PARTITION BY person, sess ORDER BY ts, node) AS i FROM s3")
                .append(" WHERE prev IS NULL OR prev <> node),");
        if (spec.anchor() == null) {
            sql.append(" f AS (SELECT person, min(sess) AS sess, 1 AS ai FROM s4 GROUP BY person),");
        } else {
            sql.append(" a AS (SELECT person, sess, min(i) AS ai FROM s4 WHERE node = ? GROUP BY person, sess),")
                    .append(
                            " f AS (SELECT person, min(sess) AS sess, arg_min(ai, sess) AS ai FROM a GROUP BY person),");
            parameters.add(spec.anchor());
        }
        int before = spec.endPoint() != null ? spec.steps() - 1 : 0;
        int after = spec.endPoint() != null ? 0 : spec.steps() - 1;
        sql.append(" p AS (SELECT s4.person, list(s4.node ORDER BY s4.i) AS path FROM s4 JOIN f")
                .append(" ON s4.person = f.person AND s4.sess = f.sess")
                .append(" WHERE s4.i BETWEEN f.ai - ")
                .append(before)
                .append(" AND f.ai + ")
                .append(after)
                .append(" GROUP BY s4.person)")
                .append(" SELECT path, count(*) FROM p GROUP BY path");
        List<PathsResult.Path> paths = new ArrayList<>();
        DuckDbLifecycle.query(database, "paths", sql.toString(), parameters, rs -> {
            Array array = rs.getArray(1);
            List<String> nodes = new ArrayList<>();
            for (Object o : (Object[]) array.getArray()) {
                nodes.add((String) o);
            }
            array.free();
            paths.add(new PathsResult.Path(nodes, rs.getLong(2)));
        });
        return new PathsResult(paths);
    }
}
