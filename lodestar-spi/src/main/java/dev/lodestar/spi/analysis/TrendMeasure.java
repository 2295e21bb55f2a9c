package dev.lodestar.spi.analysis;

import java.util.Locale;

/**
 * What a trend series shows per bucket; the exact rules are in {@code docs/analytics.md}.
 *
 * <ul>
 *   <li>{@link #EVENTS}: matching events; {@link #PERSONS}: distinct resolved persons with a
 *       matching event in the bucket.
 *   <li>{@link #DAU}, {@link #WAU}, {@link #MAU}: distinct persons with a matching event on the 1, 7
 *       or 30 local days ending with the bucket's last day in the range (the window may reach before
 *       the range start). Not for hourly buckets.
 *   <li>{@link #SUM} to {@link #P99}: over the numeric values of a property on the bucket's matching
 *       events (values that are not JSON numbers are ignored); percentiles interpolate linearly.
 *   <li>{@code PER_PERSON_*}: over the persons of the bucket, of each one's number of matching events.
 * </ul>
 */
public enum TrendMeasure {
    EVENTS,
    PERSONS,
    DAU,
    WAU,
    MAU,
    SUM,
    AVG,
    MIN,
    MAX,
    MEDIAN,
    P75,
    P90,
    P99,
    PER_PERSON_AVG,
    PER_PERSON_MEDIAN,
    PER_PERSON_P90;

    public static TrendMeasure parse(String text) {
        for (TrendMeasure m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        StringBuilder names = new StringBuilder();
        for (TrendMeasure m : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(m.wireName());
        }
        throw new IllegalArgumentException("measure '" + text + "' is not one of " + names);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the measure aggregates a numeric property. */
    public boolean needsProperty() {
        return ordinal() >= SUM.ordinal() && ordinal() <= P99.ordinal();
    }

    /** The trailing window in days for DAU, WAU, MAU; 0 for the other measures. */
    public int activeDays() {
        return switch (this) {
            case DAU -> 1;
            case WAU -> 7;
            case MAU -> 30;
            default -> 0;
        };
    }

    /** The quantile for percentile measures (median 0.5), or NaN. */
    public double quantile() {
        return switch (this) {
            case MEDIAN, PER_PERSON_MEDIAN -> 0.5;
            case P75 -> 0.75;
            case P90, PER_PERSON_P90 -> 0.9;
            case P99 -> 0.99;
            default -> Double.NaN;
        };
    }
}
