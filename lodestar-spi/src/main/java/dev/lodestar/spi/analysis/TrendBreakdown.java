package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits every series of a trend by the value of an event property or of a person trait. The values
 * kept are the {@code limit} values with the most matching events of the first series in the range
 * (ties by value, the absent value first), or exactly {@code values} when given; every other value
 * is grouped into one "other" series, computed over the union of those values' events (so unique
 * persons are not double-counted).
 *
 * @param source where the value comes from
 * @param property an event property (as in {@link PropertyFilter}) or a trait name
 * @param limit how many values to keep, 1 to {@link #MAX_LIMIT}
 * @param values the values to keep instead of the top {@code limit} (null elements stand for the
 *     absent value); null to choose the top values
 */
public record TrendBreakdown(Source source, String property, int limit, List<String> values) {
    public static final int MAX_LIMIT = 50;

    public TrendBreakdown {
        requireNonNull(source, "source is null");
        property = PropertyFilter.checkProperty(property);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("breakdown limit must be 1 to " + MAX_LIMIT + ", found " + limit);
        }
        if (values != null) {
            if (values.size() > limit) {
                throw new IllegalArgumentException(
                        "breakdown has " + values.size() + " values, more than its limit " + limit);
            }
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** The same breakdown with the kept values fixed. */
    public TrendBreakdown withValues(List<String> fixed) {
        return new TrendBreakdown(source, property, Math.max(limit, fixed.size()), fixed);
    }

    /** Where a breakdown value comes from. */
    public enum Source {
        /** A property of each event. */
        EVENT,
        /** A trait of the event's resolved person (its current value). */
        PERSON;

        public static Source parse(String text) {
            for (Source s : values()) {
                if (s.name().equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("breakdown source '" + text + "' is not one of event, person");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
