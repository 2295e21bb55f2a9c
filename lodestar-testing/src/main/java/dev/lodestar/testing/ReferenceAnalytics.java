package dev.lodestar.testing;

import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.OverviewCounts;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendResult;
import dev.lodestar.spi.analysis.TrendSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Obviously correct implementations of the analyses over an in-memory list of events: loops and
 * sets, nothing clever. Engines are checked against these.
 */
public final class ReferenceAnalytics {
    private ReferenceAnalytics() {}

    public static OverviewCounts overview(List<Event> events, OverviewSpec spec) {
        TimeRange range = spec.range();
        ZoneId zone = range.zone();
        long count = 0;
        long orders = 0;
        double revenue = 0;
        Set<String> persons = new HashSet<>();
        Set<String> buyers = new HashSet<>();
        for (Event e : events) {
            if (in(e.timestamp(), range.from(), range.to())) {
                count++;
                persons.add(e.personKey());
                if (e.type() == EventType.TRACK && spec.orderEvent().equals(e.name())) {
                    orders++;
                    buyers.add(e.personKey());
                    if (e.common().revenue() != null) {
                        revenue += e.common().revenue();
                    }
                }
            }
        }
        LocalDate lastDay =
                LocalDateTime.ofInstant(range.to().minusNanos(1), zone).toLocalDate();
        Set<String> dau = new HashSet<>();
        Set<String> wau = new HashSet<>();
        Set<String> mau = new HashSet<>();
        for (Event e : events) {
            LocalDate day = LocalDateTime.ofInstant(e.timestamp(), zone).toLocalDate();
            long daysBack = ChronoUnit.DAYS.between(day, lastDay);
            if (daysBack < 0) {
                continue;
            }
            if (daysBack == 0) {
                dau.add(e.personKey());
            }
            if (daysBack < 7) {
                wau.add(e.personKey());
            }
            if (daysBack < 30) {
                mau.add(e.personKey());
            }
        }
        return new OverviewCounts(
                count, persons.size(), dau.size(), wau.size(), mau.size(), orders, revenue, buyers.size());
    }

    public static TrendResult trend(List<Event> events, TrendSpec spec) {
        TimeRange range = spec.range();
        Map<LocalDateTime, Set<String>> persons = new HashMap<>();
        Map<LocalDateTime, Long> counts = new HashMap<>();
        for (Event e : events) {
            if (!in(e.timestamp(), range.from(), range.to())) {
                continue;
            }
            if (spec.eventName() != null && !Objects.equals(spec.eventName(), e.name())) {
                continue;
            }
            LocalDateTime bucket = bucketOf(spec.interval(), LocalDateTime.ofInstant(e.timestamp(), range.zone()));
            counts.merge(bucket, 1L, Long::sum);
            persons.computeIfAbsent(bucket, b -> new HashSet<>()).add(e.personKey());
        }
        List<TrendResult.Point> points = new ArrayList<>();
        LocalDateTime last = LocalDateTime.ofInstant(range.to().minusNanos(1), range.zone());
        for (LocalDateTime b = bucketOf(spec.interval(), LocalDateTime.ofInstant(range.from(), range.zone()));
                !b.isAfter(last);
                b = step(spec.interval(), b)) {
            long value = spec.measure() == TrendSpec.Measure.EVENTS
                    ? counts.getOrDefault(b, 0L)
                    : persons.getOrDefault(b, Set.of()).size();
            points.add(new TrendResult.Point(b, value));
        }
        return new TrendResult(points);
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    static LocalDateTime bucketOf(Interval interval, LocalDateTime t) {
        return switch (interval) {
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.toLocalDate().atStartOfDay();
            case WEEK ->
                t.toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .atStartOfDay();
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
        };
    }

    static LocalDateTime step(Interval interval, LocalDateTime b) {
        return switch (interval) {
            case HOUR -> b.plusHours(1);
            case DAY -> b.plusDays(1);
            case WEEK -> b.plusWeeks(1);
            case MONTH -> b.plusMonths(1);
        };
    }
}
