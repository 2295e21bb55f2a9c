package dev.lodestar.testing;

import dev.lodestar.spi.analysis.DistributionResult;
import dev.lodestar.spi.analysis.DistributionSpec;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.analysis.TrendBreakdown;
import dev.lodestar.spi.analysis.TrendMeasure;
import dev.lodestar.spi.analysis.TrendSeries;
import dev.lodestar.spi.analysis.TrendsResult;
import dev.lodestar.spi.analysis.TrendsSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.identity.TraitValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Brute-force trends and distributions over an in-memory list of events: for every bucket and
 * every breakdown value, a scan over all events. Persons are resolved through a plain map from
 * identity key ({@code type:value}) to person (identities not in it are persons of their own), and
 * a person's trait is their {@link ReferenceTraits current value}.
 */
public final class ReferenceTrends {
    private static final Comparator<String> VALUES = Comparator.nullsFirst(Comparator.naturalOrder());

    private final Map<String, String> personOf;
    private final ReferenceTraits traits;

    private ReferenceTrends(Map<String, String> personOf, List<TraitValue> traitValues) {
        this.personOf = personOf;
        this.traits = new ReferenceTraits(traitValues, this::person);
    }

    /**
     * A trend.
     *
     * @param personOf identity key to person for merged identities
     * @param traitValues every stored trait value (one per identity, name and source)
     */
    public static TrendsResult trends(
            List<Event> events, Map<String, String> personOf, List<TraitValue> traitValues, TrendsSpec spec) {
        return new ReferenceTrends(personOf, traitValues).run(events, spec);
    }

    /** A distribution; persons as for {@link #trends}. */
    public static DistributionResult distribution(
            List<Event> events, Map<String, String> personOf, DistributionSpec spec) {
        return new ReferenceTrends(personOf, List.of()).distribution(events, spec);
    }

    private String person(String identity) {
        return personOf.getOrDefault(identity, identity);
    }

    private String trait(Event e, String name) {
        return traits.value(person(e.personKey()), name);
    }

    private TrendsResult run(List<Event> events, TrendsSpec spec) {
        TimeRange range = spec.range();
        List<LocalDateTime> buckets = new ArrayList<>();
        LocalDateTime last = LocalDateTime.ofInstant(range.to().minusNanos(1), range.zone());
        for (LocalDateTime b = ReferenceAnalytics.bucketOf(
                        spec.interval(), LocalDateTime.ofInstant(range.from(), range.zone()));
                !b.isAfter(last);
                b = ReferenceAnalytics.step(spec.interval(), b)) {
            buckets.add(b);
        }
        TrendBreakdown breakdown = spec.breakdown();
        List<String> kept = null;
        boolean other = false;
        if (breakdown != null) {
            TrendSeries first = spec.series().get(0);
            Map<String, Long> counts = new HashMap<>();
            for (Event e : events) {
                if (matches(first, e, range.from(), range.to())) {
                    counts.merge(value(breakdown, e), 1L, Long::sum);
                }
            }
            if (breakdown.values() != null) {
                kept = breakdown.values();
            } else {
                List<String> all = new ArrayList<>(counts.keySet());
                all.sort(
                        Comparator.<String>comparingLong(counts::get).reversed().thenComparing(VALUES));
                kept = all.subList(0, Math.min(all.size(), breakdown.limit()));
            }
            for (String v : counts.keySet()) {
                if (!kept.contains(v)) {
                    other = true;
                }
            }
        }
        List<TrendsResult.Series> result = new ArrayList<>();
        for (int s = 0; s < spec.series().size(); s++) {
            TrendSeries series = spec.series().get(s);
            List<Object[]> groups = new ArrayList<>(); // {value, other}
            if (breakdown == null) {
                groups.add(new Object[] {null, false});
            } else {
                for (String v : kept) {
                    groups.add(new Object[] {v, false});
                }
                if (other) {
                    groups.add(new Object[] {null, true});
                }
            }
            for (Object[] g : groups) {
                String value = (String) g[0];
                boolean isOther = (Boolean) g[1];
                List<String> keptValues = kept;
                List<Double> points = new ArrayList<>();
                for (LocalDateTime b : buckets) {
                    List<Event> in = new ArrayList<>();
                    for (Event e : events) {
                        if (!matches(series, e, range.from(), range.to())) {
                            continue;
                        }
                        if (breakdown != null) {
                            String v = value(breakdown, e);
                            boolean inOther = !keptValues.contains(v);
                            if (isOther ? !inOther : inOther || !Objects.equals(v, value)) {
                                continue;
                            }
                        }
                        if (series.measure().activeDays() > 0) {
                            in.add(e);
                        } else if (ReferenceAnalytics.bucketOf(
                                        spec.interval(), LocalDateTime.ofInstant(e.timestamp(), range.zone()))
                                .equals(b)) {
                            in.add(e);
                        }
                    }
                    if (series.measure().activeDays() > 0) {
                        points.add(active(events, series, spec, b, breakdown, keptValues, value, isOther));
                    } else {
                        points.add(measure(series, in));
                    }
                }
                result.add(new TrendsResult.Series(s, value, isOther, points));
            }
        }
        return new TrendsResult(buckets, result);
    }

