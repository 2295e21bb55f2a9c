package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cross-tab of persons (see {@link MatrixSpec}): the non-empty cells, most persons first.
 *
 * @param topValues per dimension, the values shown on their own; the others are "other"
 */
public record MatrixResult(Instant asOf, MatrixSpec spec, List<List<String>> topValues, List<Cell> cells) {
    public MatrixResult {
        requireNonNull(asOf, "asOf is null");
        requireNonNull(spec, "spec is null");
        topValues = topValues.stream().map(List::copyOf).toList();
        cells = List.copyOf(cells);
    }

    /** Where a person falls on one dimension. */
    public enum Kind {
        VALUE,
        OTHER,
        NOT_SET
    }

    /** @param value the value for {@link Kind#VALUE}, else null */
    public record Key(Kind kind, String value) {
        public Key {
            requireNonNull(kind, "kind is null");
            if ((kind == Kind.VALUE) != (value != null)) {
                throw new IllegalArgumentException("a value key has a value, the others none");
            }
        }
    }

    /**
     * One cell.
     *
     * @param revenue the cell's persons' revenue in the RFM window
     * @param buyers the cell's persons with an order in the RFM window
     * @param conversion buyers / persons
     */
    public record Cell(List<Key> keys, long persons, long buyers, double revenue, double conversion) {
        public Cell {
            keys = List.copyOf(keys);
        }
    }

    /**
     * The segment condition selecting exactly the cell's persons: per dimension, {@code field =
     * value}, {@code field not in (top values)} for "other", {@code field is not set} for "not
     * set"; all of them together. For an interest dimension the condition compares any of the
     * person's top five tags, not only the first, so it selects a superset of the cell.
     */
    public Condition condition(Cell cell) {
        List<Condition> parts = new ArrayList<>();
        for (int i = 0; i < spec.dimensions().size(); i++) {
            Field field = spec.dimensions().get(i).field();
            Key key = cell.keys().get(i);
            parts.add(
                    switch (key.kind()) {
                        case VALUE -> new Condition.Compare(field, CompareOp.EQ, List.of(literal(field, key.value())));
                        case OTHER ->
                            new Condition.Compare(
                                    field,
                                    CompareOp.NOT_IN,
                                    topValues.get(i).stream()
                                            .map(v -> literal(field, v))
                                            .toList());
                        case NOT_SET -> new Condition.Compare(field, CompareOp.IS_NOT_SET, List.of());
                    });
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private static Literal literal(Field field, String value) {
        boolean number = SegmentFields.computed(field)
                .map(c -> c.type() == SegmentFields.Type.NUMBER)
                .orElse(false);
        return number ? new Literal.Number(new BigDecimal(value)) : new Literal.Text(value);
    }
}
