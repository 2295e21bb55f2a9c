package dev.lodestar.testing;

import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.segment.RfmRules;
import dev.lodestar.spi.segment.ScoreSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Brute-force person scores over an in-memory list of events, by the definitions of {@code
 * docs/rfm-and-scores.md}: per person, plain loops over their events; every score by counting the
 * buyers with a strictly worse value.
 */
public final class ReferenceScores {
    private static final double MICROS_PER_DAY = 86_400_000_000.0;

    /** A row of {@code person_scores}; RFM and value columns null for persons without orders in the window. */
    public record Row(
            String person,
            Double recencyDays,
            Long frequency,
            Double monetary,
            Integer r,
            Integer f,
            Integer m,
            String rfmSegment,
            Integer valueDecile,
            String valueAbc,
            String activityState,
            String lifecycleStage,
            long events,
            double daysSinceFirstSeen,
            double daysSinceLastSeen) {}

    /** A row of {@code person_interests}. */
    public record Interest(String person, String dimension, String value, double score, int rank) {}

    private final ScoreSettings settings;
    private final Instant asOf;

    private ReferenceScores(ScoreSettings settings, Instant asOf) {
        this.settings = settings;
        this.asOf = asOf.truncatedTo(ChronoUnit.MICROS);
    }

    /** Rows sorted by person; {@code person} maps an event to its (merged) person. */
    public static List<Row> scores(
            List<Event> events, Function<Event, String> person, ScoreSettings settings, Instant asOf) {
        return new ReferenceScores(settings, asOf).scores(byPerson(events, person, asOf));
    }

    /** Rows sorted by person, dimension and rank. */
    public static List<Interest> interests(
            List<Event> events, Function<Event, String> person, ScoreSettings settings, Instant asOf) {
        return new ReferenceScores(settings, asOf).interests(byPerson(events, person, asOf));
    }

    private static Map<String, List<Event>> byPerson(List<Event> events, Function<Event, String> person, Instant asOf) {
        Instant at = asOf.truncatedTo(ChronoUnit.MICROS);
        Map<String, List<Event>> byPerson = new TreeMap<>();
        for (Event e : events) {
            if (!e.timestamp().isAfter(at)) {
                byPerson.computeIfAbsent(person.apply(e), p -> new ArrayList<>())
                        .add(e);
            }
        }
        return byPerson;
    }

