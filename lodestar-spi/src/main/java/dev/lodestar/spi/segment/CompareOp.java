package dev.lodestar.spi.segment;

import java.util.Locale;

/**
 * How a {@link Condition.Compare} compares. Ordering operators compare numerically when both sides
 * are numbers and as text otherwise (ISO dates therefore order correctly). {@code CONTAINS} and
 * {@code STARTS_WITH} compare text, case-sensitively.
 */
public enum CompareOp {
    EQ("=", 1),
    NE("!=", 1),
    LT("<", 1),
    LE("<=", 1),
    GT(">", 1),
    GE(">=", 1),
    IN("in", -1),
    NOT_IN("not in", -1),
    CONTAINS("contains", 1),
    STARTS_WITH("starts with", 1),
    IS_SET("is set", 0),
    IS_NOT_SET("is not set", 0);

    private final String text;
    private final int arity;

    CompareOp(String text, int arity) {
        this.text = text;
        this.arity = arity;
    }

    /** The operator as written in the text form. */
    public String text() {
        return text;
    }

    /** Number of values it takes: 0, 1, or -1 for one or more. */
    public int arity() {
        return arity;
    }

    /** The operator's JSON name, e.g. {@code starts_with}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CompareOp fromWireName(String name) {
        for (CompareOp op : values()) {
            if (op.wireName().equals(name) || op.text.equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + name + "'");
    }
}
