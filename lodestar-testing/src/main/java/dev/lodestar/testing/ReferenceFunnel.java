package dev.lodestar.testing;

import dev.lodestar.spi.analysis.ConversionTimes;
import dev.lodestar.spi.analysis.FunnelBreakdown;
import dev.lodestar.spi.analysis.FunnelExclusion;
import dev.lodestar.spi.analysis.FunnelResult;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brute-force funnels: for every person, every step-1 event in the range is tried as the start of
 * an attempt, and every possible choice of event for every later step is explored (depth-first,
 * no pruning beyond the rules themselves). Unordered funnels try every assignment of steps to the
 * events of each anchor's window. Exponential, and meant only for small random logs; a person is
 * {@link Event#personKey()}.
 */
public final class ReferenceFunnel {
    private static final Comparator<String> VALUES = Comparator.nullsFirst(Comparator.naturalOrder());

    private final FunnelSpec spec;
    private final int n;
    private final Instant readTo;

    private ReferenceFunnel(FunnelSpec spec) {
        this.spec = spec;
        this.n = spec.steps().size();
        this.readTo = spec.range().to().plus(spec.window());
    }

    public static FunnelResult funnel(List<Event> events, FunnelSpec spec) {
        return new ReferenceFunnel(spec).run(events);
    }

    /**
     * Where each person of the funnel stands: the furthest step reached (at least 1) and the
     * breakdown value (null without a breakdown), by person key.
     */
    public static Map<String, Standing> standings(List<Event> events, FunnelSpec spec) {
        ReferenceFunnel funnel = new ReferenceFunnel(spec);
        Map<String, Standing> standings = new LinkedHashMap<>();
        funnel.forEachPerson(events, (person, reach, best, value) -> standings.put(person, new Standing(reach, value)));
        return standings;
    }

    /** A person's place in a funnel: the furthest step reached and the breakdown value. */
    public record Standing(int reach, String breakdownValue) {}

    private interface PersonConsumer {
        void accept(String person, int reach, long[] best, String value);
    }

    private void forEachPerson(List<Event> events, PersonConsumer consumer) {
        Map<String, List<Event>> byPerson = new LinkedHashMap<>();
        for (Event e : events) {
            byPerson.computeIfAbsent(e.personKey(), p -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<Event>> entry : byPerson.entrySet()) {
            List<Event> scope = new ArrayList<>();
            for (Event e : entry.getValue()) {
                if (!e.timestamp().isBefore(spec.range().from())
                        && e.timestamp().isBefore(readTo)
                        && e.name() != null) {
                    scope.add(e);
                }
            }
            long[] best = new long[n];
            java.util.Arrays.fill(best, Long.MAX_VALUE);
            int reach = spec.order() == FunnelSpec.Order.UNORDERED ? unordered(scope, best) : ordered(scope, best);
            if (reach == 0) {
                continue;
            }
            String value = spec.breakdown() == null ? null : attribution(scope, spec.breakdown());
            consumer.accept(entry.getKey(), reach, best, value);
        }
    }

    private FunnelResult run(List<Event> events) {
        Map<String, long[]> persons = new HashMap<>();
        Map<String, List<List<Long>>> times = new HashMap<>();
        forEachPerson(events, (person, reach, best, value) -> {
            long[] counts = persons.computeIfAbsent(value, v -> new long[n]);
            List<List<Long>> t = times.computeIfAbsent(value, v -> {
                List<List<Long>> lists = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    lists.add(new ArrayList<>());
                }
                return lists;
            });
            for (int k = 0; k < reach; k++) {
                counts[k]++;
                if (k > 0) {
                    t.get(k).add(best[k]);
                }
            }
        });
        List<FunnelResult.Series> series = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : persons.entrySet()) {
            List<Long> counts = new ArrayList<>();
            List<ConversionTimes> ttc = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                counts.add(entry.getValue()[k]);
                ConversionTimes.Builder builder = new ConversionTimes.Builder();
                for (long micros : times.get(entry.getKey()).get(k)) {
                    builder.add(micros);
                }
                ttc.add(builder.build());
            }
            series.add(new FunnelResult.Series(entry.getKey(), counts, ttc));
        }
        series.sort(Comparator.<FunnelResult.Series>comparingLong(
                        s -> -s.persons().get(0))
                .thenComparing(FunnelResult.Series::breakdownValue, Comparator.nullsLast(Comparator.naturalOrder())));
        return new FunnelResult(n, series);
    }

    // ---- ordered and strict: every path

    private int ordered(List<Event> scope, long[] best) {
        int reach = 0;
        for (int a = 0; a < scope.size(); a++) {
            Event first = scope.get(a);
            if (!inRange(first.timestamp()) || !matches(spec.steps().get(0), first)) {
                continue;
            }
            int[] path = new int[n];
            path[0] = a;
            reach = Math.max(reach, extend(scope, path, 1, best));
        }
        return reach;
    }

    /** Tries every event for step {@code depth + 1}; returns the longest valid path length found. */
    private int extend(List<Event> scope, int[] path, int depth, long[] best) {
        Instant start = scope.get(path[0]).timestamp();
        Instant previous = scope.get(path[depth - 1]).timestamp();
        int longest = depth;
        if (depth == n) {
            return longest;
        }
        for (int c = 0; c < scope.size(); c++) {
            Event e = scope.get(c);
            if (used(path, depth, c)
                    || e.timestamp().isBefore(previous)
                    || Duration.between(start, e.timestamp()).compareTo(spec.window()) > 0
                    || !matches(spec.steps().get(depth), e)) {
                continue;
            }
            if (spec.order() == FunnelSpec.Order.STRICT && somethingBetween(scope, previous, e.timestamp())) {
                continue;
            }
            path[depth] = c;
            if (excluded(scope, path, depth)) {
                continue;
            }
            best[depth] = Math.min(best[depth], micros(start, e.timestamp()));
            longest = Math.max(longest, extend(scope, path, depth + 1, best));
        }
        return longest;
    }

    private static boolean used(int[] path, int depth, int c) {
        for (int i = 0; i < depth; i++) {
            if (path[i] == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean somethingBetween(List<Event> scope, Instant a, Instant b) {
        for (Event e : scope) {
            if (e.timestamp().isAfter(a) && e.timestamp().isBefore(b)) {
                return true;
            }
        }
        return false;
    }

    /** Whether step {@code depth + 1} (at path[depth]) has an excluded event strictly between it and an earlier step. */
    private boolean excluded(List<Event> scope, int[] path, int depth) {
        int step = depth + 1;
        for (FunnelExclusion exclusion : spec.exclusions()) {
            if (exclusion.fromStep() < step && step <= exclusion.toStep()) {
                Instant a = scope.get(path[exclusion.fromStep() - 1]).timestamp();
                Instant b = scope.get(path[depth]).timestamp();
                for (Event e : scope) {
                    if (e.timestamp().isAfter(a) && e.timestamp().isBefore(b) && matches(exclusion.event(), e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---- unordered: every assignment of steps to the events of each anchor's window

    private int unordered(List<Event> scope, long[] best) {
        int reach = 0;
        for (int a = 0; a < scope.size(); a++) {
            Event anchor = scope.get(a);
            if (!inRange(anchor.timestamp())) {
                continue;
            }
            List<Integer> window = new ArrayList<>();
            for (int c = 0; c < scope.size(); c++) {
                Instant t = scope.get(c).timestamp();
                if (!t.isBefore(anchor.timestamp())
                        && Duration.between(anchor.timestamp(), t).compareTo(spec.window()) <= 0) {
                    window.add(c);
                }
            }
            long[] bestBySize = new long[n + 1];
            java.util.Arrays.fill(bestBySize, Long.MAX_VALUE);
            assign(scope, window, a, 0, new ArrayList<>(), bestBySize);
            for (int size = n; size >= 1; size--) {
                if (bestBySize[size] != Long.MAX_VALUE) {
                    reach = Math.max(reach, size);
                }
                for (int k = 1; k <= size; k++) {
                    best[k - 1] = Math.min(best[k - 1], bestBySize[size]);
                }
            }
        }
        return reach;
    }

    private void assign(
            List<Event> scope, List<Integer> window, int anchor, int step, List<Integer> chosen, long[] bestBySize) {
        if (step == n) {
            if (chosen.contains(anchor)) {
                Instant last = scope.get(anchor).timestamp();
                for (int c : chosen) {
                    if (scope.get(c).timestamp().isAfter(last)) {
                        last = scope.get(c).timestamp();
                    }
                }
                long t = micros(scope.get(anchor).timestamp(), last);
                bestBySize[chosen.size()] = Math.min(bestBySize[chosen.size()], t);
            }
            return;
        }
        assign(scope, window, anchor, step + 1, chosen, bestBySize);
        for (int c : window) {
            if (!chosen.contains(c) && matches(spec.steps().get(step), scope.get(c))) {
                chosen.add(c);
                assign(scope, window, anchor, step + 1, chosen, bestBySize);
                chosen.remove(chosen.size() - 1);
            }
        }
    }

    // ---- breakdown attribution

    private String attribution(List<Event> scope, FunnelBreakdown breakdown) {
        Event chosen = null;
        String value = null;
        for (Event e : scope) {
            boolean candidate =
                    switch (breakdown.attribution()) {
                        case FIRST_TOUCH ->
                            inRange(e.timestamp()) && matches(spec.steps().get(0), e);
                        case STEP -> matches(spec.steps().get(breakdown.step() - 1), e);
                        case LAST_TOUCH -> spec.steps().stream().anyMatch(s -> matches(s, e));
                    };
            if (!candidate) {
                continue;
            }
            String v = property(e, breakdown.property());
            if (chosen == null) {
                chosen = e;
                value = v;
                continue;
            }
            int byTime = e.timestamp().compareTo(chosen.timestamp());
            boolean better = breakdown.attribution() == FunnelBreakdown.Attribution.LAST_TOUCH
                    ? byTime > 0 || (byTime == 0 && VALUES.compare(v, value) > 0)
                    : byTime < 0 || (byTime == 0 && VALUES.compare(v, value) < 0);
            if (better) {
                chosen = e;
                value = v;
            }
        }
        return value;
    }

    // ---- matching

    private boolean inRange(Instant t) {
        return !t.isBefore(spec.range().from()) && t.isBefore(spec.range().to());
    }

    static boolean matches(FunnelStep step, Event e) {
        if (!step.event().equals(e.name())) {
            return false;
        }
        for (PropertyFilter filter : step.filters()) {
            if (!filter.test(property(e, filter.property()))) {
                return false;
            }
        }
        return true;
    }

    static String property(Event e, String name) {
        return switch (name) {
            case "url" -> e.common().url();
            case "currency" -> e.common().currency();
            case "order_id" -> e.common().orderId();
            case "product_id" -> e.common().productId();
            case "category" -> e.common().category();
            case "channel" -> e.common().channel();
            default -> FlatJson.parse(e.properties()).get(name);
        };
    }

    private static long micros(Instant a, Instant b) {
        return ChronoUnit.MICROS.between(a, b);
    }
}
