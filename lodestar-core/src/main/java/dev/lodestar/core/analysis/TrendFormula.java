package dev.lodestar.core.analysis;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A formula over trend series, such as {@code A/B}, {@code (A-B)/A} or {@code A*100/B}: letters name
 * the series in order (A is the first), with numbers, {@code + - * /}, unary minus and parentheses.
 * Parsed into a tree, never evaluated as text. A value is null when any series it uses is null in
 * that bucket, and where it divides by zero.
 */
public final class TrendFormula {
    public static final int MAX_LENGTH = 200;

    private final String expression;
    private final Node root;
    private final int highestSeries;

    private TrendFormula(String expression, Node root, int highestSeries) {
        this.expression = expression;
        this.root = root;
        this.highestSeries = highestSeries;
    }

    /** Parses a formula over {@code series} series; errors name the position and what was expected. */
    public static TrendFormula parse(String expression, int series) {
        requireNonNull(expression, "expression is null");
        if (expression.isBlank() || expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "formula '" + expression + "' must be 1 to " + MAX_LENGTH + " characters, e.g. A/B");
        }
        Parser parser = new Parser(expression);
        Node root = parser.sum();
        parser.skipSpace();
        if (parser.at < expression.length()) {
            throw parser.error("an operator");
        }
        if (parser.highest >= series) {
            throw new IllegalArgumentException("formula '" + expression + "' uses series "
                    + (char) ('A' + parser.highest) + " but there "
                    + (series == 1 ? "is 1 series" : "are " + series + " series") + " (A to "
                    + (char) ('A' + series - 1) + ")");
        }
        return new TrendFormula(expression.strip(), root, parser.highest);
    }

    public String expression() {
        return expression;
    }

    /** The highest series index used, -1 when none. */
    public int highestSeries() {
        return highestSeries;
    }

    /** The value for one bucket, given each series' value there (index 0 is A). */
    public Double evaluate(List<Double> series) {
        return root.eval(series);
    }

    private sealed interface Node permits Constant, Series, Binary, Negate {
        Double eval(List<Double> series);
    }

    private record Constant(double value) implements Node {
        @Override
        public Double eval(List<Double> series) {
            return value;
        }
    }

    private record Series(int index) implements Node {
        @Override
        public Double eval(List<Double> series) {
            return series.get(index);
        }
    }

    private record Negate(Node operand) implements Node {
        @Override
        public Double eval(List<Double> series) {
            Double v = operand.eval(series);
            return v == null ? null : -v;
        }
    }

    private record Binary(char operator, Node left, Node right) implements Node {
        @Override
        public Double eval(List<Double> series) {
            Double a = left.eval(series);
            Double b = right.eval(series);
            if (a == null || b == null) {
                return null;
            }
            return switch (operator) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> b == 0 ? null : a / b;
            };
        }
    }

    private static final class Parser {
        private final String text;
        private int at;
        private int highest = -1;

        Parser(String text) {
            this.text = text;
        }

        Node sum() {
            Node left = product();
            while (true) {
                skipSpace();
                if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    char op = text.charAt(at++);
                    left = new Binary(op, left, product());
                } else {
                    return left;
                }
            }
        }

        Node product() {
            Node left = unary();
            while (true) {
                skipSpace();
                if (at < text.length() && (text.charAt(at) == '*' || text.charAt(at) == '/')) {
                    char op = text.charAt(at++);
                    left = new Binary(op, left, unary());
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '-') {
                at++;
                return new Negate(unary());
            }
            return atom();
        }

        Node atom() {
            skipSpace();
            if (at >= text.length()) {
                throw error("a series letter, a number or '('");
            }
            char c = text.charAt(at);
            if (c == '(') {
                at++;
                Node inner = sum();
                skipSpace();
                if (at >= text.length() || text.charAt(at) != ')') {
                    throw error("')'");
                }
                at++;
                return inner;
            }
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                at++;
                int index = Character.toUpperCase(c) - 'A';
                highest = Math.max(highest, index);
                return new Series(index);
            }
            if (Character.isDigit(c) || c == '.') {
                int begin = at;
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
                try {
                    return new Constant(Double.parseDouble(text.substring(begin, at)));
                } catch (NumberFormatException e) {
                    at = begin;
                    throw error("a number");
                }
            }
            throw error("a series letter, a number or '('");
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        IllegalArgumentException error(String expected) {
            String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
            return new IllegalArgumentException(
                    "formula '" + text + "': expected " + expected + " at position " + (at + 1) + ", found " + found);
        }
    }
}
