package dev.lodestar.core.segment;

import java.util.Locale;

/**
 * One token of the segment language.
 *
 * @param text the value: the unescaped content of a string or quoted name, otherwise the source text
 * @param source the token as written, for error messages
 * @param line 1-based line
 * @param column 1-based column in code points
 */
record Token(Token.Kind kind, String text, String source, int line, int column) {
    enum Kind {
        IDENTIFIER,
        STRING,
        QUOTED_NAME,
        NUMBER,
        DURATION,
        OPERATOR,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        DOT,
        END
    }

    /** Whether this is the keyword {@code word} (keywords are case-insensitive). */
    boolean is(String word) {
        return kind == Kind.IDENTIFIER && text.toLowerCase(Locale.ROOT).equals(word);
    }

    boolean isOperator(String operator) {
        return kind == Kind.OPERATOR && text.equals(operator);
    }

    String position() {
        return line + ":" + column;
    }

    /** How the token is named in "but found ..." messages. */
    String describe() {
        if (kind == Kind.END) {
            return "end of input";
        }
        String shown = source.length() > 40 ? source.substring(0, source.offsetByCodePoints(0, 37)) + "..." : source;
        return switch (kind) {
            case NUMBER -> "number " + shown;
            case STRING -> "string " + shown;
            default -> "'" + shown + "'";
        };
    }
}
