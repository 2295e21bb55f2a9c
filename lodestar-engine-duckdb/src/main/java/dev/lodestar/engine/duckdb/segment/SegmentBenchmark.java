package dev.lodestar.engine.duckdb.segment;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbSegmentEngine;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.ConditionCodec;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentPreview;
import dev.lodestar.spi.segment.TimeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark entry point: {@code java -cp ... dev.lodestar.engine.duckdb.segment.SegmentBenchmark
 * [persons] [events per person]}. Writes a synthetic store into a temporary directory with SQL
 * (persons with three traits each, track events over 180 days, a tenth of the persons also
 * known by an anonymous id merged into them), then times segment previews of three typical
 * conditions: the first evaluation (which also derives the person tables), the first run of each
 * condition, and the median of five more, in wall-clock time and in CPU time of the process (all
 * threads, DuckDB's included: the figure to trust on a busy machine). Deletes the directory at the
 * end.
 */
public final class SegmentBenchmark {
    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

    private SegmentBenchmark() {}

    public static void main(String[] args) throws Exception {
        long persons = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long perPerson = args.length > 1 ? Long.parseLong(args[1]) : 5;
        Path directory = Files.createTempDirectory("lodestar-segment-bench");
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            long started = System.nanoTime();
            generate(database, persons, persons * perPerson);
            System.out.printf(
                    Locale.ROOT,
                    "persons=%d events=%d generated in %.1f s%n",
                    persons,
                    persons * perPerson + persons / 10,
                    seconds(started));
            DuckDbSegmentEngine engine = new DuckDbSegmentEngine(database, new NoSavedSegments(), null, null);
            EvaluationContext context = new EvaluationContext(AS_OF, ZoneId.of("Asia/Shanghai"));
            Condition traitOnly = new Condition.And(List.of(
                    new Condition.Compare(Field.trait("city_tier"), CompareOp.LE, List.of(Literal.of(2))),
                    new Condition.Compare(Field.trait("city"), CompareOp.EQ, List.of(Literal.of("北京")))));
            Condition behaviour = Condition.Did.once("Order Completed", TimeWindow.Within.days(14));
            Condition mixed = new Condition.And(List.of(
                    new Condition.Compare(Field.trait("city_tier"), CompareOp.LE, List.of(Literal.of(2))),
                    new Condition.Did(
                            "Product Viewed",
                            List.of(new PropertyFilter("category", PropertyFilter.Operator.EQUALS, List.of("母婴"))),
                            3,
                            null,
                            TimeWindow.Within.days(14),
                            Occurrence.ANY),
                    new Condition.Not(Condition.Did.once("Order Completed", TimeWindow.Within.days(14)))));
            started = System.nanoTime();
            SegmentPreview first = engine.preview(traitOnly, context, 10);
            System.out.printf(
                    Locale.ROOT,
                    "first preview, deriving the person tables: %.2f s (population %d)%n",
                    seconds(started),
                    first.population());
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (Map.Entry<String, Condition> entry : List.of(
                    Map.entry("trait only", traitOnly),
                    Map.entry("behaviour within 14d", behaviour),
                    Map.entry("mixed (issue example without rfm)", mixed))) {
                started = System.nanoTime();
                SegmentPreview preview = engine.preview(entry.getValue(), context, 10);
                double firstRun = seconds(started) * 1000;
                List<Double> runs = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long cpuStarted = os.getProcessCpuTime();
                    started = System.nanoTime();
                    engine.preview(entry.getValue(), context, 10);
                    runs.add(seconds(started) * 1000);
                    cpu.add((os.getProcessCpuTime() - cpuStarted) / 1e6);
                }
                Collections.sort(runs);
                Collections.sort(cpu);
                System.out.printf(
                        Locale.ROOT,
                        "%-36s size=%8d first=%6.0f ms median=%6.0f ms (process CPU %6.0f ms)%n",
                        entry.getKey(),
                        preview.size(),
                        firstRun,
                        runs.get(2),
                        cpu.get(2));
            }
        } finally {
            try (var walk = Files.walk(directory)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The synthetic store, written by DuckDB itself from {@code range()}. */
    private static void generate(DuckDbDatabase database, long persons, long events) throws SQLException {
        try (Connection connection = database.reader();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    """
                    INSERT INTO events
                    SELECT 'm' || i, 'track', ev, NULL, 'u' || p, 'user_id:u' || p, ts, ts, NULL, ts, NULL,
                        CASE WHEN ev = 'Order Completed' THEN 99.0 END, NULL, NULL, NULL, cat, NULL, NULL, NULL,
                        '{}', '{}', '{}', 'bench', 'p' || left(sha256('user_id:u' || p), 16), 1
                    FROM (SELECT i, i %% %d AS p,
                        ['Product Viewed', 'Product Viewed', 'Product Viewed', 'Product Added', 'Order Completed',
                            'Signed Up'][1 + (hash(i) %% 6)::INTEGER] AS ev,
                        TIMESTAMP '2026-03-01' - INTERVAL (hash(i * 7) %% (180 * 86400)) SECOND AS ts,
                        ['母婴', '数码', '食品'][1 + (hash(i * 3) %% 3)::INTEGER] AS cat
                        FROM range(%d) t(i))"""
                            .formatted(persons, events));
            statement.execute(
                    """
                    INSERT INTO events
                    SELECT 'a' || p, 'track', 'Product Viewed', 'a' || p, NULL, 'anonymous_id:a' || p, ts, ts, NULL,
                        ts, NULL, NULL, NULL, NULL, NULL, '母婴', NULL, NULL, NULL, '{}', '{}', '{}', 'bench',
                        'p' || left(sha256('anonymous_id:a' || p), 16), 2
                    FROM (SELECT p, TIMESTAMP '2026-03-01' - INTERVAL (hash(p * 11) %% (30 * 86400)) SECOND AS ts
                        FROM range(%d) t(p))"""
                            .formatted(persons / 10));
            statement.execute(
                    """
                    INSERT INTO person_map
                    SELECT 'p' || left(sha256('anonymous_id:a' || p), 16), 'p' || left(sha256('user_id:u' || p), 16)
                    FROM range(%d) t(p)"""
                            .formatted(persons / 10));
            statement.execute(
                    """
                    INSERT INTO trait_values
                    SELECT 'user_id:u' || p, name,
                        CASE name WHEN 'city_tier' THEN (1 + hash(p) %% 5)::VARCHAR
                            WHEN 'city' THEN '"' || ['北京', '上海', '广州', '成都'][1 + (hash(p * 5) %% 4)::INTEGER] || '"'
                            ELSE '"' || ['free', 'pro'][1 + (hash(p * 13) %% 2)::INTEGER] || '"' END::JSON,
                        'bench', TIMESTAMP '2026-01-01'
                    FROM range(%d) t(p), (VALUES ('city_tier'), ('city'), ('plan')) n(name)"""
                            .formatted(persons));
            statement.execute("CHECKPOINT");
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The benchmark only previews: it saves no segment, so it never stores a condition. */
    private static final class NoSavedSegments implements ConditionCodec {
        @Override
        public String encode(Condition condition) {
            throw new UnsupportedOperationException("the benchmark saves no segments");
        }

        @Override
        public Condition decode(String text) {
            throw new UnsupportedOperationException("the benchmark saves no segments");
        }
    }
}
