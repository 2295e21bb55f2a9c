package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One series of a trend: which events, and what is measured on them.
 *
 * @param event the event name (track event, page or screen name); null for any named event
 * @param filters conditions on event properties, all of which must hold
 * @param traitFilters conditions on traits of the event's resolved person (the person's current
 *     value: the latest {@code updatedAt} among the person's identities), all of which must hold
 * @param measure what is measured per bucket
 * @param property for {@link TrendMeasure#needsProperty() numeric measures}: {@code revenue} (the
 *     stored column) or a top-level key of the event's {@code properties} JSON; else null
 */
public record TrendSeries(
        String event,
        List<PropertyFilter> filters,
        List<PropertyFilter> traitFilters,
        TrendMeasure measure,
        String property) {
    public TrendSeries {
        if (event != null && event.isBlank()) {
            throw new IllegalArgumentException("event name is blank (use null for any event)");
        }
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        traitFilters = List.copyOf(requireNonNull(traitFilters, "traitFilters is null"));
        requireNonNull(measure, "measure is null");
        if (measure.needsProperty()) {
            if (property == null) {
                throw new IllegalArgumentException(
                        "measure " + measure.wireName() + " needs a numeric property (e.g. revenue)");
            }
            property = PropertyFilter.checkProperty(property);
        } else if (property != null) {
            throw new IllegalArgumentException("measure " + measure.wireName() + " takes no property");
        }
    }

    /** A series without filters. */
    public static TrendSeries of(String event, TrendMeasure measure) {
        return new TrendSeries(event, List.of(), List.of(), measure, null);
    }
}
