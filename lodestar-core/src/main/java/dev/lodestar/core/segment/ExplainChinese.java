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
import java.util.List;

/**
 * Explanations in Simplified Chinese: "RFM 分群为流失风险客户或重要挽留客户，city_tier ≤ 2，近 14
 * 天内浏览商品（类目为母婴）至少 3 次，且近 14 天内未完成订单的用户". A space separates Chinese
 * from Latin letters and digits where phrases meet (never inside a name or value).
 */
final class ExplainChinese implements SegmentExplain.Language {
    @Override
    public String persons(Item body) {
        return cat(body.text(), "的用户");
    }

    @Override
    public Item all(List<Item> parts) {
        return new Item(join(parts, "且"), false, true);
    }

    @Override
    public Item any(List<Item> parts) {
        return new Item(join(parts, "或"), false, true);
    }

    /** "甲且乙", "甲，乙，且丙". */
    private String join(List<Item> parts, String word) {
        List<String> texts = new ArrayList<>();
        for (Item part : parts) {
            texts.add(part.junction() ? group(part) : part.text());
        }
        if (texts.size() == 2) {
            return cat(texts.get(0), "，" + word, texts.get(1));
        }
        return cat(String.join("，", texts.subList(0, texts.size() - 1)), "，" + word, texts.get(texts.size() - 1));
    }

    @Override
    public String group(Item part) {
        return "（" + part.text() + "）";
    }

    @Override
    public Item compare(Condition.Compare compare) {
        Field field = compare.field();
        String label = ExplainVocabulary.field(field, true);
        boolean named = ExplainVocabulary.enumerated(field);
        List<String> values = new ArrayList<>();
        for (Literal value : compare.values()) {
            values.add(
                    named || !(value instanceof Literal.Text)
                            ? ExplainVocabulary.value(field, value, true)
                            : "“" + value.asText() + "”");
        }
        String first = values.isEmpty() ? "" : values.get(0);
        String text =
                switch (compare.op()) {
                    case EQ, IN -> cat(label, "为", list(values, "或"));
                    case NE, NOT_IN -> cat(label, "不为", list(values, "或"), "或未设置");
                    case LT -> label + " < " + first;
                    case LE -> label + " ≤ " + first;
                    case GT -> label + " > " + first;
                    case GE -> label + " ≥ " + first;
                    case CONTAINS -> cat(label, "包含", first);
                    case STARTS_WITH -> cat(label, "以", first, "开头");
                    case IS_SET -> cat("已设置", label);
                    case IS_NOT_SET -> cat("未设置", label);
                };
        return Item.of(text);
    }

    @Override
    public Item did(Condition.Did did, boolean negated) {
        String known = ExplainVocabulary.chineseEvent(did.event());
        String verb = known != null ? known : "做过“" + did.event() + "”";
        String window = window(did.window());
        StringBuilder text = new StringBuilder();
        if (did.occurrence() == Occurrence.LAST) {
            String when = window.isEmpty() || window.startsWith("在") ? window : "在" + window;
            text.append(cat("最后一次", verb, filters(did), when));
        } else {
            String prefix = did.occurrence() == Occurrence.FIRST ? "首次" : "";
            String negation = negated ? "未" : "";
            text.append(cat(window, negation, prefix, verb, filters(did), count(did.atLeast(), did.atMost())));
        }
        return Item.clause(text.toString());
    }

    private static String filters(Condition.Did did) {
        if (did.where().isEmpty()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        for (PropertyFilter filter : did.where()) {
            String property = ExplainVocabulary.property(filter.property(), true);
            texts.add(
                    switch (filter.operator()) {
                        case EQUALS, IN -> cat(property, "为", list(filter.values(), "或"));
                        case NOT_EQUALS -> cat(property, "不为", list(filter.values(), "或"));
                        case CONTAINS -> cat(property, "包含", list(filter.values(), "或"));
                    });
        }
        return "（" + String.join("，", texts) + "）";
    }

    private static String count(int atLeast, Integer atMost) {
        if (atMost == null) {
            return atLeast == 1 ? "" : cat("至少", " " + atLeast + " ", "次");
        }
        if (atMost == atLeast) {
            return cat("恰好", " " + atLeast + " ", "次");
        }
        if (atLeast == 0) {
            return cat("至多", " " + atMost + " ", "次（含从未）");
        }
        return cat(" " + atLeast + " ", "到", " " + atMost + " ", "次");
    }

    private static String window(TimeWindow window) {
        if (window instanceof TimeWindow.Within within) {
            Duration length = within.length();
            if (length.getSeconds() % 86_400 == 0 && length.getNano() == 0) {
                return "近 " + length.toDays() + " 天内";
            }
            if (length.getSeconds() % 3_600 == 0 && length.getNano() == 0) {
                return "近 " + length.toHours() + " 小时内";
            }
            return "近 " + length.toMinutes() + " 分钟内";
        }
        if (window instanceof TimeWindow.Between between) {
            return between.from().equals(between.to())
                    ? "在 " + between.from() + " 当天"
                    : "在 " + between.from() + " 至 " + between.to() + " 期间";
        }
        return "";
    }

    @Override
    public Item inSegment(String segment, boolean negated) {
        return Item.of((negated ? "不属于分群“" : "属于分群“") + segment + "”");
    }

    @Override
    public Item droppedOff(Condition.FunnelDropOff dropOff) {
        return Item.clause("在漏斗“" + dropOff.funnel() + "”第 " + dropOff.step() + " 步后流失");
    }

    @Override
    public Item not(Item part) {
        return Item.of("不满足" + group(part));
    }

    private static String list(List<String> values, String word) {
        List<String> pieces = new ArrayList<>();
        for (String value : values) {
            if (!pieces.isEmpty()) {
                pieces.add(word);
            }
            pieces.add(value);
        }
        return cat(pieces.toArray(String[]::new));
    }

    /**
     * Concatenates phrases, putting a space where a Chinese character meets a Latin letter or digit
     * at a boundary between two phrases (and trimming doubled spaces there).
     */
    static String cat(String... pieces) {
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            if (piece.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                int before = out.codePointBefore(out.length());
                int after = piece.codePointAt(0);
                if (before == ' ' && after == ' ') {
                    piece = piece.substring(1);
                } else if ((isHan(before) && isLatin(after)) || (isLatin(before) && isHan(after))) {
                    out.append(' ');
                }
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static boolean isHan(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean isLatin(int c) {
        return (c < 128 && Character.isLetterOrDigit(c))
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
    }
}