    private double active(
            List<Event> events,
            TrendSeries series,
            TrendsSpec spec,
            LocalDateTime bucket,
            TrendBreakdown breakdown,
            List<String> kept,
            String value,
            boolean isOther) {
        TimeRange range = spec.range();
        LocalDate end =
                ReferenceAnalytics.step(spec.interval(), bucket).toLocalDate().minusDays(1);
        LocalDate lastInRange =
                LocalDateTime.ofInstant(range.to().minusNanos(1), range.zone()).toLocalDate();
        if (end.isAfter(lastInRange)) {
            end = lastInRange;
        }
        Set<String> persons = new HashSet<>();
        for (Event e : events) {
            if (!matches(series, e, Instant.MIN, range.to())) {
                continue;
            }
            if (breakdown != null) {
                String v = value(breakdown, e);
                boolean inOther = !kept.contains(v);
                if (isOther ? !inOther : inOther || !Objects.equals(v, value)) {
                    continue;
                }
            }
            LocalDate day = LocalDateTime.ofInstant(e.timestamp(), range.zone()).toLocalDate();
            long back = ChronoUnit.DAYS.between(day, end);
            if (back >= 0 && back < series.measure().activeDays()) {
                persons.add(person(e.personKey()));
            }
        }
        return persons.size();
    }

    private Double measure(TrendSeries series, List<Event> in) {
        List<Double> xs = new ArrayList<>();
        Map<String, Integer> perPerson = new HashMap<>();
        for (Event e : in) {
            perPerson.merge(person(e.personKey()), 1, Integer::sum);
            if (series.property() != null) {
                Double x = number(e, series.property());
                if (x != null) {
                    xs.add(x);
                }
            }
        }
        Collections.sort(xs);
        List<Double> counts = new ArrayList<>();
        perPerson.values().forEach(c -> counts.add((double) c));
        Collections.sort(counts);
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        TrendMeasure m = series.measure();
        return switch (m) {
            case EVENTS -> (double) in.size();
            case PERSONS -> (double) perPerson.size();
            case SUM -> sum;
            case AVG -> xs.isEmpty() ? null : sum / xs.size();
            case MIN -> xs.isEmpty() ? null : xs.get(0);
            case MAX -> xs.isEmpty() ? null : xs.get(xs.size() - 1);
            case MEDIAN, P75, P90, P99 -> quantile(xs, m.quantile());
            case PER_PERSON_AVG -> perPerson.isEmpty() ? null : (double) in.size() / perPerson.size();
            case PER_PERSON_MEDIAN, PER_PERSON_P90 -> quantile(counts, m.quantile());
            case DAU, WAU, MAU -> throw new IllegalStateException();
        };
    }

