package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.SegmentJson;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentPreview;
import dev.lodestar.spi.segment.TimeWindow;
import dev.lodestar.testing.ReferenceSegments;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment evaluation on DuckDB against the brute-force {@link ReferenceSegments}: a random store
 * (persons merged by identify calls through the real {@link PersonService}, traits from several
 * identities and sources with equal timestamps, numbers, text, Chinese and JSON null, events on
 * window edges, at "as of" and after it) and hundreds of random condition trees over its names.
 */
class TestDuckDbSegmentEvaluation {
    private static final Instant AS_OF = Instant.parse("2026-03-29T16:00:00Z");
    private static final List<ZoneId> ZONES =
            List.of(ZoneId.of("America/Bahia_Banderas"), ZoneId.of("Asia/Shanghai"), ZoneId.of("Europe/Berlin"));
    private static final String[] EVENTS = {"Product Viewed", "Order Completed", "浏览商品", "Signed Up"};
    private static final String[] TRAITS = {"city_tier", "city", "age", "vip", "note", "score"};
    private static final String[] VALUES_JSON = {
        "1",
        "2",
        "3",
        "2.5",
        "-3.5",
        "1e2",
        "10",
        "\"2\"",
        "\"10\"",
        "\"5.0\"",
        "\"北京\"",
        "\"上海\"",
        "\"a'b\"",
        "\"\"",
        "\"x y\"",
        "true",
        "false",
        "null",
        "\"Ab\"",
        "\"ab\"",
        "[1,2]",
        "\"😀\"",
        "\"\uE000\"",
        "\"1_0\""
    };
    private static final String[] PLANS = {"free", "pro", "专业版"};
    private static final String[] CATEGORIES = {"母婴", "数码"};

    @TempDir
    Path directory;

    @Test
    void randomConditionsMatchTheReference() {
        for (long seed = 1; seed <= 2; seed++) {
            check(seed, 250);
        }
    }

