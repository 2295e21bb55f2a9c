package dev.lodestar.testing;

import dev.lodestar.spi.analysis.LifecycleResult;
import dev.lodestar.spi.analysis.LifecycleSpec;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.event.Event;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Brute-force lifecycle over an in-memory list of events, with {@link java.time} only: each
 * person's set of active periods (local day in the zone, truncated to the Monday or the first of the
 * month) from the events that count as activity (the spec's event and filters), then for every shown
 * period and every person the four definitions read literally.
 */
public final class ReferenceLifecycle {
    private ReferenceLifecycle() {}

    /** Lifecycle with {@link Event#personKey()} as the person. */
    public static LifecycleResult lifecycle(List<Event> events, LifecycleSpec spec) {
        return lifecycle(events, spec, Event::personKey);
    }

    /** Lifecycle with {@code person} giving each event's person (e.g. after merging identities). */
    public static LifecycleResult lifecycle(List<Event> events, LifecycleSpec spec, Function<Event, String> person) {
        return lifecycle(events, spec, person, new ReferenceTraits(List.of(), Function.identity()));
    }

    /** Lifecycle with {@code person} giving each event's person and {@code traits} their traits. */
    public static LifecycleResult lifecycle(
            List<Event> events, LifecycleSpec spec, Function<Event, String> person, ReferenceTraits traits) {
        ZoneId zone = spec.range().zone();
        Map<String, Set<LocalDate>> active = new HashMap<>();
        for (Event e : events) {
            String who = person.apply(e);
            if (isActivity(e, spec.event(), spec.filters(), spec.traitFilters(), traits.forPerson(who))) {
                LocalDate day = LocalDateTime.ofInstant(e.timestamp(), zone).toLocalDate();
                active.computeIfAbsent(who, p -> new HashSet<>()).add(periodStart(spec, day));
            }
        }
        List<LifecycleResult.Row> rows = new ArrayList<>();
        for (LocalDate p : periods(spec)) {
            LocalDate previous = before(spec, p);
            long fresh = 0;
            long returning = 0;
            long resurrecting = 0;
            long dormant = 0;
            for (Set<LocalDate> mine : active.values()) {
                boolean earlier = false;
                for (LocalDate q : mine) {
                    if (q.isBefore(p)) {
                        earlier = true;
                    }
                }
                if (mine.contains(p)) {
                    if (!earlier) {
                        fresh++;
                    } else if (mine.contains(previous)) {
                        returning++;
                    } else {
                        resurrecting++;
                    }
                } else if (mine.contains(previous)) {
                    dormant--;
                }
            }
            rows.add(new LifecycleResult.Row(p, fresh, returning, resurrecting, dormant));
        }
        return new LifecycleResult(rows);
    }

    /**
     * Whether an event counts as activity: a named event (track, page, screen), of the given name
     * when not null, whose properties pass {@code filters} and whose person's traits ({@code trait}:
     * name to current value or null) pass {@code traitFilters}.
     */
    static boolean isActivity(
            Event e,
            String event,
            List<PropertyFilter> filters,
            List<PropertyFilter> traitFilters,
            Function<String, String> trait) {
        if (e.name() == null || (event != null && !Objects.equals(event, e.name()))) {
            return false;
        }
        for (PropertyFilter f : filters) {
            if (!f.test(ReferenceFunnel.property(e, f.property()))) {
                return false;
            }
        }
        for (PropertyFilter f : traitFilters) {
            if (!f.test(trait.apply(f.property()))) {
                return false;
            }
        }
        return true;
    }

    /** Every period whose local start instant lies in the range. */
    private static List<LocalDate> periods(LifecycleSpec spec) {
        ZoneId zone = spec.range().zone();
        List<LocalDate> periods = new ArrayList<>();
        LocalDate day = LocalDateTime.ofInstant(spec.range().from(), zone).toLocalDate();
        for (; day.atStartOfDay(zone).toInstant().isBefore(spec.range().to()); day = day.plusDays(1)) {
            if (periodStart(spec, day).equals(day)
                    && !day.atStartOfDay(zone).toInstant().isBefore(spec.range().from())) {
                periods.add(day);
            }
        }
        return periods;
    }

    static LocalDate periodStart(LifecycleSpec spec, LocalDate day) {
        return switch (spec.period()) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the period just before the one starting on {@code start}. */
    private static LocalDate before(LifecycleSpec spec, LocalDate start) {
        return periodStart(spec, start.minusDays(1));
    }
}
