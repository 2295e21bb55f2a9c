package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.analysis.Interval;
import dev.lodestar.spi.analysis.TimeRange;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** The local start times of every bucket that overlaps a range, in order. */
final class Buckets {
    private static final int MAX_BUCKETS = 100_000;

    private Buckets() {}

    static List<LocalDateTime> of(Interval interval, TimeRange range) {
        LocalDateTime first = truncate(interval, LocalDateTime.ofInstant(range.from(), range.zone()));
        LocalDateTime last = LocalDateTime.ofInstant(range.to().minusNanos(1), range.zone());
        List<LocalDateTime> buckets = new ArrayList<>();
        for (LocalDateTime bucket = first; !bucket.isAfter(last); bucket = next(interval, bucket)) {
            if (buckets.size() == MAX_BUCKETS) {
                throw new IllegalArgumentException(
                        "more than " + MAX_BUCKETS + " " + interval.wireName() + " buckets; choose a coarser interval");
            }
            buckets.add(bucket);
        }
        return buckets;
    }

    static LocalDateTime truncate(Interval interval, LocalDateTime time) {
        return switch (interval) {
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> time.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        };
    }

    private static LocalDateTime next(Interval interval, LocalDateTime bucket) {
        return switch (interval) {
            case HOUR -> bucket.plusHours(1);
            case DAY -> bucket.plusDays(1);
            case WEEK -> bucket.plusWeeks(1);
            case MONTH -> bucket.plusMonths(1);
        };
    }
}
