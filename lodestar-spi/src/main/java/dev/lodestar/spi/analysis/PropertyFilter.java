package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A condition on one property of an event. The property is one of the stored common columns ({@link
 * #COMMON_COLUMNS}) or else a top-level key of the event's {@code properties} JSON, compared as
 * text (a JSON number or boolean compares as its JSON text, e.g. {@code 12.5}, {@code true}).
 *
 * @param property the property name
 * @param operator how the value is compared
 * @param values one or more values; {@code EQUALS}/{@code IN} match any of them, {@code NOT_EQUALS}
 *     matches when the value is none of them (or the property is absent), {@code CONTAINS} matches
 *     when the value contains any of them (case-sensitive)
 */
public record PropertyFilter(String property, Operator operator, List<String> values) {
    /** Properties read from the store's columns rather than from the JSON. */
    public static final Set<String> COMMON_COLUMNS =
            Set.of("url", "currency", "order_id", "product_id", "category", "channel");

    public PropertyFilter {
        property = checkProperty(property);
        requireNonNull(operator, "operator is null");
        requireNonNull(values, "values is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("filter on '" + property + "' has no values");
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("filter on '" + property + "' has a null value");
            }
        }
        values = List.copyOf(values);
    }

    /** Checks a property name: non-blank, at most 200 characters, no quote or backslash. */
    public static String checkProperty(String property) {
        requireNonNull(property, "property is null");
        if (property.isBlank() || property.length() > 200 || property.contains("\"") || property.contains("\\")) {
            throw new IllegalArgumentException("property name '" + property
                    + "' is not valid (expected 1 to 200 characters without quotes or backslashes)");
        }
        return property;
    }

    /** Whether a (possibly absent, i.e. null) value satisfies this filter. */
    public boolean test(String value) {
        return switch (operator) {
            case EQUALS, IN -> value != null && values.contains(value);
            case NOT_EQUALS -> value == null || !values.contains(value);
            case CONTAINS -> value != null && values.stream().anyMatch(value::contains);
        };
    }

    /** How a filter compares. */
    public enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        CONTAINS;

        public static Operator parse(String text) {
            for (Operator operator : values()) {
                if (operator.name().equalsIgnoreCase(text)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException(
                    "operator '" + text + "' is not one of equals, not_equals, in, contains");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
