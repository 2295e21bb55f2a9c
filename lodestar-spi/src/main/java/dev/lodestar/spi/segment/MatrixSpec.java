package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A cross-tab of persons by one to four dimensions. A dimension is a declared trait ({@code
 * trait.city_tier}), a discrete computed field ({@code rfm.segment}, {@code rfm.r}, {@code rfm.f},
 * {@code rfm.m}, {@code value.decile}, {@code value.abc}, {@code activity.state}, {@code
 * lifecycle.stage}) or a person's top interest tag ({@code interest.<dimension>}, rank 1).
 */
public record MatrixSpec(List<Dimension> dimensions) {
    public static final int MAX_DIMENSIONS = 4;

    /** The computed number fields that can be dimensions: scores with five or ten values. */
    public static final Set<String> DISCRETE_NUMBERS = Set.of("rfm.r", "rfm.f", "rfm.m", "value.decile");

    public MatrixSpec {
        requireNonNull(dimensions, "dimensions is null");
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty() || dimensions.size() > MAX_DIMENSIONS) {
            throw invalid("a matrix has 1 to " + MAX_DIMENSIONS + " dimensions, got " + dimensions.size());
        }
        Set<Field> seen = new HashSet<>();
        for (Dimension d : dimensions) {
            if (!seen.add(d.field())) {
                throw invalid("dimension " + d.field() + " is given twice");
            }
        }
    }

    /**
     * One dimension: its values are the field's values as text; the {@code top} most frequent
     * (most persons first, then by value) are shown on their own, the rest together as "other",
     * and persons without a value as "not set".
     */
    public record Dimension(Field field, int top) {
        public static final int DEFAULT_TOP = 12;

        public Dimension {
            requireNonNull(field, "dimension field is null");
            if (top < 1 || top > 50) {
                throw invalid("top values of " + field + " must be 1 to 50, got " + top);
            }
            if (!field.isTrait() && !field.namespace().equals(SegmentFields.INTEREST)) {
                SegmentFields.Computed computed = SegmentFields.computed(field)
                        .orElseThrow(() -> invalid("unknown dimension '" + field
                                + "' (expected trait.<name>, interest.<dimension> or a computed field)"));
                if (computed.type() == SegmentFields.Type.NUMBER && !DISCRETE_NUMBERS.contains(field.toString())) {
                    throw invalid(field + " is a continuous number and cannot be a dimension (use one of "
                            + DISCRETE_NUMBERS.stream().sorted().toList() + ")");
                }
            }
        }

        public static Dimension of(Field field) {
            return new Dimension(field, DEFAULT_TOP);
        }
    }

    private static LodestarException invalid(String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
