package dev.lodestar.testing;

import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.MatrixResult;
import dev.lodestar.spi.segment.MatrixSpec;
import dev.lodestar.spi.segment.SegmentFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brute-force multi-dimension matrix over reference score rows: each person's value per dimension
 * looked up field by field, the top values counted in maps, the cells counted in a map.
 */
public final class ReferenceMatrix {
    private ReferenceMatrix() {}

    /**
     * @param traits person to trait name to the trait's text (the person-level value)
     */
    public static MatrixResult matrix(
            MatrixSpec spec,
            Instant asOf,
            List<ReferenceScores.Row> rows,
            List<ReferenceScores.Interest> interests,
            Map<String, Map<String, String>> traits) {
        int n = spec.dimensions().size();
        List<List<String>> values = values(spec, rows, interests, traits);
        List<List<String>> tops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Long> counts = new HashMap<>();
            for (List<String> v : values) {
                if (v.get(i) != null) {
                    counts.merge(v.get(i), 1L, Long::sum);
                }
            }
            tops.add(counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(spec.dimensions().get(i).top())
                    .map(Map.Entry::getKey)
                    .toList());
        }
        Map<List<MatrixResult.Key>, double[]> cells = new LinkedHashMap<>(); // persons, buyers, revenue
        for (int p = 0; p < rows.size(); p++) {
            List<MatrixResult.Key> key = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String v = values.get(p).get(i);
                key.add(
                        v == null
                                ? new MatrixResult.Key(MatrixResult.Kind.NOT_SET, null)
                                : tops.get(i).contains(v)
                                        ? new MatrixResult.Key(MatrixResult.Kind.VALUE, v)
                                        : new MatrixResult.Key(MatrixResult.Kind.OTHER, null));
            }
            double[] cell = cells.computeIfAbsent(key, k -> new double[3]);
            ReferenceScores.Row row = rows.get(p);
            cell[0]++;
            if (row.frequency() != null) {
                cell[1]++;
                cell[2] += row.monetary();
            }
        }
        List<MatrixResult.Cell> result = new ArrayList<>();
        cells.forEach((key, c) -> result.add(new MatrixResult.Cell(key, (long) c[0], (long) c[1], c[2], c[1] / c[0])));
        Comparator<MatrixResult.Cell> order = Comparator.comparingLong(c -> -c.persons());
        for (int i = 0; i < n; i++) {
            int d = i;
            order = order.thenComparing(c -> c.keys().get(d).kind())
                    .thenComparing(c -> c.keys().get(d).value(), Comparator.nullsLast(Comparator.naturalOrder()));
        }
        result.sort(order);
        return new MatrixResult(asOf, spec, tops, result);
    }

    /** Each row's value per dimension, null when not set. */
    public static List<List<String>> values(
            MatrixSpec spec,
            List<ReferenceScores.Row> rows,
            List<ReferenceScores.Interest> interests,
            Map<String, Map<String, String>> traits) {
        Map<String, Map<String, String>> topTag = new HashMap<>();
        for (ReferenceScores.Interest i : interests) {
            if (i.rank() == 1) {
                topTag.computeIfAbsent(i.person(), p -> new HashMap<>()).put(i.dimension(), i.value());
            }
        }
        List<List<String>> values = new ArrayList<>();
        for (ReferenceScores.Row row : rows) {
            List<String> v = new ArrayList<>(spec.dimensions().size());
            for (MatrixSpec.Dimension d : spec.dimensions()) {
                v.add(value(d.field(), row, topTag.getOrDefault(row.person(), Map.of()), traits));
            }
            values.add(v);
        }
        return values;
    }

    private static String value(
            Field field, ReferenceScores.Row row, Map<String, String> topTag, Map<String, Map<String, String>> traits) {
        if (field.isTrait()) {
            return traits.getOrDefault(row.person(), Map.of()).get(field.name());
        }
        if (field.namespace().equals(SegmentFields.INTEREST)) {
            return topTag.get(field.name());
        }
        Object value =
                switch (field.toString()) {
                    case "rfm.segment" -> row.rfmSegment();
                    case "rfm.r" -> row.r();
                    case "rfm.f" -> row.f();
                    case "rfm.m" -> row.m();
                    case "value.decile" -> row.valueDecile();
                    case "value.abc" -> row.valueAbc();
                    case "activity.state" -> row.activityState();
                    case "lifecycle.stage" -> row.lifecycleStage();
                    default -> throw new IllegalArgumentException("not a dimension: " + field);
                };
        return value == null ? null : value.toString();
    }
}
