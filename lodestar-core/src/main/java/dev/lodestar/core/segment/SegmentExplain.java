package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Occurrence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-language explanation of a condition, in English or Simplified Chinese, for the UI and
 * the CLI: {@code rfm.segment in ("At Risk", "Can't Lose Them") and trait.city_tier <= 2 and
 * did("Product Viewed", category = "母婴", at_least = 3, within = 14d) and not did("Order
 * Completed", within = 14d)} reads "Persons in RFM segment At Risk or Can't Lose Them, with city
 * tier ≤ 2, who viewed a product of category 母婴 at least 3 times in the last 14 days, and did not
 * complete an order in the last 14 days".
 *
 * <p>The explanation follows the tree exactly: nested groups keep their parentheses, and a negated
 * comparison is stated as its complement only where the two are equivalent ({@code not a = x} is
 * {@code a != x}, which includes persons without the field). Well-known Segment-spec event names
 * ("Product Viewed", "Order Completed") read as verbs; other events are quoted.
 */
public final class SegmentExplain {
    private SegmentExplain() {}

    /** Explains in the locale's language: Chinese for {@code zh*}, else English. */
    public static String explain(Condition condition, Locale locale) {
        requireNonNull(condition, "condition is null");
        requireNonNull(locale, "locale is null");
        Language language = locale.getLanguage().equals("zh") ? new ExplainChinese() : new ExplainEnglish();
        return language.persons(item(condition, language));
    }

    /**
     * One explained condition.
     *
     * @param text the phrase
     * @param clause whether it is a relative clause ("who viewed ..."), so that a following clause
     *     can drop its "who"
     * @param junction whether it is a group of several parts, wrapped in parentheses when nested
     */
    record Item(String text, boolean clause, boolean junction) {
        static Item of(String text) {
            return new Item(text, false, false);
        }

        static Item clause(String text) {
            return new Item(text, true, false);
        }
    }

    /** The phrases of one language. */
    interface Language {
        String persons(Item body);

        Item all(List<Item> parts);

        Item any(List<Item> parts);

        Item compare(Condition.Compare compare);

        Item did(Condition.Did did, boolean negated);

        Item inSegment(String segment, boolean negated);

        Item droppedOff(Condition.FunnelDropOff dropOff);

        Item not(Item part);

        /** A nested group in parentheses. */
        String group(Item part);
    }

    private static Item item(Condition condition, Language language) {
        if (condition instanceof Condition.And and) {
            return language.all(parts(and.parts(), language));
        }
        if (condition instanceof Condition.Or or) {
            return language.any(parts(or.parts(), language));
        }
        if (condition instanceof Condition.Not not) {
            return negated(not.part(), language);
        }
        if (condition instanceof Condition.Compare compare) {
            return language.compare(compare);
        }
        if (condition instanceof Condition.Did did) {
            return language.did(did, false);
        }
        if (condition instanceof Condition.InSegment in) {
            return language.inSegment(in.segment(), false);
        }
        return language.droppedOff((Condition.FunnelDropOff) condition);
    }

    private static List<Item> parts(List<Condition> conditions, Language language) {
        List<Item> parts = new ArrayList<>();
        for (Condition condition : conditions) {
            parts.add(item(condition, language));
        }
        return parts;
    }

    /** {@code not part}: the complement where the language has one, else "not (...)". */
    private static Item negated(Condition part, Language language) {
        if (part instanceof Condition.Not not) {
            // two-valued logic: not not x is x
            return item(not.part(), language);
        }
        if (part instanceof Condition.Did did && did.occurrence() == Occurrence.ANY) {
            return language.did(did, true);
        }
        if (part instanceof Condition.InSegment in) {
            return language.inSegment(in.segment(), true);
        }
        if (part instanceof Condition.Compare compare) {
            CompareOp complement = complement(compare.op());
            if (complement != null) {
                return language.compare(new Condition.Compare(compare.field(), complement, compare.values()));
            }
        }
        return language.not(item(part, language));
    }

    /** The operator that holds exactly when {@code op} does not (absent fields included). */
    private static CompareOp complement(CompareOp op) {
        return switch (op) {
            case EQ -> CompareOp.NE;
            case NE -> CompareOp.EQ;
            case IN -> CompareOp.NOT_IN;
            case NOT_IN -> CompareOp.IN;
            case IS_SET -> CompareOp.IS_NOT_SET;
            case IS_NOT_SET -> CompareOp.IS_SET;
            default -> null;
        };
    }
}
