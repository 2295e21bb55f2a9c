package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The distribution of a per-person metric over the events of a range; see {@code
 * docs/analytics.md}.
 *
 * @param metric what is measured per person (or per gap)
 * @param event the event whose occurrences are measured; null for any named event
 * @param property for {@link Metric#SUM_PER_PERSON}: {@code revenue} (the stored column) or a
 *     top-level key of the {@code properties} JSON whose JSON number values are summed; else null
 * @param range only events in {@code [from, to)} count
 */
public record DistributionSpec(Metric metric, String event, String property, TimeRange range) {
    public DistributionSpec {
        requireNonNull(metric, "metric is null");
        requireNonNull(range, "range is null");
        if (event != null && event.isBlank()) {
            throw new IllegalArgumentException("event name is blank (use null for any event)");
        }
        if (metric == Metric.SUM_PER_PERSON) {
            if (property == null) {
                throw new IllegalArgumentException("metric sum_per_person needs a numeric property (e.g. revenue)");
            }
            property = PropertyFilter.checkProperty(property);
        } else if (property != null) {
            throw new IllegalArgumentException("metric " + metric.wireName() + " takes no property");
        }
    }

    /** What one value of the distribution is. */
    public enum Metric {
        /** Per person with at least one event: the number of events (orders per buyer). */
        EVENTS_PER_PERSON,
        /**
         * Per person with at least one numeric value of the property on the events: the sum (revenue
         * per buyer).
         */
        SUM_PER_PERSON,
        /** Per pair of consecutive events of one person: the days between them (every gap is a value). */
        DAYS_BETWEEN,
        /** Per person with at least two events: the average of their gaps, (last - first) / (n - 1), in days. */
        AVG_DAYS_BETWEEN;

        public static Metric parse(String text) {
            for (Metric m : values()) {
                if (m.name().equalsIgnoreCase(text)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("metric '" + text
                    + "' is not one of events_per_person, sum_per_person, days_between, avg_days_between");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether every value is a whole number. */
        public boolean integral() {
            return this == EVENTS_PER_PERSON;
        }
    }
}
