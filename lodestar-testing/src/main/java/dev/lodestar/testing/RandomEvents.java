package dev.lodestar.testing;

import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random event logs for differential tests: few persons and names so that collisions happen,
 * repeated timestamps, and events placed exactly on local midnights of the zones under test
 * (including days that daylight saving makes 23 or 25 hours long).
 */
public final class RandomEvents {
    public static final String[] NAMES = {"Product Viewed", "Product Added", "Order Completed", "Signed Up"};

    private RandomEvents() {}

    public static List<Event> generate(long seed, int count, Instant from, Instant to, List<ZoneId> edgeZones) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Instant> edges = new ArrayList<>();
        for (ZoneId zone : edgeZones) {
            for (LocalDate d = LocalDate.ofInstant(from, zone); ; d = d.plusDays(1)) {
                Instant midnight = d.atStartOfDay(zone).toInstant();
                if (!midnight.isBefore(to)) {
                    break;
                }
                edges.add(midnight);
            }
        }
        long span = Duration.between(from, to).getSeconds();
        List<Event> events = new ArrayList<>(count);
        Instant previous = from;
        for (int i = 0; i < count; i++) {
            Instant ts;
            int pick = random.nextInt(10);
            if (pick == 0 && !edges.isEmpty()) {
                Instant edge = edges.get(random.nextInt(edges.size()));
                ts = edge.plusNanos(random.nextInt(3) - 1 == 0 ? 0 : (random.nextBoolean() ? 1_000 : -1_000));
            } else if (pick == 1) {
                ts = previous; // an exact tie
            } else {
                ts = from.plusSeconds(random.nextLong(span)).plusNanos(random.nextInt(1_000_000) * 1_000L);
            }
            if (ts.isBefore(from)) {
                ts = from;
            }
            previous = ts;
            String name = NAMES[random.nextInt(NAMES.length)];
            Double revenue = name.equals("Order Completed") ? Math.round(random.nextDouble() * 50_000) / 100.0 : null;
            String person = "p" + random.nextInt(Math.max(1, count / 8));
            events.add(event("r" + seed + "-" + i, name, person, ts, revenue));
        }
        return events;
    }

    public static Event event(String messageId, String name, String person, Instant ts, Double revenue) {
        return new Event(
                messageId,
                EventType.TRACK,
                name,
                null,
                person,
                person,
                ts,
                ts,
                null,
                ts,
                revenue == null ? "{}" : "{\"revenue\":" + revenue + "}",
                "{}",
                "{}",
                "test",
                new Event.CommonProperties(null, revenue, null, null, null, null, null, null, null));
    }
}
