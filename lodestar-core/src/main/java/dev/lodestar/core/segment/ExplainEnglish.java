package dev.lodestar.core.segment;

import dev.lodestar.core.segment.SegmentExplain.Item;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Explanations in English: "Persons in RFM segment At Risk, who viewed a product ...". */
final class ExplainEnglish implements SegmentExplain.Language {
    private static final String WHO = "who ";

    @Override
    public String persons(Item body) {
        return "Persons " + body.text();
    }

    @Override
    public Item all(List<Item> parts) {
        return new Item(join(parts, "and"), parts.get(0).clause(), true);
    }

    @Override
    public Item any(List<Item> parts) {
        return new Item(join(parts, "or"), parts.get(0).clause(), true);
    }

    /** "a and b", "a, b, and c"; a clause after a clause drops its "who". */
    private String join(List<Item> parts, String word) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Item part = parts.get(i);
            String text = part.junction() ? group(part) : part.text();
            if (i > 0
                    && part.clause()
                    && !part.junction()
                    && parts.get(i - 1).clause()
                    && !parts.get(i - 1).junction()) {
                text = text.substring(WHO.length());
            }
            texts.add(text);
        }
        if (texts.size() == 2) {
            return texts.get(0) + " " + word + " " + texts.get(1);
        }
        return String.join(", ", texts.subList(0, texts.size() - 1)) + ", " + word + " " + texts.get(texts.size() - 1);
    }

    @Override
    public String group(Item part) {
        return "(" + part.text() + ")";
    }

    @Override
    public Item compare(Condition.Compare compare) {
        Field field = compare.field();
        String label = ExplainVocabulary.field(field, false);
        boolean named = ExplainVocabulary.enumerated(field);
        List<String> values = new ArrayList<>();
        for (Literal value : compare.values()) {
            values.add(
                    named || !(value instanceof Literal.Text)
                            ? ExplainVocabulary.value(field, value, false)
                            : "“" + value.asText() + "”");
        }
        if (field.toString().equals("rfm.segment")) {
            switch (compare.op()) {
                case EQ, IN -> {
                    return Item.of("in RFM segment " + list(values, "or"));
                }
                case NE, NOT_IN -> {
                    return Item.of("not in RFM segment " + list(values, "or"));
                }
                default -> {
                    // the general forms below
                }
            }
        }
        String text =
                switch (compare.op()) {
                    case EQ, IN -> "with " + label + (named ? " " : " = ") + list(values, "or");
                    case NE, NOT_IN -> "with " + label + " other than " + list(values, "and") + " (or not set)";
                    case LT -> "with " + label + " < " + values.get(0);
                    case LE -> "with " + label + " ≤ " + values.get(0);
                    case GT -> "with " + label + " > " + values.get(0);
                    case GE -> "with " + label + " ≥ " + values.get(0);
                    case CONTAINS -> "with " + label + " containing " + values.get(0);
                    case STARTS_WITH -> "with " + label + " starting with " + values.get(0);
                    case IS_SET -> "with " + label + " set";
                    case IS_NOT_SET -> "without " + label;
                };
        return Item.of(text);
    }

    @Override
    public Item did(Condition.Did did, boolean negated) {
        Verb verb = verb(did.event());
        StringBuilder text = new StringBuilder(WHO);
        if (!negated) {
            text.append(verb.past());
        } else if (verb.base() != null) {
            text.append("did not ").append(verb.base());
        } else {
            text.append("did not do “").append(did.event()).append('”');
        }
        String preposition = verb.hasObject() ? " of " : " with ";
        for (int i = 0; i < did.where().size(); i++) {
            text.append(i == 0 ? preposition : " and ")
                    .append(filter(did.where().get(i)));
        }
        text.append(count(did.atLeast(), did.atMost()));
        if (did.occurrence() == Occurrence.FIRST) {
            text.append(" for the first time");
        } else if (did.occurrence() == Occurrence.LAST) {
            text.append(" for the last time");
        }
        text.append(window(did.window()));
        return Item.clause(text.toString());
    }

    private static String filter(PropertyFilter filter) {
        String property = ExplainVocabulary.property(filter.property(), false);
        return switch (filter.operator()) {
            case EQUALS, IN -> property + " " + list(filter.values(), "or");
            case NOT_EQUALS -> property + " other than " + list(filter.values(), "and");
            case CONTAINS -> property + " containing " + list(filter.values(), "or");
        };
    }

    private static String count(int atLeast, Integer atMost) {
        if (atMost == null) {
            return atLeast == 1 ? "" : " at least " + times(atLeast);
        }
        if (atMost == atLeast) {
            return " exactly " + times(atLeast);
        }
        if (atLeast == 0) {
            return " at most " + times(atMost) + " (or never)";
        }
        return " between " + atLeast + " and " + atMost + " times";
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    static String window(TimeWindow window) {
        if (window instanceof TimeWindow.Within within) {
            Duration length = within.length();
            if (length.getSeconds() % 86_400 == 0 && length.getNano() == 0) {
                return last(length.toDays(), "day");
            }
            if (length.getSeconds() % 3_600 == 0 && length.getNano() == 0) {
                return last(length.toHours(), "hour");
            }
            return last(length.toMinutes(), "minute");
        }
        if (window instanceof TimeWindow.Between between) {
            return between.from().equals(between.to())
                    ? " on " + between.from()
                    : " between " + between.from() + " and " + between.to();
        }
        return "";
    }

    private static String last(long amount, String unit) {
        return amount == 1 ? " in the last " + unit : " in the last " + amount + " " + unit + "s";
    }

    @Override
    public Item inSegment(String segment, boolean negated) {
        return Item.of((negated ? "not in segment “" : "in segment “") + segment + "”");
    }

    @Override
    public Item droppedOff(Condition.FunnelDropOff dropOff) {
        return Item.clause(WHO + "dropped off after step " + dropOff.step() + " of funnel “" + dropOff.funnel() + "”");
    }

    @Override
    public Item not(Item part) {
        return Item.of("not matching " + group(part));
    }

    static String list(List<String> values, String word) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " " + word + " "
                + values.get(values.size() - 1);
    }

    /**
     * An event as a verb phrase.
     *
     * @param past e.g. "viewed a product", or "did “Video Played 50%”" for a name that is not "Object Verbed"
     * @param base e.g. "view a product", or null when the base form is not known
     * @param hasObject whether the phrase names an object (filters then read "of category ...")
     */
    record Verb(String past, String base, boolean hasObject) {}

    /** "Product Viewed" reads "viewed a product", "Signed Up" "signed up", "Product Added to Wishlist" "added a product to wishlist". */
    static Verb verb(String event) {
        String[] words = event.split(" ");
        boolean titleCase = Arrays.stream(words)
                .allMatch(w -> !w.isEmpty() && w.chars().allMatch(c -> c < 128 && Character.isLetter(c)));
        int verbAt = -1;
        for (int i = 0; titleCase && i < words.length && verbAt < 0; i++) {
            if (words[i].toLowerCase(Locale.ROOT).endsWith("ed") && words[i].length() > 3) {
                verbAt = i;
            }
        }
        if (verbAt < 0 || (verbAt == 0 && words.length == 1)) {
            return new Verb("did “" + event + "”", null, false);
        }
        String past = words[verbAt].toLowerCase(Locale.ROOT);
        String base = ExplainVocabulary.baseForm(past);
        String rest = lower(words, verbAt + 1, words.length);
        if (verbAt == 0) {
            return new Verb(past + " " + rest, base == null ? null : base + " " + rest, false);
        }
        String object = lower(words, 0, verbAt);
        boolean plural = object.endsWith("s") && !object.endsWith("ss");
        String article = plural ? "" : "aeiou".indexOf(object.charAt(0)) >= 0 ? "an " : "a ";
        String tail = " " + article + object + (rest.isEmpty() ? "" : " " + rest);
        return new Verb(past + tail, base == null ? null : base + tail, true);
    }

    private static String lower(String[] words, int from, int to) {
        return String.join(" ", Arrays.asList(words).subList(from, to)).toLowerCase(Locale.ROOT);
    }
}