    private List<Row> scores(Map<String, List<Event>> byPerson) {
        Instant windowStart = asOf.minus(Duration.ofDays(settings.rfmWindowDays()));
        Instant activeStart = asOf.minus(Duration.ofDays(settings.activeDays()));
        Instant churnStart = asOf.minus(Duration.ofDays(settings.churnDays()));
        Instant newStart = asOf.minus(Duration.ofDays(settings.newDays()));
        // buyers: person -> {last order, frequency, monetary}
        Map<String, Instant> lastOrder = new TreeMap<>();
        Map<String, Long> frequency = new TreeMap<>();
        Map<String, BigDecimal> monetary = new TreeMap<>();
        for (Map.Entry<String, List<Event>> entry : byPerson.entrySet()) {
            for (Event e : entry.getValue()) {
                boolean order = e.type() == EventType.TRACK
                        && settings.orderEvent().equals(e.name())
                        && e.timestamp().isAfter(windowStart);
                if (order) {
                    String p = entry.getKey();
                    lastOrder.merge(p, e.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
                    frequency.merge(p, 1L, Long::sum);
                    Double revenue = e.common().revenue();
                    BigDecimal value = revenue == null
                            ? BigDecimal.ZERO
                            : new BigDecimal(revenue).setScale(6, RoundingMode.HALF_EVEN);
                    monetary.merge(p, value, BigDecimal::add);
                }
            }
        }
        int n = lastOrder.size();
        BigDecimal total = monetary.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Event>> entry : byPerson.entrySet()) {
            String p = entry.getKey();
            List<Event> mine = entry.getValue();
            Instant first = mine.stream()
                    .map(Event::timestamp)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            Instant last = mine.stream()
                    .map(Event::timestamp)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            String activity = last.isAfter(activeStart) ? "active" : last.isAfter(churnStart) ? "silent" : "churned";
            String lifecycle;
            if (first.isAfter(newStart)) {
                lifecycle = "new";
            } else if (!last.isAfter(churnStart)) {
                lifecycle = "churned";
            } else if (!last.isAfter(activeStart)) {
                lifecycle = "at_risk";
            } else {
                Instant beforeActive = null;
                Instant firstActive = null;
                for (Event e : mine) {
                    Instant t = e.timestamp();
                    if (t.isAfter(activeStart)) {
                        firstActive = firstActive == null || t.isBefore(firstActive) ? t : firstActive;
                    } else {
                        beforeActive = beforeActive == null || t.isAfter(beforeActive) ? t : beforeActive;
                    }
                }
                boolean returned = beforeActive != null
                        && Duration.between(beforeActive, firstActive)
                                        .compareTo(Duration.ofDays(settings.resurrectGapDays()))
                                >= 0;
                lifecycle = returned ? "resurrected" : "active";
            }
            Row row;
            if (!lastOrder.containsKey(p)) {
                row = new Row(
                        p,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        activity,
                        lifecycle,
                        mine.size(),
                        days(first),
                        days(last));
            } else {
                long olderLast = 0;
                long fewer = 0;
                long less = 0;
                long more = 0;
                BigDecimal above = BigDecimal.ZERO;
                for (String q : lastOrder.keySet()) {
                    olderLast += lastOrder.get(q).isBefore(lastOrder.get(p)) ? 1 : 0;
                    fewer += frequency.get(q) < frequency.get(p) ? 1 : 0;
                    int c = monetary.get(q).compareTo(monetary.get(p));
                    less += c < 0 ? 1 : 0;
                    if (c > 0) {
                        more++;
                        above = above.add(monetary.get(q));
                    }
                }
                int r = (int) (1 + 5 * olderLast / n);
                int f = (int) (1 + 5 * fewer / n);
                int m = (int) (1 + 5 * less / n);
                String abc = null;
                if (total.signum() > 0) {
                    BigDecimal share = above.multiply(BigDecimal.valueOf(100));
                    abc = share.compareTo(total.multiply(BigDecimal.valueOf(80))) < 0
                            ? "A"
                            : share.compareTo(total.multiply(BigDecimal.valueOf(95))) < 0 ? "B" : "C";
                }
                row = new Row(
                        p,
                        days(lastOrder.get(p)),
                        frequency.get(p),
                        monetary.get(p).doubleValue(),
                        r,
                        f,
                        m,
                        RfmRules.segment(r, f, m),
                        (int) (1 + 10 * more / n),
                        abc,
                        activity,
                        lifecycle,
                        mine.size(),
                        days(first),
                        days(last));
            }
            rows.add(row);
        }
        return rows;
    }

    private List<Interest> interests(Map<String, List<Event>> byPerson) {
        List<Interest> rows = new ArrayList<>();
        for (Map.Entry<String, List<Event>> entry : byPerson.entrySet()) {
            for (ScoreSettings.InterestDimension d : settings.interests()) {
                Map<String, Double> sums = new TreeMap<>();
                for (Event e : entry.getValue()) {
                    Double weight = d.weights().get(e.name());
                    if (e.type() != EventType.TRACK || weight == null) {
                        continue;
                    }
                    double decay = Math.pow(0.5, days(e.timestamp()) / settings.interestHalfLifeDays());
                    for (String value : values(e.properties(), d.property())) {
                        sums.merge(value, weight * decay, Double::sum);
                    }
                }
                List<Map.Entry<String, Double>> ranked = new ArrayList<>();
                sums.forEach((value, sum) -> ranked.add(Map.entry(value, Math.round(sum * 1e9) / 1e9)));
                ranked.sort(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
                for (int i = 0; i < Math.min(5, ranked.size()); i++) {
                    rows.add(new Interest(
                            entry.getKey(),
                            d.name(),
                            ranked.get(i).getKey(),
                            ranked.get(i).getValue(),
                            i + 1));
                }
            }
        }
        rows.sort(Comparator.comparing(Interest::person)
                .thenComparing(Interest::dimension)
                .thenComparingInt(Interest::rank));
        return rows;
    }

    /** The property's text at the top level and in each element of a {@code products} array. */
    private static List<String> values(String properties, String property) {
        List<String> values = new ArrayList<>();
        Map<String, String> top = FlatJson.parse(properties);
        add(values, top.get(property));
        String products = top.get("products");
        if (products != null && products.startsWith("[")) {
            for (String element : FlatJson.elements(products)) {
                if (element.startsWith("{")) {
                    add(values, FlatJson.parse(element).get(property));
                }
            }
        }
        return values;
    }

    private static void add(List<String> values, String value) {
        if (value != null && !value.isEmpty()) {
            values.add(value);
        }
    }

    private double days(Instant t) {
        return ChronoUnit.MICROS.between(t, asOf) / MICROS_PER_DAY;
    }
}
