package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** A literal value in a condition: text, a number or a boolean. */
public sealed interface Literal permits Literal.Text, Literal.Number, Literal.Bool {

    /** The value as text, the form it is compared in when the field holds text. */
    String asText();

    record Text(String value) implements Literal {
        public Text {
            requireNonNull(value, "text is null");
            if (value.length() > 10_000) {
                throw new IllegalArgumentException("text literal is longer than 10000 characters");
            }
        }

        @Override
        public String asText() {
            return value;
        }
    }

    /** A decimal number; at most 40 significant digits and an exponent within ±308. */
    record Number(BigDecimal value) implements Literal {
        public Number {
            requireNonNull(value, "number is null");
            if (value.precision() > 40 || Math.abs((long) value.precision() - value.scale()) > 308) {
                throw new IllegalArgumentException("number "
                        + value.toString()
                                .substring(0, Math.min(40, value.toString().length())) + " is out of range");
            }
        }

        @Override
        public String asText() {
            return value.stripTrailingZeros().toPlainString();
        }
    }

    record Bool(boolean value) implements Literal {
        @Override
        public String asText() {
            return Boolean.toString(value);
        }
    }

    static Literal of(String text) {
        return new Text(text);
    }

    static Literal of(long number) {
        return new Number(BigDecimal.valueOf(number));
    }
}
