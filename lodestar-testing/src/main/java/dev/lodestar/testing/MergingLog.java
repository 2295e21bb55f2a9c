package dev.lodestar.testing;

import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.TraitValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random event log whose persons are merged mid-stream: each person has a user id and up to two
 * anonymous ids; events before sign-in carry only an anonymous id, later ones only the user id,
 * and an identify call (user id + anonymous id) links them. Some anonymous visitors never sign in.
 * Timestamps repeat, sit exactly on and a microsecond around local midnights of the zone, and pages
 * carry a URL. {@link #person(Event)} is the person an event belongs to after identity resolution,
 * computed here from the identify calls alone, independently of the store.
 *
 * @param events the log, in generation order (not sorted)
 * @param mergedInto event key of an anonymous id that signed in → event key of its user id
 */
public record MergingLog(List<Event> events, Map<String, String> mergedInto) {
    public static final String[] NAMES = {"Signed Up", "Product Viewed", "Order Completed", "App Opened"};
    public static final String[] URLS = {"/", "/pricing", "/docs", "/blog/年度报告"};
    /** The values of the {@code plan} property of {@link #withProperties}. */
    public static final String[] PLANS = {"pro", "free", "试用"};
    /** The values of the {@code category} column of {@link #withProperties}. */
    public static final String[] CATEGORIES = {"数码", "美妆"};
    /** The values of the {@code tier} trait of {@link #withProperties}. */
    public static final String[] TIERS = {"gold", "silver", "铜"};

    public MergingLog {
        events = List.copyOf(events);
        mergedInto = Map.copyOf(mergedInto);
    }

    /** The person of an event after identity resolution. */
    public String person(Event e) {
        return mergedInto.getOrDefault(e.personKey(), e.personKey());
    }

    /**
     * About {@code persons} × 8 events over {@code days} days from local midnight of {@code firstDay}
     * in {@code zone}.
     */
    public static MergingLog generate(long seed, ZoneId zone, LocalDate firstDay, int days, int persons) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Instant> midnights = new ArrayList<>();
        for (int d = 0; d <= days; d++) {
            midnights.add(firstDay.plusDays(d).atStartOfDay(zone).toInstant());
        }
        Instant start = midnights.get(0);
        long span = days * 86_400L;
        List<Event> events = new ArrayList<>();
        Map<String, String> merged = new HashMap<>();
        int id = 0;
        for (int p = 0; p < persons; p++) {
            String user = "u" + p;
            int anonymous = random.nextInt(3);
            // anonymous visitors first, then (for most persons) an identify call and signed-in events
            Instant t = start.plusSeconds(random.nextLong(span));
            for (int a = 0; a < anonymous; a++) {
                String anon = "a" + p + "-" + a;
                int count = 1 + random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    t = next(random, t, start, span, midnights);
                    events.add(activity(random, "m" + seed + "-" + id++, null, anon, t));
                }
                if (random.nextInt(5) > 0) {
                    t = next(random, t, start, span, midnights);
                    events.add(TestingEvents.identify("m" + seed + "-" + id++, user, anon, "{}", t));
                    merged.put(PersonIds.eventKey(null, anon), PersonIds.eventKey(user, null));
                }
            }
            int count = random.nextInt(10);
            for (int i = 0; i < count; i++) {
                t = next(random, t, start, span, midnights);
                events.add(activity(random, "m" + seed + "-" + id++, user, null, t));
            }
        }
        return new MergingLog(events, merged);
    }

    /**
     * The same log with random properties: on most activity events a {@code plan} property ({@link
     * #PLANS}) and a {@code category} ({@link #CATEGORIES}, a stored common column), and on most
     * identify calls a {@code tier} trait ({@link #TIERS}, sometimes JSON null) and a numeric {@code
     * visits} trait. The events' order, persons and times are unchanged.
     */
    public MergingLog withProperties(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (e.type() == EventType.IDENTIFY) {
                out.add(withJson(e, e.properties(), randomTraits(random), e.common()));
            } else {
                String properties =
                        random.nextInt(4) > 0 ? "{\"plan\":\"" + PLANS[random.nextInt(PLANS.length)] + "\"}" : "{}";
                String category = random.nextInt(3) == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
                Event.CommonProperties c = e.common();
                out.add(withJson(
                        e,
                        properties,
                        e.traits(),
                        new Event.CommonProperties(
                                c.url(),
                                c.revenue(),
                                c.currency(),
                                c.orderId(),
                                c.productId(),
                                category,
                                c.channel(),
                                c.groupId(),
                                c.previousId())));
            }
        }
        return new MergingLog(out, mergedInto);
    }

    /**
     * Random identify traits: {@code tier} ({@link #TIERS}, JSON null or absent) and {@code visits}
     * (0 to 3, or absent), written without spaces.
     */
    public static String randomTraits(SplittableRandom random) {
        List<String> fields = new ArrayList<>();
        int tier = random.nextInt(5);
        if (tier < 3) {
            fields.add("\"tier\":\"" + TIERS[tier] + "\"");
        } else if (tier == 3) {
            fields.add("\"tier\":null");
        }
        if (random.nextBoolean()) {
            fields.add("\"visits\":" + random.nextInt(4));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /**
     * The trait values a store keeps from the identify calls (JSON null included): one per trait of
     * each call, on the call's person key, set by its source at its timestamp.
     */
    public List<TraitValue> traitValues() {
        List<TraitValue> values = new ArrayList<>();
        for (Event e : events) {
            if (e.type() != EventType.IDENTIFY) {
                continue;
            }
            String body = e.traits().substring(1, e.traits().length() - 1);
            for (String field : body.isEmpty() ? new String[0] : body.split(",")) {
                int colon = field.indexOf(':'); // the keys and values written here hold no comma or colon
                values.add(new TraitValue(
                        e.personKey(),
                        field.substring(1, colon - 1),
                        field.substring(colon + 1),
                        e.source(),
                        e.timestamp()));
            }
        }
        return values;
    }

    /** The persons' current traits from {@link #traitValues()}, persons merged as in {@link #person}. */
    public ReferenceTraits traits() {
        return new ReferenceTraits(traitValues(), key -> mergedInto.getOrDefault(key, key));
    }

    private static Event withJson(Event e, String properties, String traits, Event.CommonProperties common) {
        return new Event(
                e.messageId(),
                e.type(),
                e.name(),
                e.anonymousId(),
                e.userId(),
                e.personKey(),
                e.timestamp(),
                e.originalTimestamp(),
                e.sentAt(),
                e.receivedAt(),
                properties,
                traits,
                e.context(),
                e.source(),
                common);
    }

    private static Instant next(SplittableRandom random, Instant t, Instant start, long span, List<Instant> midnights) {
        int pick = random.nextInt(12);
        if (pick == 0) {
            return midnights.get(random.nextInt(midnights.size())).plusNanos(1000L * (random.nextInt(3) - 1));
        } else if (pick == 1) {
            return t; // the same instant again
        } else if (pick < 5) {
            return t.plusSeconds(random.nextLong(600)); // the same session
        } else if (pick < 8) {
            return t.plusSeconds(random.nextLong(3 * 86_400L));
        }
        return start.plusSeconds(random.nextLong(span)).plusNanos(random.nextInt(1000) * 1000L);
    }

    private static Event activity(SplittableRandom random, String messageId, String user, String anon, Instant t) {
        boolean page = random.nextInt(3) == 0;
        String name = page ? (random.nextBoolean() ? "Home" : "Article") : NAMES[random.nextInt(NAMES.length)];
        String url = page ? URLS[random.nextInt(URLS.length)] : null;
        return new Event(
                messageId,
                page ? EventType.PAGE : EventType.TRACK,
                name,
                anon,
                user,
                PersonIds.eventKey(user, anon),
                t,
                t,
                null,
                t,
                "{}",
                "{}",
                "{}",
                "test",
                new Event.CommonProperties(url, null, null, null, null, null, null, null, null));
    }
}
