package dev.lodestar.testing;

import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Brute-force segment evaluation: every person is tested against the condition tree by plain loops
 * over all events and all stored trait values. Declared traits, behaviour, and membership of saved
 * segments are covered; computed fields (scores, interests) and funnel drop-offs are not.
 *
 * <ul>
 *   <li>The persons are the persons of all events and of all identities that have a trait value;
 *       the person of an identity (or of an event's identity key) is given by the caller.
 *   <li>A person's trait is the stored value with the latest time; ties go to the smallest source,
 *       then the smallest identity. A latest value of JSON null means not set. Its text is the
 *       string itself for a JSON string, else the JSON text; it is also a number when it reads as
 *       {@code -?digits[.digits][e[+-]digits]} and is a finite double.
 *   <li>A comparison is numeric when the literal is a number and the trait a number, else it
 *       compares text by code points. An absent trait satisfies only !=, not in and is not set.
 *   <li>Behaviour counts track events named so, with every filter holding, at or before "as of";
 *       within = (asOf - length, asOf], between = [start of from, start of the day after to) in
 *       the zone.
 * </ul>
 */
public final class ReferenceSegments {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private record Value(String text, Double number) {}

    private final Map<String, List<Event>> eventsByPerson = new HashMap<>();
    private final Map<String, Map<String, Value>> traits = new HashMap<>();
    private final Set<String> persons = new TreeSet<>();
    private final Map<String, SegmentDefinition> segments;
    private final Map<String, Set<String>> staticMembers;

    /**
     * @param personOf the current person of an identity key ({@code type:value})
     * @param segments saved segments by id
     * @param staticMembers current members of the static segments, by id
     */
    public ReferenceSegments(
            List<Event> events,
            List<TraitValue> traitValues,
            Function<String, String> personOf,
            Map<String, SegmentDefinition> segments,
            Map<String, Set<String>> staticMembers) {
        this.segments = segments;
        this.staticMembers = staticMembers;
        for (Event e : events) {
            String person = personOf.apply(e.personKey());
            persons.add(person);
            eventsByPerson.computeIfAbsent(person, p -> new ArrayList<>()).add(e);
        }
        Map<String, Map<String, TraitValue>> latest = new HashMap<>();
        Comparator<TraitValue> newer = Comparator.comparing(TraitValue::updatedAt)
                .thenComparing(TraitValue::source, Comparator.reverseOrder())
                .thenComparing(TraitValue::identity, Comparator.reverseOrder());
        for (TraitValue t : traitValues) {
            String person = personOf.apply(t.identity());
            persons.add(person);
            latest.computeIfAbsent(person, p -> new HashMap<>())
                    .merge(t.name(), t, (a, b) -> newer.compare(a, b) >= 0 ? a : b);
        }
        latest.forEach((person, byName) -> byName.forEach((name, t) -> {
            String text = FlatJson.parse("{\"v\":" + t.valueJson() + "}").get("v");
            if (text != null) {
                Double number = null;
                if (NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))) {
                    number = Double.parseDouble(text);
                }
                traits.computeIfAbsent(person, p -> new HashMap<>()).put(name, new Value(text, number));
            }
        }));
    }

    /** All persons, in id order. */
    public Set<String> persons() {
        return persons;
    }

    /** The persons satisfying the condition, in id order. */
    public Set<String> evaluate(Condition condition, EvaluationContext context) {
        Set<String> members = new TreeSet<>();
        for (String person : persons) {
            if (holds(condition, person, context)) {
                members.add(person);
            }
        }
        return members;
    }

    private boolean holds(Condition condition, String person, EvaluationContext context) {
        if (condition instanceof Condition.And and) {
            return and.parts().stream().allMatch(part -> holds(part, person, context));
        } else if (condition instanceof Condition.Or or) {
            return or.parts().stream().anyMatch(part -> holds(part, person, context));
        } else if (condition instanceof Condition.Not not) {
            return !holds(not.part(), person, context);
        } else if (condition instanceof Condition.Compare compare) {
            return compare(compare, person);
        } else if (condition instanceof Condition.Did did) {
            return did(did, person, context);
        } else if (condition instanceof Condition.InSegment in) {
            SegmentDefinition segment = segments.get(in.segment());
            if (segment.kind() == SegmentDefinition.Kind.STATIC) {
                return staticMembers.getOrDefault(in.segment(), Set.of()).contains(person);
            }
            return holds(segment.condition(), person, context);
        }
        throw new UnsupportedOperationException("the reference does not evaluate " + condition);
    }

    private boolean compare(Condition.Compare compare, String person) {
        if (!compare.field().isTrait()) {
            throw new UnsupportedOperationException("the reference evaluates declared traits only");
        }
        Value value = traits.getOrDefault(person, Map.of()).get(compare.field().name());
        List<Literal> literals = compare.values();
        switch (compare.op()) {
            case IS_SET:
                return value != null;
            case IS_NOT_SET:
                return value == null;
            case NE:
                return value == null || !test(value, "=", literals.get(0));
            case NOT_IN:
                return value == null || literals.stream().noneMatch(l -> test(value, "=", l));
            default:
                break;
        }
        if (value == null) {
            return false;
        }
        return switch (compare.op()) {
            case EQ -> test(value, "=", literals.get(0));
            case IN -> literals.stream().anyMatch(l -> test(value, "=", l));
            case LT -> test(value, "<", literals.get(0));
            case LE -> test(value, "<=", literals.get(0));
            case GT -> test(value, ">", literals.get(0));
            case GE -> test(value, ">=", literals.get(0));
            case CONTAINS -> value.text().contains(literals.get(0).asText());
            case STARTS_WITH -> value.text().startsWith(literals.get(0).asText());
            default -> throw new IllegalStateException(compare.op().toString());
        };
    }

    private static boolean test(Value value, String operator, Literal literal) {
        if (literal instanceof Literal.Number number && value.number() != null) {
            double a = value.number();
            double b = number.value().doubleValue();
            return switch (operator) {
                case "=" -> a == b;
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                default -> a >= b;
            };
        }
        int c = compareCodePoints(value.text(), literal.asText());
        return switch (operator) {
            case "=" -> c == 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    /** Text order by Unicode code point (the order of UTF-8 bytes). */
    static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private boolean did(Condition.Did did, String person, EvaluationContext context) {
        FunnelStep step = new FunnelStep(did.event(), did.where());
        List<Instant> times = new ArrayList<>();
        for (Event e : eventsByPerson.getOrDefault(person, List.of())) {
            if (e.type() == EventType.TRACK
                    && !e.timestamp().isAfter(context.asOf())
                    && ReferenceFunnel.matches(step, e)) {
                times.add(e.timestamp());
            }
        }
        if (did.occurrence() == Occurrence.ANY) {
            long count = times.stream()
                    .filter(t -> inWindow(t, did.window(), context))
                    .count();
            return count >= did.atLeast() && (did.atMost() == null || count <= did.atMost());
        }
        if (times.isEmpty()) {
            return false;
        }
        Instant chosen = did.occurrence() == Occurrence.FIRST
                ? times.stream().min(Comparator.naturalOrder()).orElseThrow()
                : times.stream().max(Comparator.naturalOrder()).orElseThrow();
        return inWindow(chosen, did.window(), context);
    }

    private static boolean inWindow(Instant t, TimeWindow window, EvaluationContext context) {
        if (window instanceof TimeWindow.Within within) {
            return t.isAfter(context.asOf().minus(within.length())) && !t.isAfter(context.asOf());
        } else if (window instanceof TimeWindow.Between between) {
            Instant from = between.from().atStartOfDay(context.zone()).toInstant();
            Instant to = between.to().plusDays(1).atStartOfDay(context.zone()).toInstant();
            return !t.isBefore(from) && t.isBefore(to);
        }
        return true;
    }
}
