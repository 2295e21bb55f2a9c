package dev.lodestar.core.segment;

import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.SegmentFields;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The name and value checks shared by the text parser and the JSON form: fields against the
 * catalog and {@link SegmentFields}, values of computed fields against their type and allowed
 * values. A null catalog skips the names that depend on the store (traits, segments, funnels,
 * interest dimensions); computed fields are always checked.
 */
final class SegmentChecks {
    /** The namespaces a field may have, in the order they are documented. */
    static final List<String> NAMESPACES =
            List.of(Field.TRAIT, "rfm", "value", "activity", "lifecycle", "person", SegmentFields.INTEREST);

    /**
     * A problem found by a check.
     *
     * @param what the problem, e.g. {@code unknown trait 'ctiy_tier'}
     * @param hint a suggestion starting with a space, e.g. {@code (did you mean 'city_tier'?)}, or empty
     * @param value the index of the offending value, or -1 when the field is at fault
     */
    record Problem(String what, String hint, int value) {}

    private SegmentChecks() {}

    static Optional<Problem> namespace(String namespace) {
        if (NAMESPACES.contains(namespace)) {
            return Optional.empty();
        }
        String hint = Suggestions.closest(namespace, NAMESPACES)
                .map(name -> " (did you mean '" + name + "'?)")
                .orElse(" (expected one of " + String.join(", ", NAMESPACES) + ")");
        return Optional.of(new Problem("unknown namespace '" + namespace + "'", hint, -1));
    }

    static Optional<Problem> compare(Field field, CompareOp op, List<Literal> values, SegmentCatalog catalog) {
        Optional<Problem> namespace = namespace(field.namespace());
        if (namespace.isPresent()) {
            return namespace;
        }
        if (field.isTrait()) {
            return known("trait", field.name(), catalog == null ? null : catalog.traits());
        }
        if (field.namespace().equals(SegmentFields.INTEREST)) {
            return known("interest dimension", field.name(), catalog == null ? null : catalog.interests());
        }
        Optional<SegmentFields.Computed> computed = SegmentFields.computed(field);
        if (computed.isEmpty()) {
            List<String> names =
                    SegmentFields.ALL.stream().map(c -> c.field().toString()).toList();
            return Optional.of(
                    new Problem("unknown field '" + field + "'", Suggestions.hint(field.toString(), names), -1));
        }
        return computedValues(computed.get(), op, values);
    }

    static Optional<Problem> segment(String id, SegmentCatalog catalog) {
        return known("segment", id, catalog == null ? null : catalog.segments());
    }

    static Optional<Problem> funnel(String name, SegmentCatalog catalog) {
        return known("funnel", name, catalog == null ? null : catalog.funnels());
    }

    private static Optional<Problem> known(String kind, String name, Set<String> names) {
        if (names == null || names.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(new Problem("unknown " + kind + " '" + name + "'", Suggestions.hint(name, names), -1));
    }

    private static Optional<Problem> computedValues(
            SegmentFields.Computed computed, CompareOp op, List<Literal> values) {
        Field field = computed.field();
        boolean number = computed.type() == SegmentFields.Type.NUMBER;
        if (number && (op == CompareOp.CONTAINS || op == CompareOp.STARTS_WITH)) {
            return Optional.of(
                    new Problem("'" + op.text() + "' compares text but " + field + " holds numbers", "", -1));
        }
        for (int i = 0; i < values.size(); i++) {
            Literal value = values.get(i);
            if (number && !(value instanceof Literal.Number)) {
                return Optional.of(new Problem(field + " holds numbers, not " + shown(value), "", i));
            }
            if (!number && !(value instanceof Literal.Text)) {
                return Optional.of(
                        new Problem(field + " holds text, not " + shown(value), " (write the value in quotes)", i));
            }
            boolean equality = op == CompareOp.EQ || op == CompareOp.NE || op == CompareOp.IN || op == CompareOp.NOT_IN;
            if (!number
                    && equality
                    && !computed.allowed().isEmpty()
                    && !computed.allowed().contains(value.asText())) {
                String hint = Suggestions.closest(value.asText(), computed.allowed())
                        .map(name -> " (did you mean '" + name + "'?)")
                        .orElse(" (expected one of "
                                + computed.allowed().stream().collect(Collectors.joining(", ")) + ")");
                return Optional.of(new Problem("unknown " + field + " value '" + value.asText() + "'", hint, i));
            }
        }
        return Optional.empty();
    }

    private static String shown(Literal value) {
        return value instanceof Literal.Text text ? SegmentPrinter.quote(text.value()) : value.asText();
    }
}