    /**
     * Linear interpolation between the closest ranks: at position h = (n - 1) q of the sorted values,
     * x[floor h] (1 - f) + x[ceil h] f with f = h - floor h (DuckDB's {@code quantile_cont}, to the
     * last bit).
     */
    static Double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        double rn = (sorted.size() - 1) * q;
        int lo = (int) Math.floor(rn);
        int hi = (int) Math.ceil(rn);
        if (lo == hi) {
            return sorted.get(lo);
        }
        double a = sorted.get(lo);
        double b = sorted.get(hi);
        return a * (1 - (rn - lo)) + b * (rn - lo);
    }

    /** The property's value when it is a JSON number (or the revenue column), else null. */
    private static Double number(Event e, String property) {
        if (property.equals("revenue")) {
            return e.common().revenue();
        }
        String raw = FlatJson.parseRaw(e.properties()).get(property);
        if (raw == null || raw.isEmpty() || !(raw.charAt(0) == '-' || Character.isDigit(raw.charAt(0)))) {
            return null;
        }
        return Double.parseDouble(raw);
    }

    private String value(TrendBreakdown breakdown, Event e) {
        return breakdown.source() == TrendBreakdown.Source.PERSON
                ? trait(e, breakdown.property())
                : ReferenceFunnel.property(e, breakdown.property());
    }

    private boolean matches(TrendSeries series, Event e, Instant from, Instant to) {
        if (e.name() == null || e.timestamp().isBefore(from) || !e.timestamp().isBefore(to)) {
            return false;
        }
        if (series.event() != null && !series.event().equals(e.name())) {
            return false;
        }
        for (PropertyFilter f : series.filters()) {
            if (!f.test(ReferenceFunnel.property(e, f.property()))) {
                return false;
            }
        }
        for (PropertyFilter f : series.traitFilters()) {
            if (!f.test(trait(e, f.property()))) {
                return false;
            }
        }
        return true;
    }

    private DistributionResult distribution(List<Event> events, DistributionSpec spec) {
        TrendSeries any = TrendSeries.of(spec.event(), TrendMeasure.EVENTS);
        Map<String, List<Event>> byPerson = new HashMap<>();
        for (Event e : events) {
            if (matches(any, e, spec.range().from(), spec.range().to())) {
                byPerson.computeIfAbsent(person(e.personKey()), p -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Double> values = new ArrayList<>();
        double day = 86_400_000_000.0;
        for (List<Event> mine : byPerson.values()) {
            mine.sort(Comparator.comparing(Event::timestamp));
            switch (spec.metric()) {
                case EVENTS_PER_PERSON -> values.add((double) mine.size());
                case SUM_PER_PERSON -> {
                    Double sum = null;
                    for (Event e : mine) {
                        Double x = number(e, spec.property());
                        if (x != null) {
                            sum = sum == null ? x : sum + x;
                        }
                    }
                    if (sum != null) {
                        values.add(sum);
                    }
                }
                case DAYS_BETWEEN -> {
                    for (int i = 1; i < mine.size(); i++) {
                        values.add((double) micros(mine.get(i - 1), mine.get(i)) / day);
                    }
                }
                case AVG_DAYS_BETWEEN -> {
                    if (mine.size() > 1) {
                        values.add((double) micros(mine.get(0), mine.get(mine.size() - 1))
                                / (day * (double) (mine.size() - 1)));
                    }
                }
            }
        }
        Collections.sort(values);
        List<Double> percentiles = new ArrayList<>();
        for (double q : DistributionResult.QUANTILES) {
            percentiles.add(quantile(values, q));
        }
        if (values.isEmpty()) {
            return new DistributionResult(0, 0, null, null, percentiles, List.of());
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double min = values.get(0);
        double max = values.get(values.size() - 1);
        DistributionResult.Bins bins = DistributionResult.Bins.choose(
                values.size(),
                min,
                max,
                percentiles.get(1),
                percentiles.get(3),
                spec.metric().integral());
        long[] counts = new long[bins.n()];
        for (double v : values) {
            // the definition of the bins: floor((v - lo) / width), the last bin closed
            int i = (int) Math.min(bins.n() - 1, Math.floor((v - bins.lo()) / bins.width()));
            counts[i]++;
        }
        return new DistributionResult(values.size(), sum, min, max, percentiles, bins.bars(counts));
    }

    private static long micros(Event a, Event b) {
        return ChronoUnit.MICROS.between(a.timestamp(), b.timestamp());
    }
}
