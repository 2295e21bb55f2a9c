package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.analysis.FunnelExclusion;
import dev.lodestar.spi.analysis.FunnelSpec;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The per-person funnel state machine: one pass over a person's events in time order. Each event
 * carries a bit mask: bit k for step k+1, bit {@code steps + e} for exclusion e.
 *
 * <p>Ordered and strict: for each step the latest start among the live attempts that reached it
 * (a later start leaves more of the window, so it dominates). Events with the same timestamp are
 * taken as one group, because any order among them is allowed: an attempt extends through a group
 * by a chain of consecutive steps matched to distinct events of the group (a small bipartite
 * matching, trivial for the usual group of one). Strict attempts that do not advance in a group
 * die (the group's events lie between their last step and any later one); an exclusion event in
 * a group stops attempts whose step {@code from} came before the group and which are short of
 * step {@code to}.
 *
 * <p>Unordered: for each anchor event in the range, a maximum matching between steps and the
 * events of its window, built in time order (Kuhn's algorithm from the event side keeps the anchor
 * matched), which gives both the steps reached and the earliest time at which each count is
 * reached.
 */
final class FunnelMatcher {
    static final long NONE = Long.MIN_VALUE;

    private final int steps;
    private final FunnelSpec.Order order;
    private final long window;
    private long from;
    private long to;
    private final int stepBits;
    private final int[] exclusionFrom;
    private final int[] exclusionTo;

    long[] ts = new long[64];
    int[] mask = new int[64];
    int size;

    /** Result of {@link #run()}: furthest step reached (0 = not in the funnel). */
    int reach;
    /** Result of {@link #run()}: at index k, the shortest time (microseconds) from step 1 to step k+1. */
    final long[] fastest;

    private long[] start;
    private long[] next;
    private final int[] matchOfStep;
    private int[] matchOfEvent = new int[16];
    private boolean[] visitedEvent = new boolean[16];
    private final boolean[] visitedStep;
    private int groupStart;
    private int groupEnd;

    FunnelMatcher(FunnelSpec spec, long fromMicros, long toMicros) {
        this.steps = spec.steps().size();
        this.order = spec.order();
        this.window = spec.window().getSeconds() * 1_000_000L + spec.window().getNano() / 1_000;
        this.from = fromMicros;
        this.to = toMicros;
        this.stepBits = (1 << steps) - 1;
        List<FunnelExclusion> exclusions = spec.exclusions();
        this.exclusionFrom = new int[exclusions.size()];
        this.exclusionTo = new int[exclusions.size()];
        for (int e = 0; e < exclusions.size(); e++) {
            exclusionFrom[e] = exclusions.get(e).fromStep();
            exclusionTo[e] = exclusions.get(e).toStep();
        }
        this.fastest = new long[steps];
        this.start = new long[steps];
        this.next = new long[steps];
        this.matchOfStep = new int[steps];
        this.visitedStep = new boolean[steps];
    }

    static long micros(java.time.Instant instant) {
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant);
    }

    /** Changes the range step 1 (the anchor, for unordered funnels) must be in, for the next {@link #run()}. */
    void range(long fromMicros, long toMicros) {
        this.from = fromMicros;
        this.to = toMicros;
    }

    /** Whether event {@code i} can start an attempt: a step-1 event, or any step event of an unordered funnel. */
    boolean starts(int i) {
        return (mask[i] & (order == FunnelSpec.Order.UNORDERED ? stepBits : 1)) != 0;
    }

    void clear() {
        size = 0;
    }

    void add(long t, int m) {
        if (size == ts.length) {
            ts = Arrays.copyOf(ts, size * 2);
            mask = Arrays.copyOf(mask, size * 2);
        }
        ts[size] = t;
        mask[size] = m;
        size++;
    }

    void run() {
        reach = 0;
        Arrays.fill(fastest, Long.MAX_VALUE);
        if (order == FunnelSpec.Order.UNORDERED) {
            unordered();
        } else {
            ordered(order == FunnelSpec.Order.STRICT);
        }
    }

    private void ordered(boolean strict) {
        Arrays.fill(start, NONE);
        int i = 0;
        while (i < size) {
            long t = ts[i];
            int j = i + 1;
            int groupMask = mask[i];
            while (j < size && ts[j] == t) {
                groupMask |= mask[j];
                j++;
            }
            int groupSteps = groupMask & stepBits;
            int groupExclusions = groupMask >>> steps;
            if (!strict && groupMask == 0) {
                i = j;
                continue;
            }
            groupStart = i;
            groupEnd = j;
            Arrays.fill(next, NONE);
            for (int origin = 0; origin < steps; origin++) {
                long s = origin == 0 ? (t >= from && t < to ? t : NONE) : start[origin - 1];
                if (s == NONE || t - s > window || (groupSteps >>> origin & 1) == 0) {
                    continue;
                }
                int r = chain(origin);
                for (int k = origin; k < origin + r; k++) {
                    if (k + 1 > reach) {
                        reach = k + 1;
                    }
                    if (t - s < fastest[k]) {
                        fastest[k] = t - s;
                    }
                    if (!stopped(k + 1, origin, groupExclusions) && s > next[k]) {
                        next[k] = s;
                    }
                }
            }
            if (!strict) {
                for (int k = 0; k < steps - 1; k++) {
                    long s = start[k];
                    if (s != NONE && t - s <= window && !stopped(k + 1, k + 1, groupExclusions) && s > next[k]) {
                        next[k] = s;
                    }
                }
            }
            long[] swap = start;
            start = next;
            next = swap;
            i = j;
        }
    }

    /** Whether an attempt at step {@code reached} that had reached {@code before} steps before this group stops. */
    private boolean stopped(int reached, int before, int groupExclusions) {
        if (groupExclusions == 0) {
            return false;
        }
        for (int e = 0; e < exclusionFrom.length; e++) {
            if ((groupExclusions >>> e & 1) != 0
                    && exclusionFrom[e] <= before
                    && reached >= exclusionFrom[e]
                    && reached < exclusionTo[e]) {
                return true;
            }
        }
        return false;
    }

    /** The longest run of steps origin, origin+1, ... matched to distinct events of the current group. */
    private int chain(int origin) {
        int n = groupEnd - groupStart;
        if (n == 1) {
            return mask[groupStart] >>> origin & 1;
        }
        if (matchOfEvent.length < n) {
            matchOfEvent = new int[n * 2];
            visitedEvent = new boolean[n * 2];
        }
        Arrays.fill(matchOfEvent, 0, n, -1);
        int r = 0;
        while (origin + r < steps && r < n) {
            Arrays.fill(visitedEvent, 0, n, false);
            if (!augmentStep(origin + r)) {
                break;
            }
            r++;
        }
        return r;
    }

    private boolean augmentStep(int step) {
        for (int g = 0; g < groupEnd - groupStart; g++) {
            if ((mask[groupStart + g] >>> step & 1) != 0 && !visitedEvent[g]) {
                visitedEvent[g] = true;
                if (matchOfEvent[g] < 0 || augmentStep(matchOfEvent[g])) {
                    matchOfEvent[g] = step;
                    return true;
                }
            }
        }
        return false;
    }

    private void unordered() {
        for (int a = 0; a < size; a++) {
            long t = ts[a];
            if (t < from || t >= to || (mask[a] & stepBits) == 0) {
                continue;
            }
            if (a > 0 && ts[a - 1] == t && mask[a - 1] == mask[a]) {
                continue; // the same anchor again: same window, same result
            }
            Arrays.fill(matchOfStep, -1);
            int matched = addEvent(a) ? 1 : 0;
            if (matched > reach) {
                reach = matched;
            }
            fastest[0] = 0;
            int g = a;
            while (g > 0 && ts[g - 1] == t) {
                g--;
            }
            for (; g < size && matched < steps && ts[g] - t <= window; g++) {
                if (g == a || (mask[g] & stepBits) == 0) {
                    continue;
                }
                if (addEvent(g)) {
                    matched++;
                    if (ts[g] - t < fastest[matched - 1]) {
                        fastest[matched - 1] = ts[g] - t;
                    }
                    if (matched > reach) {
                        reach = matched;
                    }
                }
            }
        }
    }

    private boolean addEvent(int e) {
        Arrays.fill(visitedStep, false);
        return augmentEvent(e);
    }

    private boolean augmentEvent(int e) {
        int m = mask[e] & stepBits;
        while (m != 0) {
            int s = Integer.numberOfTrailingZeros(m);
            m &= m - 1;
            if (!visitedStep[s]) {
                visitedStep[s] = true;
                if (matchOfStep[s] < 0 || augmentEvent(matchOfStep[s])) {
                    matchOfStep[s] = e;
                    return true;
                }
            }
        }
        return false;
    }
}
