package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * Paths: the sequences of up to {@code steps} nodes that persons went through after a start point,
 * before an end point, or from the start of a session. The semantics are documented in {@code
 * docs/analytics.md}; in short: the nodes are the person's events in the range (event names, or
 * the URLs of page calls), ordered by time and then node; sessions end after more than {@code
 * sessionGap} without a node event; consecutive repeats of a node are collapsed into one; each
 * person contributes one path, from their first session that holds the start (or end) point.
 *
 * @param nodes what a node is
 * @param startPoint the node that starts a path (an event name or a URL); null for none
 * @param endPoint the node that ends a path; null for none (at most one of start and end point)
 * @param steps L, 2 to {@link #MAX_STEPS}: the most nodes of a path, the start or end point included
 * @param sessionGap a gap longer than this between two node events of a person starts a new session
 * @param range only events in this range count
 */
public record PathsSpec(
        Nodes nodes, String startPoint, String endPoint, int steps, Duration sessionGap, TimeRange range) {
    public static final int MAX_STEPS = 10;
    public static final Duration DEFAULT_SESSION_GAP = Duration.ofMinutes(30);

    public PathsSpec {
        requireNonNull(nodes, "nodes is null");
        requireNonNull(range, "range is null");
        sessionGap = sessionGap == null ? DEFAULT_SESSION_GAP : sessionGap;
        if (startPoint != null && startPoint.isBlank()) {
            throw new IllegalArgumentException("start point is blank (use null for none)");
        }
        if (endPoint != null && endPoint.isBlank()) {
            throw new IllegalArgumentException("end point is blank (use null for none)");
        }
        if (startPoint != null && endPoint != null) {
            throw new IllegalArgumentException("give a start point or an end point, not both");
        }
        if (steps < 2 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 2 to " + MAX_STEPS + ", found " + steps);
        }
        if (sessionGap.isNegative() || sessionGap.isZero() || sessionGap.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "session gap must be more than 0 and at most 7 days, found " + sessionGap);
        }
    }

    /** The start or end point, whichever is given; null for paths from the start of a session. */
    public String anchor() {
        return startPoint != null ? startPoint : endPoint;
    }

    /** What the nodes of a path are. */
    public enum Nodes {
        /** The names of named events: track event names, page and screen names. */
        EVENTS,
        /** The URLs of page calls (page calls without a URL and other events are left out). */
        URLS;

        public static Nodes parse(String text) {
            for (Nodes n : values()) {
                if (n.name().equalsIgnoreCase(text)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("nodes '" + text + "' is not one of events, urls");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
