package dev.lodestar.spi.segment;

/** Which occurrences of an event a {@link Condition.Did} counts. */
public enum Occurrence {
    /** Any occurrence in the window, counted. */
    ANY,
    /** The person's first occurrence ever must fall in the window. */
    FIRST,
    /** The person's last occurrence ever must fall in the window. */
    LAST
}
