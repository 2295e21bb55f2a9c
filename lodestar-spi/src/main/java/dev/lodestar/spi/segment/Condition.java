package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.analysis.PropertyFilter;
import java.util.List;

/**
 * A segment's rule: a typed condition tree over persons. The same tree is written as text ({@code
 * trait.city_tier <= 2 and did("Order Completed", within = 30d)}) or as JSON; the parser, the
 * printer and the JSON form round-trip through this tree, and engines compile it with bound
 * parameters only.
 *
 * <p>Every condition is two-valued: a person either satisfies it or not (an absent trait never
 * satisfies a comparison except {@link CompareOp#NOT_EQUALS} and {@link CompareOp#IS_NOT_SET}).
 */
public sealed interface Condition
        permits Condition.And,
                Condition.Or,
                Condition.Not,
                Condition.Compare,
                Condition.Did,
                Condition.InSegment,
                Condition.FunnelDropOff {

    /** Deepest nesting a tree may have; deeper input is refused with an error, never a stack overflow. */
    int MAX_DEPTH = 32;

    /** Most nodes a tree may have. */
    int MAX_NODES = 2_000;

    /** All of the parts hold. */
    record And(List<Condition> parts) implements Condition {
        public And {
            parts = checkParts(parts, "and");
        }
    }

    /** At least one of the parts holds. */
    record Or(List<Condition> parts) implements Condition {
        public Or {
            parts = checkParts(parts, "or");
        }
    }

    /** The part does not hold. */
    record Not(Condition part) implements Condition {
        public Not {
            requireNonNull(part, "not: part is null");
        }
    }

    /**
     * A comparison of a person-level field (a declared trait such as {@code trait.city_tier} or a
     * computed one such as {@code rfm.segment}) with literal values.
     *
     * @param values one value for the binary operators, one or more for {@code IN}/{@code NOT_IN},
     *     none for {@code IS_SET}/{@code IS_NOT_SET}
     */
    record Compare(Field field, CompareOp op, List<Literal> values) implements Condition {
        public Compare {
            requireNonNull(field, "field is null");
            requireNonNull(op, "operator is null");
            requireNonNull(values, "values is null");
            values = List.copyOf(values);
            int expected = op.arity();
            if (expected >= 0 && values.size() != expected) {
                throw new IllegalArgumentException(
                        "'" + op.text() + "' takes " + expected + " value(s), got " + values.size() + " for " + field);
            }
            if (expected < 0 && values.isEmpty()) {
                throw new IllegalArgumentException("'" + op.text() + "' needs at least one value for " + field);
            }
        }
    }

    /**
     * Behaviour: the person did event {@code event} (with all {@code where} filters holding) a
     * number of times in the window.
     *
     * <ul>
     *   <li>{@link Occurrence#ANY}: the number of matching events in {@code window} is at least
     *       {@code atLeast} and, when set, at most {@code atMost}. {@code atLeast} 0 with an
     *       {@code atMost} includes persons who never did it.
     *   <li>{@link Occurrence#FIRST}: the person's first matching event ever falls in the window.
     *   <li>{@link Occurrence#LAST}: the person's last matching event ever falls in the window.
     * </ul>
     *
     * "Did not" is {@code Not(Did(...))}.
     *
     * @param atMost the upper bound, or null for none
     */
    record Did(
            String event,
            List<PropertyFilter> where,
            int atLeast,
            Integer atMost,
            TimeWindow window,
            Occurrence occurrence)
            implements Condition {
        public Did {
            requireNonNull(event, "event is null");
            if (event.isBlank() || event.length() > 200) {
                throw new IllegalArgumentException("event name must be 1 to 200 characters");
            }
            where = List.copyOf(requireNonNull(where, "where is null"));
            requireNonNull(window, "window is null");
            requireNonNull(occurrence, "occurrence is null");
            if (atLeast < 0) {
                throw new IllegalArgumentException("at_least must not be negative: " + atLeast);
            }
            if (atMost != null && atMost < atLeast) {
                throw new IllegalArgumentException("at_most " + atMost + " is below at_least " + atLeast);
            }
            if (atLeast == 0 && atMost == null) {
                throw new IllegalArgumentException("at_least = 0 without at_most holds for everyone");
            }
            if (occurrence != Occurrence.ANY && (atLeast != 1 || atMost != null)) {
                throw new IllegalArgumentException("first/last time cannot be combined with at_least or at_most");
            }
        }

        /** Did the event at least once in the window. */
        public static Did once(String event, TimeWindow window) {
            return new Did(event, List.of(), 1, null, window, Occurrence.ANY);
        }
    }

    /** The person is a current member of another segment, named by id. */
    record InSegment(String segment) implements Condition {
        public InSegment {
            requireNonNull(segment, "segment is null");
            if (segment.isBlank() || segment.length() > 200) {
                throw new IllegalArgumentException("segment name must be 1 to 200 characters");
            }
        }
    }

    /**
     * Funnel position: the person entered the saved funnel {@code funnel} and reached step {@code
     * step} (1-based) but not step {@code step + 1}, i.e. dropped off after step {@code step}.
     */
    record FunnelDropOff(String funnel, int step) implements Condition {
        public FunnelDropOff {
            requireNonNull(funnel, "funnel is null");
            if (funnel.isBlank() || funnel.length() > 200) {
                throw new IllegalArgumentException("funnel name must be 1 to 200 characters");
            }
            if (step < 1 || step > 19) {
                throw new IllegalArgumentException("dropped-off step must be 1 to 19, got " + step);
            }
        }
    }

    private static List<Condition> checkParts(List<Condition> parts, String name) {
        requireNonNull(parts, name + ": parts is null");
        if (parts.size() < 2) {
            throw new IllegalArgumentException("'" + name + "' needs at least two parts, got " + parts.size());
        }
        for (Condition part : parts) {
            requireNonNull(part, name + ": a part is null");
        }
        return List.copyOf(parts);
    }
}
