package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.segment.Token.Kind;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.TimeWindow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Parses the segment language (see {@code docs/segments.md}) into a {@link Condition}: a
 * hand-written recursive-descent parser over {@link SegmentLexer}. Every error is a {@link
 * SegmentSyntaxException} with a line and column; input size, nesting depth and node count are
 * limited before anything deep can happen, so hostile text never overflows the stack.
 *
 * <p>Names are checked against a {@link SegmentCatalog} (traits, segment ids, funnels, interest
 * dimensions) and {@link dev.lodestar.spi.segment.SegmentFields} (computed fields and their
 * values); {@link #lenient()} checks only the computed fields, for re-reading stored text.
 */
public final class SegmentParser {
    /** Longest text accepted, in characters. */
    public static final int MAX_LENGTH = 100_000;

    /** The named arguments of {@code did(...)}; a property with one of these names must be quoted. */
    static final List<String> DID_ARGUMENTS =
            List.of("at_least", "at_most", "within", "between", "first_time", "last_time");

    private static final String OPERATORS =
            "=, !=, <, <=, >, >=, in, not in, contains, starts with, is set, is not set";

    private final SegmentCatalog catalog;

    /** A parser that checks names against {@code catalog}. */
    public SegmentParser(SegmentCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    private SegmentParser() {
        this.catalog = null;
    }

    /** A parser that accepts any trait, segment, funnel and interest name (computed fields are still checked). */
    public static SegmentParser lenient() {
        return new SegmentParser();
    }

    public Condition parse(String text) {
        requireNonNull(text, "text is null");
        if (text.length() > MAX_LENGTH) {
            int[] position = position(text, MAX_LENGTH);
            throw new SegmentSyntaxException(
                    "segment text is " + text.length() + " characters long, more than the " + MAX_LENGTH
                            + " allowed; it is cut off at " + position[0] + ":" + position[1],
                    position[0],
                    position[1]);
        }
        return new Run(text).parseAll();
    }

    /** Whether a property name in {@code did(...)} must be quoted to be read as a property. */
    static boolean needsQuotesAsProperty(String name) {
        return !SegmentLexer.isIdentifier(name)
                || Suggestions.closest(name, DID_ARGUMENTS).isPresent()
                || name.equalsIgnoreCase("true")
                || name.equalsIgnoreCase("false");
    }

    private static int[] position(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i += Character.charCount(text.codePointAt(i))) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** The state of one parse. */
    private final class Run {
        private final SegmentLexer lexer;
        private Token token;
        private int nodes;

        Run(String text) {
            this.lexer = new SegmentLexer(text);
            this.token = lexer.next();
        }

        Condition parseAll() {
            if (token.kind() == Kind.END) {
                throw error("expected a condition", token, " but found end of input");
            }
            Condition condition = or(0);
            if (token.kind() != Kind.END) {
                throw expected("'and', 'or' or the end of input");
            }
            return condition;
        }

        private Condition or(int depth) {
            Token start = token;
            Condition first = and(depth);
            if (!token.is("or")) {
                return first;
            }
            List<Condition> parts = new ArrayList<>();
            parts.add(first);
            while (token.is("or")) {
                advance();
                parts.add(and(depth));
            }
            return node(start, () -> new Condition.Or(parts));
        }

        private Condition and(int depth) {
            Token start = token;
            Condition first = unary(depth);
            if (!token.is("and")) {
                return first;
            }
            List<Condition> parts = new ArrayList<>();
            parts.add(first);
            while (token.is("and")) {
                advance();
                parts.add(unary(depth));
            }
            return node(start, () -> new Condition.And(parts));
        }

        private Condition unary(int depth) {
            Token start = token;
            if (token.is("not")) {
                nest(depth);
                advance();
                Condition part = unary(depth + 1);
                return node(start, () -> new Condition.Not(part));
            }
            if (token.kind() == Kind.LEFT_PAREN) {
                nest(depth);
                advance();
                Condition inner = or(depth + 1);
                expect(Kind.RIGHT_PAREN, "')'");
                return inner;
            }
            return atom();
        }

        private void nest(int depth) {
            if (depth + 1 >= Condition.MAX_DEPTH) {
                throw error("conditions are nested more than " + Condition.MAX_DEPTH + " levels deep", token, "");
            }
        }

        private Condition atom() {
            Token start = token;
            if (start.kind() != Kind.IDENTIFIER) {
                throw expected("a condition");
            }
            String word = start.text().toLowerCase(Locale.ROOT);
            switch (word) {
                case "did" -> {
                    advance();
                    return did(start);
                }
                case "did_not" -> {
                    advance();
                    Condition did = did(start);
                    return node(start, () -> new Condition.Not(did));
                }
                case "in_segment" -> {
                    advance();
                    expect(Kind.LEFT_PAREN, "'('");
                    Token id = expectString("the segment id");
                    expect(Kind.RIGHT_PAREN, "')'");
                    Condition condition = node(start, () -> new Condition.InSegment(id.text()));
                    check(SegmentChecks.segment(id.text(), catalog), id);
                    return condition;
                }
                case "dropped_off" -> {
                    advance();
                    return droppedOff(start);
                }
                default -> {
                    return compare();
                }
            }
        }

        private Condition compare() {
            Token namespace = token;
            advance();
            if (token.kind() != Kind.DOT) {
                Optional<SegmentChecks.Problem> problem = SegmentChecks.namespace(namespace.text());
                if (problem.isPresent() && catalog != null && catalog.traits().contains(namespace.text())) {
                    throw error(
                            "unknown field '" + namespace.text() + "'",
                            namespace,
                            " (did you mean 'trait." + namespace.text() + "'?)");
                }
                if (problem.isPresent()) {
                    throw error(
                            "expected a condition (a field such as trait.city_tier, did(...), in_segment(...) or"
                                    + " dropped_off(...))",
                            namespace,
                            " but found " + namespace.describe());
                }
                throw expected("'.' after " + namespace.text());
            }
            check(SegmentChecks.namespace(namespace.text()), namespace);
            advance();
            Token name = token;
            if (name.kind() != Kind.IDENTIFIER && name.kind() != Kind.STRING && name.kind() != Kind.QUOTED_NAME) {
                throw expected("a field name after '" + namespace.text() + ".'");
            }
            advance();
            Field field = build(name, () -> new Field(namespace.text(), name.text()));
            Token operator = token;
            CompareOp op = compareOp();
            List<Token> valueTokens = new ArrayList<>();
            List<Literal> values = new ArrayList<>();
            if (op == CompareOp.IN || op == CompareOp.NOT_IN) {
                list(valueTokens, values);
            } else if (op.arity() == 1) {
                valueTokens.add(token);
                values.add(literal());
            }
            Condition condition = node(operator, () -> new Condition.Compare(field, op, values));
            Optional<SegmentChecks.Problem> problem = SegmentChecks.compare(field, op, values, catalog);
            if (problem.isPresent()) {
                int index = problem.get().value();
                check(problem, index < 0 ? (field.isTrait() ? name : namespace) : valueTokens.get(index));
            }
            return condition;
        }

        private CompareOp compareOp() {
            Token start = token;
            if (token.kind() == Kind.OPERATOR) {
                advance();
                return CompareOp.fromWireName(start.text());
            }
            if (token.is("in")) {
                advance();
                return CompareOp.IN;
            }
            if (token.is("not")) {
                advance();
                if (!token.is("in")) {
                    throw expected("'in' after 'not'");
                }
                advance();
                return CompareOp.NOT_IN;
            }
            if (token.is("contains")) {
                advance();
                return CompareOp.CONTAINS;
            }
            if (token.is("starts")) {
                advance();
                if (!token.is("with")) {
                    throw expected("'with' after 'starts'");
                }
                advance();
                return CompareOp.STARTS_WITH;
            }
            if (token.is("is")) {
                advance();
                boolean not = token.is("not");
                if (not) {
                    advance();
                }
                if (!token.is("set")) {
                    throw expected(not ? "'set' after 'is not'" : "'set' or 'not set' after 'is'");
                }
                advance();
                return not ? CompareOp.IS_NOT_SET : CompareOp.IS_SET;
            }
            throw expected("an operator (" + OPERATORS + ")");
        }

        /** {@code ( literal ("," literal)* )} */
        private void list(List<Token> tokens, List<Literal> values) {
            expect(Kind.LEFT_PAREN, "'('");
            do {
                tokens.add(token);
                values.add(literal());
                if (values.size() > Condition.MAX_NODES) {
                    throw error("a list has more than " + Condition.MAX_NODES + " values", token, "");
                }
            } while (accept(Kind.COMMA));
            expect(Kind.RIGHT_PAREN, "')' or ','");
        }

        private Literal literal() {
            Token start = token;
            switch (start.kind()) {
                case STRING -> {
                    advance();
                    return build(start, () -> new Literal.Text(start.text()));
                }
                case NUMBER -> {
                    advance();
                    BigDecimal value = decimal(start);
                    try {
                        return new Literal.Number(value);
                    } catch (IllegalArgumentException e) {
                        throw outOfRange(start);
                    }
                }
                case IDENTIFIER -> {
                    if (start.is("true") || start.is("false")) {
                        advance();
                        return new Literal.Bool(start.is("true"));
                    }
                }
                default -> {
                    // an error below
                }
            }
            throw expected("a value (a \"string\", a number, true or false)");
        }

        private BigDecimal decimal(Token number) {
            try {
                if (number.text().length() > 400) {
                    throw new NumberFormatException();
                }
                return new BigDecimal(number.text());
            } catch (NumberFormatException e) {
                throw outOfRange(number);
            }
        }

        private SegmentSyntaxException outOfRange(Token number) {
            return error(number.describe(), number, " is out of range");
        }

        private Condition did(Token start) {
            expect(Kind.LEFT_PAREN, "'('");
            Token event = expectString("the event name");
            List<PropertyFilter> where = new ArrayList<>();
            Integer atLeast = null;
            Integer atMost = null;
            TimeWindow window = null;
            Occurrence occurrence = null;
            Token windowToken = null;
            while (accept(Kind.COMMA)) {
                Token name = token;
                String argument = name.kind() == Kind.IDENTIFIER ? name.text().toLowerCase(Locale.ROOT) : "";
                switch (argument) {
                    case "at_least", "at_most" -> {
                        advance();
                        expectOperator("=", name);
                        int count = wholeNumber(name.text(), Integer.MAX_VALUE);
                        if (argument.equals("at_least")) {
                            once(atLeast, name);
                            atLeast = count;
                        } else {
                            once(atMost, name);
                            atMost = count;
                        }
                    }
                    case "within" -> {
                        advance();
                        once(window, name, windowToken);
                        expectOperator("=", name);
                        window = within();
                        windowToken = name;
                    }
                    case "between" -> {
                        advance();
                        once(window, name, windowToken);
                        expectOperator("=", name);
                        window = between();
                        windowToken = name;
                    }
                    case "first_time", "last_time" -> {
                        advance();
                        if (occurrence != null) {
                            throw error("first_time or last_time is given twice", name, "");
                        }
                        occurrence = argument.equals("first_time") ? Occurrence.FIRST : Occurrence.LAST;
                    }
                    default -> where.add(propertyFilter());
                }
            }
            expect(Kind.RIGHT_PAREN, "')' or ','");
            int least = atLeast == null ? 1 : atLeast;
            Integer most = atMost;
            TimeWindow when = window == null ? new TimeWindow.Ever() : window;
            Occurrence which = occurrence == null ? Occurrence.ANY : occurrence;
            return node(start, () -> new Condition.Did(event.text(), where, least, most, when, which));
        }

        private void once(Object previous, Token name) {
            if (previous != null) {
                throw error(name.text() + " is given twice", name, "");
            }
        }

        private void once(TimeWindow previous, Token name, Token previousToken) {
            if (previous != null) {
                throw error(
                        name.text() + " cannot follow " + previousToken.text() + " (at " + previousToken.position()
                                + ")",
                        name,
                        " (give one of within or between)");
            }
        }

        private PropertyFilter propertyFilter() {
            Token name = token;
            if (name.kind() == Kind.IDENTIFIER) {
                Optional<String> argument = Suggestions.closest(name.text(), DID_ARGUMENTS);
                if (argument.isPresent()) {
                    throw error(
                            "unknown argument '" + name.text() + "'",
                            name,
                            " (did you mean '" + argument.get() + "'? Quote the name to filter on a property called"
                                    + " so)");
                }
            } else if (name.kind() != Kind.STRING && name.kind() != Kind.QUOTED_NAME) {
                throw expected(
                        "a property filter (e.g. category = \"shoes\") or one of " + String.join(", ", DID_ARGUMENTS));
            }
            advance();
            PropertyFilter.Operator operator;
            boolean listOnly = false;
            if (token.isOperator("=")) {
                operator = PropertyFilter.Operator.EQUALS;
            } else if (token.isOperator("!=")) {
                operator = PropertyFilter.Operator.NOT_EQUALS;
            } else if (token.is("in")) {
                operator = PropertyFilter.Operator.IN;
                listOnly = true;
            } else if (token.is("contains")) {
                operator = PropertyFilter.Operator.CONTAINS;
            } else if (token.is("not")) {
                advance();
                if (!token.is("in")) {
                    throw expected("'in' after 'not'");
                }
                operator = PropertyFilter.Operator.NOT_EQUALS;
                listOnly = true;
            } else {
                throw expected("a filter operator (=, !=, in, not in, contains) after property " + name.text());
            }
            advance();
            List<String> values = new ArrayList<>();
            if (listOnly || token.kind() == Kind.LEFT_PAREN) {
                List<Literal> literals = new ArrayList<>();
                list(new ArrayList<>(), literals);
                literals.forEach(literal -> values.add(literal.asText()));
            } else {
                values.add(literal().asText());
            }
            return build(name, () -> new PropertyFilter(name.text(), operator, values));
        }

        private TimeWindow within() {
            Token length = token;
            if (length.kind() != Kind.DURATION) {
                throw expected("a duration such as 36h, 14d or 8w");
            }
            advance();
            String text = length.text();
            String digits = text.substring(0, text.length() - 1);
            char unit = Character.toLowerCase(text.charAt(text.length() - 1));
            BigInteger amount = new BigInteger(digits);
            long hoursPerUnit = unit == 'h' ? 1 : unit == 'd' ? 24 : 24 * 7;
            BigInteger hours = amount.multiply(BigInteger.valueOf(hoursPerUnit));
            if (hours.signum() == 0 || hours.compareTo(BigInteger.valueOf(3660L * 24)) > 0) {
                throw error(
                        "within = " + length.describe().replace("'", ""),
                        length,
                        " is out of range (expected more than 0 and at most 3660 days)");
            }
            return build(length, () -> new TimeWindow.Within(Duration.ofHours(hours.longValueExact())));
        }

        private TimeWindow between() {
            expect(Kind.LEFT_PAREN, "'('");
            Token fromToken = token;
            LocalDate from = date();
            expect(Kind.COMMA, "','");
            LocalDate to = date();
            expect(Kind.RIGHT_PAREN, "')'");
            return build(fromToken, () -> new TimeWindow.Between(from, to));
        }

        private LocalDate date() {
            Token date = expectString("a date such as \"2026-01-31\"");
            try {
                return LocalDate.parse(date.text());
            } catch (DateTimeParseException e) {
                throw error(
                        "date " + SegmentPrinter.quote(date.text()) + " is not an ISO date",
                        date,
                        " (expected e.g. \"2026-01-31\")");
            }
        }

        private Condition droppedOff(Token start) {
            expect(Kind.LEFT_PAREN, "'('");
            Token funnel = expectString("the funnel name");
            expect(Kind.COMMA, "','");
            Token step = token;
            if (!step.is("step")) {
                throw expected("step = <number>");
            }
            advance();
            expectOperator("=", step);
            int number = wholeNumber("step", 1000);
            expect(Kind.RIGHT_PAREN, "')'");
            Condition condition = node(start, () -> new Condition.FunnelDropOff(funnel.text(), number));
            check(SegmentChecks.funnel(funnel.text(), catalog), funnel);
            return condition;
        }

        private int wholeNumber(String what, int max) {
            Token number = token;
            if (number.kind() == Kind.NUMBER) {
                advance();
                try {
                    BigDecimal value = new BigDecimal(number.text());
                    if (value.signum() >= 0 && value.scale() <= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
                        return value.intValueExact();
                    }
                } catch (NumberFormatException | ArithmeticException e) {
                    // reported below
                }
            }
            throw error(what + " must be a whole number from 0 to " + max, number, " but found " + number.describe());
        }

        private Token expectString(String what) {
            Token string = token;
            if (string.kind() != Kind.STRING) {
                throw expected(what + " as a quoted string");
            }
            advance();
            return string;
        }

        private void expectOperator(String operator, Token after) {
            if (!token.isOperator(operator)) {
                throw expected("'" + operator + "' after " + after.text());
            }
            advance();
        }

        private void expect(Kind kind, String what) {
            if (token.kind() != kind) {
                throw expected(what);
            }
            advance();
        }

        private boolean accept(Kind kind) {
            if (token.kind() == kind) {
                advance();
                return true;
            }
            return false;
        }

        private void advance() {
            token = lexer.next();
        }

        private Condition node(Token at, Supplier<Condition> condition) {
            nodes++;
            if (nodes > Condition.MAX_NODES) {
                throw error("the condition has more than " + Condition.MAX_NODES + " parts", at, "");
            }
            return build(at, condition);
        }

        /** Builds an SPI record, turning its argument checks into a positioned error. */
        private <T> T build(Token at, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage(), at, "");
            }
        }

        private void check(Optional<SegmentChecks.Problem> problem, Token at) {
            if (problem.isPresent()) {
                throw error(problem.get().what(), at, problem.get().hint());
            }
        }

        private SegmentSyntaxException expected(String what) {
            return error("expected " + what, token, " but found " + token.describe());
        }

        private SegmentSyntaxException error(String what, Token at, String after) {
            return SegmentLexer.error(what, at.line(), at.column(), after);
        }
    }
}