    private void check(long seed, int conditions) {
        SplittableRandom random = new SplittableRandom(seed);
        try (DuckDbDatabase database = DuckDbDatabase.open(directory.resolve("s" + seed))) {
            DuckDbEventStore store = new DuckDbEventStore(database);
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            DuckDbSegmentEngine engine = new DuckDbSegmentEngine(database, new SegmentJson(), null, null);
            List<Event> events = randomEvents(random);
            store.append(events.subList(0, events.size() / 2));
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                // a second source sets traits too, some at the very same time as an identify call
                List<TraitValue> imported = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    Event e = events.get(random.nextInt(events.size()));
                    imported.add(new TraitValue(
                            e.personKey(),
                            TRAITS[random.nextInt(TRAITS.length)],
                            VALUES_JSON[random.nextInt(VALUES_JSON.length)],
                            random.nextBoolean() ? "crm.csv" : "a-import",
                            e.timestamp()));
                }
                persons.observe(List.of(), imported);
                // the second half after a first evaluation: the derived tables must follow
                EvaluationContext context = new EvaluationContext(AS_OF, ZONES.get(0));
                long before = engine.preview(Condition.Did.once("Signed Up", new TimeWindow.Ever()), context, 0)
                        .population();
                store.append(events.subList(events.size() / 2, events.size()));
                persons.sync();

                Set<String> keys = new TreeSet<>();
                events.forEach(e -> keys.add(e.personKey()));
                List<TraitValue> stored = identities.traits(keys);
                ReferenceSegments reference =
                        new ReferenceSegments(events, stored, key -> personOf(persons, key), Map.of(), Map.of());
                assertThat(reference.persons().size()).isGreaterThan((int) before);

                // saved segments to refer to: a static one and a dynamic one
                List<String> all = new ArrayList<>(reference.persons());
                Set<String> chosen = new TreeSet<>();
                for (int i = 0; i < 8; i++) {
                    chosen.add(all.get(random.nextInt(all.size())));
                }
                Instant now = Instant.now();
                engine.save(new SegmentDefinition(
                        "picked", "Picked", "", SegmentDefinition.Kind.STATIC, null, 0, now, now));
                engine.snapshot("picked", chosen);
                Generator generator = new Generator(random, List.of("picked"));
                Condition dynamic = generator.condition(2);
                engine.save(new SegmentDefinition(
                        "dyn", "Dynamic", "", SegmentDefinition.Kind.DYNAMIC, dynamic, 0, now, now));
                Map<String, SegmentDefinition> saved = new HashMap<>();
                engine.list().forEach(d -> saved.put(d.id(), d));
                reference = new ReferenceSegments(
                        events, stored, key -> personOf(persons, key), saved, Map.of("picked", chosen));
                generator = new Generator(random, List.of("picked", "dyn"));

                int nonTrivial = 0;
                for (int i = 0; i < conditions; i++) {
                    Condition condition = generator.condition(3);
                    context = new EvaluationContext(AS_OF, ZONES.get(random.nextInt(ZONES.size())));
                    List<String> expected = new ArrayList<>(reference.evaluate(condition, context));
                    SegmentPreview preview = engine.preview(condition, context, 3);
                    String description = "seed " + seed + " #" + i + ": " + condition;
                    assertThat(preview.size()).as(description).isEqualTo(expected.size());
                    assertThat(preview.population())
                            .isEqualTo(reference.persons().size());
                    assertThat(preview.sample())
                            .as(description)
                            .isEqualTo(expected.subList(0, Math.min(3, expected.size())));
                    List<String> members = new ArrayList<>();
                    String after = null;
                    while (true) { // in pages, to check paging too
                        List<String> page = engine.members(condition, context, after, 7);
                        members.addAll(page);
                        if (page.size() < 7) {
                            break;
                        }
                        after = page.get(page.size() - 1);
                    }
                    assertThat(members).as(description).isEqualTo(expected);
                    if (!expected.isEmpty()
                            && expected.size() < reference.persons().size()) {
                        nonTrivial++;
                    }
                }
                // the random trees must not be mostly empty or everyone
                assertThat(nonTrivial).isGreaterThan(conditions / 3);
            }
        }
    }

    /** The person of an identity key, by the real resolver. */
    private static String personOf(PersonService persons, String key) {
        int colon = key.indexOf(':');
        Identity identity = new Identity(new IdentityType(key.substring(0, colon)), key.substring(colon + 1));
        return persons.personOf(identity);
    }

    private static List<Event> randomEvents(SplittableRandom random) {
        List<Event> events = new ArrayList<>();
        List<Instant> edges = new ArrayList<>(List.of(
                AS_OF,
                AS_OF.plusSeconds(1),
                AS_OF.minusNanos(1000),
                AS_OF.minus(Duration.ofDays(1)),
                AS_OF.minus(Duration.ofDays(7)),
                AS_OF.minus(Duration.ofDays(14)),
                AS_OF.minus(Duration.ofHours(12))));
        for (ZoneId zone : ZONES) {
            LocalDate today = LocalDate.ofInstant(AS_OF, zone);
            for (int d = -20; d <= 1; d++) {
                edges.add(today.plusDays(d).atStartOfDay(zone).toInstant());
            }
        }
        Instant previous = AS_OF;
        for (int i = 0; i < 420; i++) {
            Instant ts;
            int pick = random.nextInt(10);
            if (pick < 3) {
                ts = edges.get(random.nextInt(edges.size()));
            } else if (pick == 3) {
                ts = previous;
            } else {
                ts = AS_OF.minusSeconds(random.nextLong(24L * 3600 * 24)).plusSeconds(3600);
            }
            previous = ts;
            String user = random.nextInt(10) < 7 ? "u" + random.nextInt(30) : null;
            String anonymous = user == null || random.nextInt(4) == 0 ? "a" + random.nextInt(15) : null;
            if (random.nextInt(7) == 0) {
                // an identify call: links the anonymous id (if any) to the user, and sets traits
                StringBuilder traits = new StringBuilder("{");
                int n = 1 + random.nextInt(3);
                for (int t = 0; t < n; t++) {
                    traits.append(t == 0 ? "" : ",")
                            .append('"')
                            .append(TRAITS[random.nextInt(TRAITS.length)])
                            .append("\":")
                            .append(VALUES_JSON[random.nextInt(VALUES_JSON.length)]);
                }
                events.add(event("m" + i, EventType.IDENTIFY, null, user, anonymous, "{}", null, traits + "}", ts));
                continue;
            }
            int plan = random.nextInt(PLANS.length + 1);
            int category = random.nextInt(CATEGORIES.length + 1);
            events.add(event(
                    "m" + i,
                    EventType.TRACK,
                    EVENTS[random.nextInt(EVENTS.length)],
                    user,
                    anonymous,
                    plan == PLANS.length ? "{}" : "{\"plan\":\"" + PLANS[plan] + "\"}",
                    category == CATEGORIES.length ? null : CATEGORIES[category],
                    "{}",
                    ts));
        }
        return events;
    }

    static Event event(
            String id,
            EventType type,
            String name,
            String user,
            String anonymous,
            String properties,
            String category,
            String traits,
            Instant at) {
        return new Event(
                id,
                type,
                name,
                anonymous,
                user,
                PersonIds.eventKey(user, anonymous),
                at,
                at,
                null,
                at,
                properties,
                traits,
                "{}",
                "test",
                new Event.CommonProperties(null, null, null, null, null, category, null, null, null));
    }

    /** Random condition trees over the names of the random store. */
    static final class Generator {
        private final SplittableRandom random;
        private final List<String> segments;

        Generator(SplittableRandom random, List<String> segments) {
            this.random = random;
            this.segments = segments;
        }

        Condition condition(int depth) {
            int pick = random.nextInt(depth <= 0 ? 5 : 9);
            return switch (pick) {
                case 0, 1 -> compare();
                case 2, 3 -> did();
                case 4 -> segments.isEmpty() ? compare() : new Condition.InSegment(pick(segments));
                case 5, 6 -> {
                    List<Condition> parts = new ArrayList<>();
                    int n = 2 + random.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        parts.add(condition(depth - 1));
                    }
                    yield random.nextBoolean() ? new Condition.And(parts) : new Condition.Or(parts);
                }
                default -> new Condition.Not(condition(depth - 1));
            };
        }

        private Condition compare() {
            String name = random.nextInt(12) == 0 ? "missing" : TRAITS[random.nextInt(TRAITS.length)];
            CompareOp op = CompareOp.values()[random.nextInt(CompareOp.values().length)];
            int n = op.arity() == -1 ? 1 + random.nextInt(3) : op.arity();
            List<Literal> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(literal());
            }
            return new Condition.Compare(Field.trait(name), op, values);
        }

        private Literal literal() {
            return switch (random.nextInt(6)) {
                case 0, 1 ->
                    new Literal.Number(new BigDecimal(pick(List.of("1", "2", "2.5", "-3.5", "100", "10", "0"))));
                case 2 -> new Literal.Bool(random.nextBoolean());
                default ->
                    new Literal.Text(pick(
                            List.of("2", "10", "5.0", "北京", "上海", "a'b", "", "x", "A", "a", "😀", "\uE000", "[1,2]")));
            };
        }

        private Condition did() {
            List<PropertyFilter> where = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                boolean plan = random.nextBoolean();
                PropertyFilter.Operator operator =
                        PropertyFilter.Operator.values()[random.nextInt(PropertyFilter.Operator.values().length)];
                List<String> values = new ArrayList<>();
                for (int v = operator == PropertyFilter.Operator.EQUALS ? 1 : 1 + random.nextInt(2); v > 0; v--) {
                    values.add(plan ? pick(List.of("free", "pro", "专业版", "专业")) : pick(List.of("母婴", "数码", "母")));
                }
                where.add(new PropertyFilter(plan ? "plan" : "category", operator, values));
            }
            TimeWindow window =
                    switch (random.nextInt(5)) {
                        case 0 -> new TimeWindow.Ever();
                        case 1 -> TimeWindow.Within.days(pick(List.of(1L, 7L, 14L)));
                        case 2 -> new TimeWindow.Within(Duration.ofHours(12));
                        default -> {
                            LocalDate from = LocalDate.of(2026, 3, 29).minusDays(random.nextInt(20));
                            yield new TimeWindow.Between(from, from.plusDays(random.nextInt(8)));
                        }
                    };
            String event = random.nextInt(15) == 0 ? "Never Happened" : EVENTS[random.nextInt(EVENTS.length)];
            int kind = random.nextInt(8);
            if (kind == 0) {
                return new Condition.Did(event, where, 1, null, window, Occurrence.FIRST);
            } else if (kind == 1) {
                return new Condition.Did(event, where, 1, null, window, Occurrence.LAST);
            }
            int atLeast = random.nextInt(3);
            Integer atMost = atLeast == 0 || random.nextBoolean() ? atLeast + random.nextInt(3) : null;
            return new Condition.Did(event, where, atLeast, atMost, window, Occurrence.ANY);
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
