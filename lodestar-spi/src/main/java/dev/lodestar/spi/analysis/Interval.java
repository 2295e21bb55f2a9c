package dev.lodestar.spi.analysis;

import java.util.Locale;

/** Time bucket of a trend, in the project time zone. Weeks start on Monday (ISO). */
public enum Interval {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    public static Interval parse(String text) {
        for (Interval interval : values()) {
            if (interval.name().equalsIgnoreCase(text)) {
                return interval;
            }
        }
        throw new IllegalArgumentException("interval '" + text + "' is not one of hour, day, week, month");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
