package dev.lodestar.core.segment;

import dev.lodestar.core.segment.Token.Kind;
import java.util.Locale;

/**
 * Splits segment text into tokens, tracking line and column (in code points). Full-width
 * parentheses, commas and curly double quotes ({@code （ ） ， “ ”}) are read as their ASCII
 * equivalents, so text typed with a Chinese input method works.
 */
final class SegmentLexer {
    private final String input;
    private int offset;
    private int line = 1;
    private int column = 1;

    SegmentLexer(String input) {
        this.input = input;
    }

    Token next() {
        skipSpace();
        int startLine = line;
        int startColumn = column;
        int start = offset;
        if (offset >= input.length()) {
            return new Token(Kind.END, "", "", line, column);
        }
        int c = input.codePointAt(offset);
        switch (c) {
            case '(', '（' -> {
                advance();
                return token(Kind.LEFT_PAREN, "(", start, startLine, startColumn);
            }
            case ')', '）' -> {
                advance();
                return token(Kind.RIGHT_PAREN, ")", start, startLine, startColumn);
            }
            case ',', '，' -> {
                advance();
                return token(Kind.COMMA, ",", start, startLine, startColumn);
            }
            case '.' -> {
                advance();
                return token(Kind.DOT, ".", start, startLine, startColumn);
            }
            case '"' -> {
                return quoted(Kind.STRING, '"', start, startLine, startColumn);
            }
            case '“' -> {
                return quoted(Kind.STRING, '”', start, startLine, startColumn);
            }
            case '\'' -> {
                return quoted(Kind.STRING, '\'', start, startLine, startColumn);
            }
            case '`' -> {
                return quoted(Kind.QUOTED_NAME, '`', start, startLine, startColumn);
            }
            default -> {
                // handled below
            }
        }
        if (isDigit(c)
                || ((c == '-' || c == '+') && offset + 1 < input.length() && isDigit(input.charAt(offset + 1)))) {
            return number(start, startLine, startColumn);
        }
        if (isOperatorChar(c)) {
            while (offset < input.length() && isOperatorChar(input.charAt(offset))) {
                advance();
            }
            String operator = input.substring(start, offset);
            return switch (operator) {
                case "=", "!=", "<", "<=", ">", ">=" -> token(Kind.OPERATOR, operator, start, startLine, startColumn);
                default ->
                    throw error("unknown operator '" + operator + "'", startLine, startColumn, operatorHint(operator));
            };
        }
        if (isIdentifierStart(c)) {
            while (offset < input.length() && isIdentifierPart(input.codePointAt(offset))) {
                advance();
            }
            return token(Kind.IDENTIFIER, input.substring(start, offset), start, startLine, startColumn);
        }
        throw error("unexpected character " + describe(c), startLine, startColumn, "");
    }

    static boolean isIdentifierStart(int c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isIdentifierPart(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Whether {@code name} can be written without quotes. */
    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !isIdentifierStart(name.codePointAt(0))) {
            return false;
        }
        return name.codePoints().allMatch(SegmentLexer::isIdentifierPart);
    }

