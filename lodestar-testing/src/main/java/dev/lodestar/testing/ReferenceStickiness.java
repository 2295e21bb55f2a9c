package dev.lodestar.testing;

import dev.lodestar.spi.analysis.StickinessResult;
import dev.lodestar.spi.analysis.StickinessSpec;
import dev.lodestar.spi.event.Event;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Brute-force stickiness over an in-memory list of events: each person's set of active local days
 * in the zone (from the events that count as activity: the spec's event and filters); for every shown period and person, the number of those days from the period's first
 * day to the day before the next period's.
 */
public final class ReferenceStickiness {
    private ReferenceStickiness() {}

    /** Stickiness with {@code person} giving each event's person (e.g. after merging identities). */
    public static StickinessResult stickiness(List<Event> events, StickinessSpec spec, Function<Event, String> person) {
        return stickiness(events, spec, person, new ReferenceTraits(List.of(), Function.identity()));
    }

    /** Stickiness with {@code person} giving each event's person and {@code traits} their traits. */
    public static StickinessResult stickiness(
            List<Event> events, StickinessSpec spec, Function<Event, String> person, ReferenceTraits traits) {
        ZoneId zone = spec.range().zone();
        Map<String, Set<LocalDate>> days = new HashMap<>();
        for (Event e : events) {
            String who = person.apply(e);
            if (ReferenceLifecycle.isActivity(
                    e, spec.event(), spec.filters(), spec.traitFilters(), traits.forPerson(who))) {
                days.computeIfAbsent(who, p -> new HashSet<>())
                        .add(LocalDateTime.ofInstant(e.timestamp(), zone).toLocalDate());
            }
        }
        List<StickinessResult.Row> rows = new ArrayList<>();
        LocalDate day = LocalDateTime.ofInstant(spec.range().from(), zone).toLocalDate();
        for (; day.atStartOfDay(zone).toInstant().isBefore(spec.range().to()); day = day.plusDays(1)) {
            boolean periodStart =
                    switch (spec.period()) {
                        case DAY -> true;
                        case WEEK -> day.getDayOfWeek() == java.time.DayOfWeek.MONDAY;
                        case MONTH -> day.getDayOfMonth() == 1;
                    };
            if (!periodStart
                    || day.atStartOfDay(zone).toInstant().isBefore(spec.range().from())) {
                continue;
            }
            LocalDate end =
                    switch (spec.period()) {
                        case DAY -> day.plusDays(1);
                        case WEEK -> day.plusDays(7);
                        case MONTH -> day.plusMonths(1);
                    };
            long[] exactly = new long[(int) (end.toEpochDay() - day.toEpochDay())];
            for (Set<LocalDate> mine : days.values()) {
                int n = 0;
                for (LocalDate d = day; d.isBefore(end); d = d.plusDays(1)) {
                    if (mine.contains(d)) {
                        n++;
                    }
                }
                if (n > 0) {
                    exactly[n - 1]++;
                }
            }
            List<Long> counts = new ArrayList<>();
            for (long c : exactly) {
                counts.add(c);
            }
            rows.add(new StickinessResult.Row(day, counts));
        }
        return new StickinessResult(rows);
    }
}
