package dev.lodestar.core.segment;

import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.segment.TimeWindow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random valid condition trees for property tests: every node type, Chinese names, quotes,
 * backslashes, control and invisible characters in strings, very large and very small decimals.
 * Remembers the names it used so that a matching {@link SegmentCatalog} can be built.
 */
final class RandomConditions {
    private static final String[] WORDS = {
        "city_tier",
        "会员等级",
        "plan",
        "Order Completed",
        "母婴",
        "At Risk",
        "x",
        "a b",
        "北京 上海",
        "it's",
        "say \"hi\"",
        "back\\slash",
        "tab\there",
        "line\nbreak",
        "\u202Eevil",
        "zero\u200Dwidth",
        "emoji 😀",
        "ß",
        "Ünïcødé",
        "and",
        "or",
        "not",
        "within",
        "at_least",
        "in",
        "did",
        "'; DROP TABLE events; --",
        "/* c */",
        "1e5",
        "trait.x",
        "`tick`",
        "全角（括号）",
        "“引号”",
        "\u0001ctl"
    };
    private static final String[] PROPERTIES = {
        "category",
        "url",
        "price",
        "颜色",
        "product id",
        "within",
        "at_least",
        "at most",
        "first_time",
        "not",
        "in",
        "a.b",
        "x-y",
        "_",
        "true"
    };

    private final SplittableRandom random;
    private final Set<String> traits = new HashSet<>();
    private final Set<String> segments = new HashSet<>();
    private final Set<String> funnels = new HashSet<>();
    private final Set<String> interests = new HashSet<>();

    RandomConditions(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The names used by every tree made so far. */
    SegmentCatalog catalog() {
        return new SegmentCatalog(traits, segments, funnels, interests);
    }

    Condition condition() {
        return condition(1 + random.nextInt(5));
    }

    private Condition condition(int levels) {
        if (levels <= 1 || random.nextInt(10) < 3) {
            return leaf();
        }
        return switch (random.nextInt(3)) {
            case 0 -> new Condition.And(parts(levels));
            case 1 -> new Condition.Or(parts(levels));
            default -> new Condition.Not(condition(levels - 1));
        };
    }

    private List<Condition> parts(int levels) {
        List<Condition> parts = new ArrayList<>();
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            parts.add(condition(levels - 1));
        }
        return parts;
    }

    private Condition leaf() {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return compare();
        }
        if (kind < 8) {
            return did();
        }
        if (kind < 9) {
            String id = name();
            segments.add(id);
            return new Condition.InSegment(id);
        }
        String funnel = name();
        funnels.add(funnel);
        return new Condition.FunnelDropOff(funnel, 1 + random.nextInt(19));
    }

    private Condition compare() {
        CompareOp op = CompareOp.values()[random.nextInt(CompareOp.values().length)];
        int kind = random.nextInt(10);
        if (kind < 3) {
            SegmentFields.Computed computed = SegmentFields.ALL.get(random.nextInt(SegmentFields.ALL.size()));
            boolean number = computed.type() == SegmentFields.Type.NUMBER;
            while (number && (op == CompareOp.CONTAINS || op == CompareOp.STARTS_WITH)) {
                op = CompareOp.values()[random.nextInt(CompareOp.values().length)];
            }
            List<Literal> values = new ArrayList<>();
            for (int i = 0; i < count(op); i++) {
                values.add(
                        number
                                ? number()
                                : Literal.of(computed.allowed()
                                        .get(random.nextInt(computed.allowed().size()))));
            }
            return new Condition.Compare(computed.field(), op, values);
        }
        Field field;
        if (kind < 4) {
            String name = name();
            interests.add(name);
            field = new Field(SegmentFields.INTEREST, name);
        } else {
            String name = name();
            traits.add(name);
            field = Field.trait(name);
        }
        List<Literal> values = new ArrayList<>();
        for (int i = 0; i < count(op); i++) {
            values.add(literal());
        }
        return new Condition.Compare(field, op, values);
    }

    private int count(CompareOp op) {
        return op.arity() >= 0 ? op.arity() : 1 + random.nextInt(4);
    }

    private Literal literal() {
        return switch (random.nextInt(3)) {
            case 0 -> Literal.of(text());
            case 1 -> number();
            default -> new Literal.Bool(random.nextBoolean());
        };
    }

    private Literal number() {
        int digits = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
        StringBuilder unscaled = new StringBuilder(random.nextBoolean() ? "-" : "");
        for (int i = 0; i < digits; i++) {
            unscaled.append((char) ('0' + random.nextInt(10)));
        }
        int scale = random.nextInt(4) == 0 ? random.nextInt(-250, 250) : random.nextInt(0, 6);
        BigDecimal value = new BigDecimal(new BigInteger(unscaled.toString()), scale);
        while (Math.abs((long) value.precision() - value.scale()) > 308) {
            value = new BigDecimal(value.unscaledValue(), value.scale() / 2);
        }
        return new Literal.Number(value);
    }

    private Condition did() {
        String event = name();
        List<PropertyFilter> where = new ArrayList<>();
        int filters = random.nextInt(4);
        for (int i = 0; i < filters; i++) {
            PropertyFilter.Operator operator =
                    PropertyFilter.Operator.values()[random.nextInt(PropertyFilter.Operator.values().length)];
            List<String> values = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int j = 0; j < count; j++) {
                values.add(text());
            }
            where.add(new PropertyFilter(PROPERTIES[random.nextInt(PROPERTIES.length)], operator, values));
        }
        TimeWindow window =
                switch (random.nextInt(4)) {
                    case 0 -> new TimeWindow.Ever();
                    case 1 -> TimeWindow.Within.days(1 + random.nextInt(3660));
                    case 2 -> new TimeWindow.Within(Duration.ofHours(1 + random.nextInt(3660 * 24)));
                    default -> {
                        LocalDate from = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(3000));
                        yield new TimeWindow.Between(from, from.plusDays(random.nextInt(400)));
                    }
                };
        int shape = random.nextInt(5);
        if (shape == 0) {
            return new Condition.Did(
                    event, where, 1, null, window, random.nextBoolean() ? Occurrence.FIRST : Occurrence.LAST);
        }
        int atLeast = random.nextInt(5);
        Integer atMost = atLeast == 0 || random.nextBoolean() ? atLeast + random.nextInt(5) : null;
        return new Condition.Did(event, where, atLeast, atMost, window, Occurrence.ANY);
    }

    /** A non-blank name. */
    private String name() {
        String name = text();
        return name.isBlank() ? "n" + name : name;
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        if (random.nextInt(4) == 0) {
            text.appendCodePoint(0x4E00 + random.nextInt(0x9FA5 - 0x4E00));
        }
        if (text.length() == 0 || random.nextInt(3) == 0) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
