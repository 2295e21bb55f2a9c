package dev.lodestar.core.segment;

import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.TimeWindow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Condition} as canonical segment text that {@link SegmentParser} reads back into an
 * equal tree. Parentheses appear only where precedence ({@code not} over {@code and} over {@code
 * or}) or the tree's shape needs them: a nested {@code and} inside an {@code and} keeps its
 * parentheses, so that the tree survives the round trip unchanged. Strings are double-quoted, with
 * control, invisible and bidirectional-override characters escaped as {@code \}{@code uXXXX}.
 */
public final class SegmentPrinter {
    private SegmentPrinter() {}

    public static String print(Condition condition) {
        StringBuilder out = new StringBuilder();
        write(condition, out);
        return out.toString();
    }

    private static void write(Condition condition, StringBuilder out) {
        if (condition instanceof Condition.And and) {
            parts(and.parts(), " and ", out, true);
        } else if (condition instanceof Condition.Or or) {
            parts(or.parts(), " or ", out, false);
        } else if (condition instanceof Condition.Not not) {
            out.append("not ");
            writeWrapped(not.part(), isJunction(not.part()), out);
        } else if (condition instanceof Condition.Compare compare) {
            compare(compare, out);
        } else if (condition instanceof Condition.Did did) {
            did(did, out);
        } else if (condition instanceof Condition.InSegment in) {
            out.append("in_segment(").append(quote(in.segment())).append(')');
        } else if (condition instanceof Condition.FunnelDropOff dropOff) {
            out.append("dropped_off(")
                    .append(quote(dropOff.funnel()))
                    .append(", step = ")
                    .append(dropOff.step())
                    .append(')');
        } else {
            throw new IllegalArgumentException("unknown condition " + condition);
        }
    }

    private static void parts(List<Condition> parts, String separator, StringBuilder out, boolean inAnd) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            Condition part = parts.get(i);
            boolean wrap = part instanceof Condition.Or || (inAnd && part instanceof Condition.And);
            writeWrapped(part, wrap, out);
        }
    }

    private static boolean isJunction(Condition condition) {
        return condition instanceof Condition.And || condition instanceof Condition.Or;
    }

    private static void writeWrapped(Condition condition, boolean wrap, StringBuilder out) {
        if (wrap) {
            out.append('(');
        }
        write(condition, out);
        if (wrap) {
            out.append(')');
        }
    }

    private static void compare(Condition.Compare compare, StringBuilder out) {
        out.append(field(compare.field())).append(' ').append(compare.op().text());
        if (compare.op() == CompareOp.IN || compare.op() == CompareOp.NOT_IN) {
            out.append(" (");
            for (int i = 0; i < compare.values().size(); i++) {
                out.append(i > 0 ? ", " : "").append(literal(compare.values().get(i)));
            }
            out.append(')');
        } else if (compare.op().arity() == 1) {
            out.append(' ').append(literal(compare.values().get(0)));
        }
    }

    /** A field as written: {@code trait.city_tier}, or {@code trait."会员 等级"} when the name needs quotes. */
    public static String field(Field field) {
        String name = field.name();
        return field.namespace() + "." + (SegmentLexer.isIdentifier(name) ? name : quote(name));
    }

    public static String literal(Literal literal) {
        if (literal instanceof Literal.Text text) {
            return quote(text.value());
        }
        if (literal instanceof Literal.Number number) {
            return number.value().toString();
        }
        return literal.asText();
    }

    private static void did(Condition.Did did, StringBuilder out) {
        out.append("did(").append(quote(did.event()));
        for (PropertyFilter filter : did.where()) {
            out.append(", ");
            filter(filter, out);
        }
        if (did.atLeast() != 1) {
            out.append(", at_least = ").append(did.atLeast());
        }
        if (did.atMost() != null) {
            out.append(", at_most = ").append(did.atMost());
        }
        if (did.window() instanceof TimeWindow.Within within) {
            out.append(", within = ").append(duration(within.length()));
        } else if (did.window() instanceof TimeWindow.Between between) {
            out.append(", between = (")
                    .append(quote(between.from().toString()))
                    .append(", ")
                    .append(quote(between.to().toString()))
                    .append(')');
        }
        if (did.occurrence() != Occurrence.ANY) {
            out.append(", ")
                    .append(did.occurrence().name().toLowerCase(Locale.ROOT))
                    .append("_time");
        }
        out.append(')');
    }

    private static void filter(PropertyFilter filter, StringBuilder out) {
        String property = filter.property();
        out.append(SegmentParser.needsQuotesAsProperty(property) ? quote(property) : property);
        List<String> values = filter.values();
        boolean single = values.size() == 1;
        switch (filter.operator()) {
            case EQUALS -> out.append(" = ");
            case NOT_EQUALS -> out.append(single ? " != " : " not in ");
            case IN -> out.append(" in ");
            case CONTAINS -> out.append(" contains ");
        }
        if (single && filter.operator() != PropertyFilter.Operator.IN) {
            out.append(quote(values.get(0)));
            return;
        }
        out.append('(');
        for (int i = 0; i < values.size(); i++) {
            out.append(i > 0 ? ", " : "").append(quote(values.get(i)));
        }
        out.append(')');
    }

    /** A window length as written: whole days as {@code 14d}, else whole hours as {@code 36h}. */
    public static String duration(Duration length) {
        if (length.getNano() == 0 && length.getSeconds() % 86_400 == 0) {
            return length.getSeconds() / 86_400 + "d";
        }
        if (length.getNano() == 0 && length.getSeconds() % 3_600 == 0) {
            return length.getSeconds() / 3_600 + "h";
        }
        throw new IllegalArgumentException(
                "within = " + length + " cannot be written in the segment language (expected whole hours)");
    }

    /** A double-quoted string literal with the escapes the parser reads. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean pairedSurrogate = (Character.isHighSurrogate(c)
                                    && i + 1 < text.length()
                                    && Character.isLowSurrogate(text.charAt(i + 1)))
                            || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
                    if (Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                            || (Character.isSurrogate(c) && !pairedSurrogate)) {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