    /** A code point as shown in messages: printable ones quoted, others as U+XXXX. */
    static String describe(int c) {
        if (Character.isISOControl(c)
                || Character.isWhitespace(c)
                || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.UNASSIGNED) {
            return String.format(Locale.ROOT, "U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    private Token token(Kind kind, String text, int start, int startLine, int startColumn) {
        return new Token(kind, text, input.substring(start, offset), startLine, startColumn);
    }

    private Token quoted(Kind kind, int close, int start, int startLine, int startColumn) {
        advance();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (offset >= input.length()) {
                throw error(
                        (kind == Kind.STRING ? "string" : "quoted name") + " starting here is not closed",
                        startLine,
                        startColumn,
                        "");
            }
            int c = input.codePointAt(offset);
            if (c == close) {
                advance();
                break;
            }
            if (c == '\\') {
                int escapeLine = line;
                int escapeColumn = column;
                advance();
                if (offset >= input.length()) {
                    throw error("unfinished escape", escapeLine, escapeColumn, "");
                }
                int e = input.codePointAt(offset);
                advance();
                switch (e) {
                    case '"', '\'', '`', '\\', '/' -> value.append((char) e);
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> value.append(unicodeEscape(escapeLine, escapeColumn));
                    default ->
                        throw error(
                                "unknown escape '\\" + new String(Character.toChars(e)) + "'",
                                escapeLine,
                                escapeColumn,
                                " (expected \\\", \\', \\\\, \\n, \\r, \\t or \\uXXXX)");
                }
                continue;
            }
            if (Character.isISOControl(c)) {
                throw error(
                        "control character " + describe(c) + " in a string",
                        line,
                        column,
                        " (write it as an escape such as \\n or \\u0000)");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                throw error("lone surrogate " + describe(c), line, column, "");
            }
            value.appendCodePoint(c);
            advance();
        }
        String text = value.toString();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw error(
                        "string contains the lone surrogate " + describe(ch),
                        startLine,
                        startColumn,
                        " (not valid text)");
            }
        }
        return token(kind, text, start, startLine, startColumn);
    }

    private char unicodeEscape(int escapeLine, int escapeColumn) {
        if (offset + 4 > input.length()) {
            throw error("\\u must be followed by four hex digits", escapeLine, escapeColumn, "");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char h = input.charAt(offset);
            int digit = h < 128 ? Character.digit(h, 16) : -1;
            if (digit < 0) {
                throw error("\\u must be followed by four hex digits", escapeLine, escapeColumn, "");
            }
            value = value * 16 + digit;
            advance();
        }
        return (char) value;
    }

    private Token number(int start, int startLine, int startColumn) {
        if (input.charAt(offset) == '-' || input.charAt(offset) == '+') {
            advance();
        }
        boolean integer = digits();
        if (offset + 1 < input.length() && input.charAt(offset) == '.' && isDigit(input.charAt(offset + 1))) {
            advance();
            digits();
            integer = false;
        }
        if (offset < input.length() && (input.charAt(offset) == 'e' || input.charAt(offset) == 'E')) {
            int mark = offset;
            int next = offset + 1;
            if (next < input.length() && (input.charAt(next) == '+' || input.charAt(next) == '-')) {
                next++;
            }
            if (next < input.length() && isDigit(input.charAt(next))) {
                while (offset < next) {
                    advance();
                }
                digits();
                integer = false;
            } else {
                offset = mark;
            }
        }
        int numberEnd = offset;
        if (offset < input.length() && isIdentifierPart(input.codePointAt(offset))) {
            while (offset < input.length() && isIdentifierPart(input.codePointAt(offset))) {
                advance();
            }
            String suffix = input.substring(numberEnd, offset).toLowerCase(Locale.ROOT);
            char sign = input.charAt(start);
            if (integer
                    && sign != '-'
                    && sign != '+'
                    && (suffix.equals("h") || suffix.equals("d") || suffix.equals("w"))) {
                return token(Kind.DURATION, input.substring(start, offset), start, startLine, startColumn);
            }
            String source = input.substring(start, offset);
            throw error(
                    "invalid number '" + (source.length() > 40 ? source.substring(0, 40) + "..." : source) + "'",
                    startLine,
                    startColumn,
                    " (a duration is a whole number with h, d or w, e.g. 14d)");
        }
        return token(Kind.NUMBER, input.substring(start, offset), start, startLine, startColumn);
    }

    private boolean digits() {
        while (offset < input.length() && isDigit(input.charAt(offset))) {
            advance();
        }
        return true;
    }

    private void skipSpace() {
        while (offset < input.length()) {
            int c = input.codePointAt(offset);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return;
            }
            advance();
        }
    }

    private void advance() {
        int c = input.codePointAt(offset);
        offset += Character.charCount(c);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOperatorChar(int c) {
        return c == '=' || c == '!' || c == '<' || c == '>';
    }

    private static String operatorHint(String operator) {
        return switch (operator) {
            case "==" -> " (did you mean '='?)";
            case "<>", "!==", "=!" -> " (did you mean '!='?)";
            case "=>" -> " (did you mean '>='?)";
            case "=<" -> " (did you mean '<='?)";
            default -> " (expected =, !=, <, <=, > or >=)";
        };
    }

    static SegmentSyntaxException error(String what, int line, int column, String hint) {
        return new SegmentSyntaxException(what + " at " + line + ":" + column + hint, line, column);
    }
}
