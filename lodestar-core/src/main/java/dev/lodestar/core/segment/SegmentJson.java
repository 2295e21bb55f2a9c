package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.ConditionCodec;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.TimeWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON form of a condition (see {@code docs/segments.md}): {@code {"and":[...]}}, {@code
 * {"or":[...]}}, {@code {"not":{...}}}, {@code {"field":"trait.city_tier","op":"le","values":[2]}},
 * {@code {"did":{...}}}, {@code {"in_segment":"id"}}, {@code {"dropped_off":{"funnel":"f","step":2}}}.
 * Numbers keep their exact decimal value and scale. Errors name the JSON path, e.g. {@code
 * $.and[1].did.at_least: expected a whole number}.
 *
 * <p>{@code new SegmentJson()} checks structure and computed fields only (what a store needs to
 * read back what it saved); {@code new SegmentJson(catalog)} also checks trait, segment, funnel and
 * interest names like the text parser does.
 */
public final class SegmentJson implements ConditionCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Longest JSON text accepted, in characters. */
    public static final int MAX_LENGTH = 1_000_000;

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([hdwHDW])");
    private static final Set<String> DID_KEYS =
            Set.of("event", "where", "at_least", "at_most", "within", "between", "occurrence");

    private final SegmentCatalog catalog;

    /** Checks structure and computed fields, accepting any trait, segment, funnel and interest name. */
    public SegmentJson() {
        this.catalog = null;
    }

    /** Also checks names against {@code catalog}. */
    public SegmentJson(SegmentCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    @Override
    public String encode(Condition condition) {
        try {
            return MAPPER.writeValueAsString(toJson(condition));
        } catch (JsonProcessingException e) {
            throw new LodestarException(ErrorCode.INTERNAL, "cannot write condition as JSON", e);
        }
    }

    @Override
    public Condition decode(String text) {
        requireNonNull(text, "text is null");
        if (text.length() > MAX_LENGTH) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "condition JSON is " + text.length() + " characters long, more than the " + MAX_LENGTH
                            + " allowed");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_JSON, "condition is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new LodestarException(ErrorCode.INVALID_JSON, "condition is not valid JSON: no content");
        }
        return fromJson(node);
    }

    /** The JSON tree of a condition. */
    public ObjectNode toJson(Condition condition) {
        ObjectNode node = MAPPER.createObjectNode();
        if (condition instanceof Condition.And and) {
            ArrayNode parts = node.putArray("and");
            and.parts().forEach(part -> parts.add(toJson(part)));
        } else if (condition instanceof Condition.Or or) {
            ArrayNode parts = node.putArray("or");
            or.parts().forEach(part -> parts.add(toJson(part)));
        } else if (condition instanceof Condition.Not not) {
            node.set("not", toJson(not.part()));
        } else if (condition instanceof Condition.Compare compare) {
            node.put("field", compare.field().toString());
            node.put("op", compare.op().wireName());
            ArrayNode values = node.putArray("values");
            for (Literal value : compare.values()) {
                if (value instanceof Literal.Text text) {
                    values.add(text.value());
                } else if (value instanceof Literal.Number number) {
                    values.add(number.value());
                } else {
                    values.add(((Literal.Bool) value).value());
                }
            }
        } else if (condition instanceof Condition.Did did) {
            node.set("did", did(did));
        } else if (condition instanceof Condition.InSegment in) {
            node.put("in_segment", in.segment());
        } else if (condition instanceof Condition.FunnelDropOff dropOff) {
            node.putObject("dropped_off").put("funnel", dropOff.funnel()).put("step", dropOff.step());
        }
        return node;
    }

    private static ObjectNode did(Condition.Did did) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event", did.event());
        ArrayNode where = node.putArray("where");
        for (PropertyFilter filter : did.where()) {
            ObjectNode f = where.addObject();
            f.put("property", filter.property());
            f.put("operator", filter.operator().wireName());
            ArrayNode values = f.putArray("values");
            filter.values().forEach(values::add);
        }
        node.put("at_least", did.atLeast());
        if (did.atMost() == null) {
            node.putNull("at_most");
        } else {
            node.put("at_most", did.atMost());
        }
        if (did.window() instanceof TimeWindow.Within within) {
            node.put("within", SegmentPrinter.duration(within.length()));
        } else if (did.window() instanceof TimeWindow.Between between) {
            node.putArray("between")
                    .add(between.from().toString())
                    .add(between.to().toString());
        }
        node.put("occurrence", did.occurrence().name().toLowerCase(Locale.ROOT));
        return node;
    }

    /** Reads a condition from its JSON tree. */
    public Condition fromJson(JsonNode node) {
        return new Reader().condition(node, "$", 1);
    }

    /** The state of one read: the node count. */
    private final class Reader {
        private int nodes;

        Condition condition(JsonNode node, String path, int depth) {
            if (depth > Condition.MAX_DEPTH) {
                throw error(path, "conditions are nested more than " + Condition.MAX_DEPTH + " levels deep");
            }
            if (++nodes > Condition.MAX_NODES) {
                throw error(path, "the condition has more than " + Condition.MAX_NODES + " parts");
            }
            if (!node.isObject()) {
                throw error(path, "expected an object such as {\"and\": [...]} but found " + kind(node));
            }
            if (node.has("field")) {
                return compare(node, path);
            }
            if (node.size() != 1) {
                throw error(
                        path,
                        "expected exactly one of and, or, not, field, did, in_segment, dropped_off but found "
                                + names(node));
            }
            String key = node.fieldNames().next();
            JsonNode value = node.get(key);
            String at = path + "." + key;
            switch (key) {
                case "and", "or" -> {
                    if (!value.isArray()) {
                        throw error(at, "expected an array of conditions but found " + kind(value));
                    }
                    List<Condition> parts = new ArrayList<>();
                    for (int i = 0; i < value.size(); i++) {
                        parts.add(condition(value.get(i), at + "[" + i + "]", depth + 1));
                    }
                    return build(at, () -> key.equals("and") ? new Condition.And(parts) : new Condition.Or(parts));
                }
                case "not" -> {
                    Condition part = condition(value, at, depth + 1);
                    return new Condition.Not(part);
                }
                case "did" -> {
                    return did(value, at);
                }
                case "in_segment" -> {
                    String id = text(value, at);
                    Condition condition = build(at, () -> new Condition.InSegment(id));
                    check(SegmentChecks.segment(id, catalog), at);
                    return condition;
                }
                case "dropped_off" -> {
                    object(value, at, Set.of("funnel", "step"));
                    String funnel = text(value.get("funnel"), at + ".funnel");
                    int step = whole(value.get("step"), at + ".step");
                    Condition condition = build(at, () -> new Condition.FunnelDropOff(funnel, step));
                    check(SegmentChecks.funnel(funnel, catalog), at + ".funnel");
                    return condition;
                }
                default ->
                    throw error(
                            at,
                            "unknown condition '" + key + "'"
                                    + Suggestions.hint(
                                            key,
                                            List.of("and", "or", "not", "field", "did", "in_segment", "dropped_off")));
            }
        }

        private Condition compare(JsonNode node, String path) {
            object(node, path, Set.of("field", "op", "values"));
            String name = text(node.get("field"), path + ".field");
            int dot = name.indexOf('.');
            if (dot < 0) {
                throw error(
                        path + ".field", "expected namespace.name such as trait.city_tier but found '" + name + "'");
            }
            Optional<SegmentChecks.Problem> namespace = SegmentChecks.namespace(name.substring(0, dot));
            check(namespace, path + ".field");
            Field field = build(path + ".field", () -> new Field(name.substring(0, dot), name.substring(dot + 1)));
            String opName = text(node.get("op"), path + ".op");
            CompareOp op = build(path + ".op", () -> CompareOp.fromWireName(opName));
            List<Literal> values = new ArrayList<>();
            JsonNode array = node.get("values");
            if (array != null && !array.isNull()) {
                if (!array.isArray()) {
                    throw error(path + ".values", "expected an array but found " + kind(array));
                }
                for (int i = 0; i < array.size(); i++) {
                    values.add(literal(array.get(i), path + ".values[" + i + "]"));
                }
            }
            Condition condition = build(path, () -> new Condition.Compare(field, op, values));
            Optional<SegmentChecks.Problem> problem = SegmentChecks.compare(field, op, values, catalog);
            if (problem.isPresent()) {
                int index = problem.get().value();
                check(problem, index < 0 ? path + ".field" : path + ".values[" + index + "]");
            }
            return condition;
        }

        private Literal literal(JsonNode node, String path) {
            if (node.isTextual()) {
                return build(path, () -> new Literal.Text(node.textValue()));
            }
            if (node.isBoolean()) {
                return new Literal.Bool(node.booleanValue());
            }
            if (node.isNumber()) {
                BigDecimal value = node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.bigIntegerValue());
                return build(path, () -> new Literal.Number(value));
            }
            throw error(path, "expected a string, number or boolean but found " + kind(node));
        }

        private Condition did(JsonNode node, String path) {
            object(node, path, DID_KEYS);
            String event = text(node.get("event"), path + ".event");
            List<PropertyFilter> where = new ArrayList<>();
            JsonNode filters = node.get("where");
            if (filters != null && !filters.isNull()) {
                if (!filters.isArray()) {
                    throw error(path + ".where", "expected an array of filters but found " + kind(filters));
                }
                for (int i = 0; i < filters.size(); i++) {
                    where.add(filter(filters.get(i), path + ".where[" + i + "]"));
                }
            }
            JsonNode least = node.get("at_least");
            int atLeast = least == null || least.isNull() ? 1 : whole(least, path + ".at_least");
            JsonNode most = node.get("at_most");
            Integer atMost = most == null || most.isNull() ? null : whole(most, path + ".at_most");
            TimeWindow window = window(node, path);
            Occurrence occurrence = Occurrence.ANY;
            JsonNode which = node.get("occurrence");
            if (which != null && !which.isNull()) {
                String name = text(which, path + ".occurrence");
                occurrence = build(
                        path + ".occurrence",
                        () -> Occurrence.valueOf(name.toUpperCase(Locale.ROOT)),
                        "expected any, first or last but found '" + name + "'");
            }
            Occurrence finalOccurrence = occurrence;
            return build(path, () -> new Condition.Did(event, where, atLeast, atMost, window, finalOccurrence));
        }

        private TimeWindow window(JsonNode node, String path) {
            JsonNode within = node.get("within");
            JsonNode between = node.get("between");
            boolean hasWithin = within != null && !within.isNull();
            boolean hasBetween = between != null && !between.isNull();
            if (hasWithin && hasBetween) {
                throw error(path, "give one of within and between, not both");
            }
            if (hasWithin) {
                String text = text(within, path + ".within");
                Matcher matcher = DURATION.matcher(text);
                if (!matcher.matches()) {
                    throw error(
                            path + ".within", "expected a duration such as 36h, 14d or 8w but found '" + text + "'");
                }
                long amount = Long.parseLong(matcher.group(1));
                char unit = Character.toLowerCase(matcher.group(2).charAt(0));
                long hours = amount * (unit == 'h' ? 1 : unit == 'd' ? 24 : 24 * 7);
                return build(path + ".within", () -> new TimeWindow.Within(Duration.ofHours(hours)));
            }
            if (hasBetween) {
                if (!between.isArray() || between.size() != 2) {
                    throw error(path + ".between", "expected two dates such as [\"2026-01-01\", \"2026-01-31\"]");
                }
                LocalDate from = date(between.get(0), path + ".between[0]");
                LocalDate to = date(between.get(1), path + ".between[1]");
                return build(path + ".between", () -> new TimeWindow.Between(from, to));
            }
            return new TimeWindow.Ever();
        }

        private LocalDate date(JsonNode node, String path) {
            String text = text(node, path);
            return build(
                    path,
                    () -> {
                        try {
                            return LocalDate.parse(text);
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException(e);
                        }
                    },
                    "'" + text + "' is not an ISO date (expected e.g. 2026-01-31)");
        }

        private PropertyFilter filter(JsonNode node, String path) {
            object(node, path, Set.of("property", "operator", "values"));
            String property = text(node.get("property"), path + ".property");
            String operatorName = text(node.get("operator"), path + ".operator");
            PropertyFilter.Operator operator =
                    build(path + ".operator", () -> PropertyFilter.Operator.parse(operatorName));
            JsonNode array = node.get("values");
            if (array == null || !array.isArray()) {
                throw error(path + ".values", "expected an array of strings but found " + kind(array));
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (!value.isValueNode() || value.isNull()) {
                    throw error(path + ".values[" + i + "]", "expected a string but found " + kind(value));
                }
                values.add(
                        value.isNumber()
                                ? value.decimalValue().stripTrailingZeros().toPlainString()
                                : value.asText());
            }
            return build(path, () -> new PropertyFilter(property, operator, values));
        }

        private void object(JsonNode node, String path, Set<String> keys) {
            if (node == null || !node.isObject()) {
                throw error(path, "expected an object but found " + kind(node));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!keys.contains(name)) {
                    throw error(
                            path + "." + name,
                            "unknown key" + Suggestions.hint(name, keys) + " (expected one of "
                                    + String.join(", ", keys.stream().sorted().toList()) + ")");
                }
            }
        }

        private String text(JsonNode node, String path) {
            if (node == null || !node.isTextual()) {
                throw error(path, "expected a string but found " + kind(node));
            }
            return node.textValue();
        }

        private int whole(JsonNode node, String path) {
            if (node != null && node.isNumber()) {
                try {
                    return node.decimalValue().intValueExact();
                } catch (ArithmeticException e) {
                    // a fraction or too large: reported below
                }
            }
            throw error(path, "expected a whole number but found " + kind(node));
        }

        private <T> T build(String path, Supplier<T> constructor) {
            return build(path, constructor, null);
        }

        private <T> T build(String path, Supplier<T> constructor, String message) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw error(path, message == null ? e.getMessage() : message);
            }
        }

        private void check(Optional<SegmentChecks.Problem> problem, String path) {
            if (problem.isPresent()) {
                throw error(path, problem.get().what() + problem.get().hint());
            }
        }
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (node.isValueNode()) {
            String text = node.toString();
            return text.length() > 40 ? text.substring(0, 40) + "..." : text;
        }
        return node.isArray() ? "an array" : "an object";
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "no key" : String.join(", ", names);
    }

    private static LodestarException error(String path, String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, path + ": " + message);
    }
}
