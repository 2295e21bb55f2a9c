package dev.lodestar.testing;

import dev.lodestar.spi.analysis.RetentionResult;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.identity.TraitValue;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brute-force retention over an in-memory list of events, with {@link java.time} only: every
 * event's local day in the zone, its period's first day (weeks from Monday with {@link
 * TemporalAdjusters#previousOrSame}, months with {@code withDayOfMonth(1)}), and for every cohort
 * and every cell a scan over the person's return periods. A person is {@link Event#personKey()},
 * or the person a plain map sends it to; a trait breakdown takes the person's current trait as
 * {@link ReferenceTraits} chooses it.
 */
public final class ReferenceRetention {
    private static final Comparator<String> VALUES = Comparator.nullsFirst(Comparator.naturalOrder());

    private final RetentionSpec spec;
    private final ZoneId zone;
    private final Map<String, String> personOf;
    private final ReferenceTraits traits;

    private ReferenceRetention(RetentionSpec spec, Map<String, String> personOf, List<TraitValue> traitValues) {
        this.spec = spec;
        this.zone = spec.range().zone();
        this.personOf = personOf;
        this.traits = new ReferenceTraits(traitValues, identity -> personOf.getOrDefault(identity, identity));
    }

    /** Retention where every event's {@link Event#personKey()} is its person (no merged identities, no traits). */
    public static RetentionResult retention(List<Event> events, RetentionSpec spec) {
        return retention(events, Map.of(), List.of(), spec);
    }

    /**
     * Retention with merged identities and traits.
     *
     * @param personOf identity key to person for merged identities
     * @param traitValues every stored trait value (one per identity, name and source)
     */
    public static RetentionResult retention(
            List<Event> events, Map<String, String> personOf, List<TraitValue> traitValues, RetentionSpec spec) {
        return new ReferenceRetention(spec, personOf, traitValues).run(events);
    }

    private RetentionResult run(List<Event> events) {
        List<LocalDate> cohorts = cohorts();
        int n = spec.periods();
        Map<String, List<Event>> byPerson = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.name() != null && e.timestamp().isBefore(spec.asOf())) {
                byPerson.computeIfAbsent(personOf.getOrDefault(e.personKey(), e.personKey()), p -> new ArrayList<>())
                        .add(e);
            }
        }
        // value -> cohort start -> {size, counts[0..n]}
        Map<String, Map<LocalDate, long[]>> table = new LinkedHashMap<>();
        if (spec.breakdown() == null) {
            table.put(null, new TreeMap<>());
        }
        for (Map.Entry<String, List<Event>> person : byPerson.entrySet()) {
            List<Event> mine = person.getValue();
            // the person's cohort periods, each with its breakdown value
            Map<LocalDate, Event> earliestCohortEvent = new TreeMap<>();
            Event first = null;
            for (Event e : mine) {
                if (!matches(spec.cohortEvent(), e)) {
                    continue;
                }
                if (first == null || e.timestamp().isBefore(first.timestamp())) {
                    first = e;
                }
                LocalDate p = periodOf(e.timestamp());
                Event seen = earliestCohortEvent.get(p);
                if (seen == null
                        || e.timestamp().isBefore(seen.timestamp())
                        || (e.timestamp().equals(seen.timestamp()) && VALUES.compare(value(e), value(seen)) < 0)) {
                    earliestCohortEvent.put(p, e);
                }
            }
            if (first == null) {
                continue;
            }
            Set<LocalDate> joined = new HashSet<>();
            if (spec.cohortType() == RetentionSpec.CohortType.FIRST_TIME) {
                joined.add(periodOf(first.timestamp()));
            } else {
                joined.addAll(earliestCohortEvent.keySet());
            }
            Set<LocalDate> returns = new HashSet<>();
            for (Event e : mine) {
                if (matches(spec.returnEvent(), e)) {
                    returns.add(periodOf(e.timestamp()));
                }
            }
            for (LocalDate c : cohorts) {
                if (!joined.contains(c)) {
                    continue;
                }
                String value = spec.breakdownByTrait()
                        ? traits.value(person.getKey(), spec.breakdown())
                        : value(earliestCohortEvent.get(c));
                long[] row =
                        table.computeIfAbsent(value, v -> new TreeMap<>()).computeIfAbsent(c, d -> new long[n + 2]);
                row[0]++;
                for (int k = 0; k <= n; k++) {
                    LocalDate target = periodAfter(c, k);
                    boolean returned;
                    if (k == 0) {
                        returned = true; // the cohort event itself
                    } else if (spec.mode() == RetentionSpec.Mode.ON) {
                        returned = returns.contains(target);
                    } else {
                        returned = false;
                        for (LocalDate r : returns) {
                            if (!r.isBefore(target)) {
                                returned = true;
                            }
                        }
                    }
                    if (returned) {
                        row[k + 1]++;
                    }
                }
            }
        }
        List<RetentionResult.Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<LocalDate, long[]>> entry : table.entrySet()) {
            List<RetentionResult.Cohort> rows = new ArrayList<>();
            for (LocalDate c : cohorts) {
                long[] row = entry.getValue().getOrDefault(c, new long[n + 2]);
                List<Long> counts = new ArrayList<>();
                for (int k = 0; k <= n; k++) {
                    counts.add(row[k + 1]);
                }
                int complete = 0;
                for (int k = 0; k <= n; k++) {
                    Instant end = periodAfter(c, k + 1).atStartOfDay(zone).toInstant();
                    if (!end.isAfter(spec.asOf())) {
                        complete++;
                    }
                }
                rows.add(new RetentionResult.Cohort(c, row[0], counts, complete));
            }
            series.add(new RetentionResult.Series(entry.getKey(), rows));
        }
        series.sort(Comparator.comparingLong((RetentionResult.Series s) -> -s.persons())
                .thenComparing(
                        RetentionResult.Series::breakdownValue, Comparator.nullsLast(Comparator.naturalOrder())));
        return new RetentionResult(n, series);
    }

    /** Cohort periods: every period whose first local instant lies in the range. */
    private List<LocalDate> cohorts() {
        List<LocalDate> cohorts = new ArrayList<>();
        LocalDate p =
                periodStart(LocalDateTime.ofInstant(spec.range().from(), zone).toLocalDate());
        while (true) {
            Instant start = p.atStartOfDay(zone).toInstant();
            if (!start.isBefore(spec.range().to())) {
                return cohorts;
            }
            if (!start.isBefore(spec.range().from())) {
                cohorts.add(p);
            }
            p = periodAfter(p, 1);
        }
    }

    private LocalDate periodOf(Instant t) {
        return periodStart(LocalDateTime.ofInstant(t, zone).toLocalDate());
    }

    private LocalDate periodStart(LocalDate day) {
        return switch (spec.period()) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private LocalDate periodAfter(LocalDate start, int k) {
        LocalDate p = start;
        for (int i = 0; i < k; i++) {
            p = switch (spec.period()) {
                case DAY -> p.plusDays(1);
                case WEEK -> p.plusDays(7);
                case MONTH -> p.plusMonths(1);
            };
        }
        return p;
    }

    private static boolean matches(String event, Event e) {
        return event == null || Objects.equals(event, e.name());
    }

    private String value(Event e) {
        return spec.breakdown() == null ? null : ReferenceFunnel.property(e, spec.breakdown());
    }
}
