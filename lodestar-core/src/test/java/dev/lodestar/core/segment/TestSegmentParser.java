package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.PropertyFilter.Operator;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Condition.And;
import dev.lodestar.spi.segment.Condition.Compare;
import dev.lodestar.spi.segment.Condition.Did;
import dev.lodestar.spi.segment.Condition.Not;
import dev.lodestar.spi.segment.Condition.Or;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.TimeWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSegmentParser {
    private static final SegmentCatalog CATALOG = new SegmentCatalog(
            Set.of("city_tier", "plan", "会员等级", "会员 等级", "x y", "email"),
            Set.of("vip", "高价值"),
            Set.of("checkout", "注册漏斗"),
            Set.of("category"));
    private static final SegmentParser PARSER = new SegmentParser(CATALOG);
    private static final TimeWindow DAYS_14 = TimeWindow.Within.days(14);

    @Test
    void parsesTheIssueExample() {
        Condition condition = PARSER.parse("rfm.segment in (\"At Risk\", \"Can't Lose Them\") and trait.city_tier <= 2"
                + " and did(\"Product Viewed\", category = \"母婴\", at_least = 3, within = 14d)"
                + " and not did(\"Order Completed\", within = 14d)");
        assertThat(condition)
                .isEqualTo(new And(List.of(
                        new Compare(
                                new Field("rfm", "segment"),
                                CompareOp.IN,
                                List.of(Literal.of("At Risk"), Literal.of("Can't Lose Them"))),
                        new Compare(Field.trait("city_tier"), CompareOp.LE, List.of(Literal.of(2))),
                        new Did(
                                "Product Viewed",
                                List.of(new PropertyFilter("category", Operator.EQUALS, List.of("母婴"))),
                                3,
                                null,
                                DAYS_14,
                                Occurrence.ANY),
                        new Not(Did.once("Order Completed", DAYS_14)))));
        assertThat(SegmentPrinter.print(condition))
                .isEqualTo("rfm.segment in (\"At Risk\", \"Can't Lose Them\") and trait.city_tier <= 2"
                        + " and did(\"Product Viewed\", category = \"母婴\", at_least = 3, within = 14d)"
                        + " and not did(\"Order Completed\", within = 14d)");
    }

    @Test
    void parsesEveryComparisonOperator() {
        assertCompare("trait.plan = \"pro\"", CompareOp.EQ, Literal.of("pro"));
        assertCompare("trait.plan != 'pro'", CompareOp.NE, Literal.of("pro"));
        assertCompare("trait.plan < 3", CompareOp.LT, Literal.of(3));
        assertCompare("trait.plan <= -2.50", CompareOp.LE, new Literal.Number(new BigDecimal("-2.50")));
        assertCompare("trait.plan > 1.5e3", CompareOp.GT, new Literal.Number(new BigDecimal("1.5e3")));
        assertCompare("trait.plan >= +7", CompareOp.GE, Literal.of(7));
        assertCompare(
                "trait.plan in (1, \"a\", true)", CompareOp.IN, Literal.of(1), Literal.of("a"), new Literal.Bool(true));
        assertCompare("trait.plan not in (false)", CompareOp.NOT_IN, new Literal.Bool(false));
        assertCompare("trait.plan contains \"ro\"", CompareOp.CONTAINS, Literal.of("ro"));
        assertCompare("trait.plan starts with \"p\"", CompareOp.STARTS_WITH, Literal.of("p"));
        assertCompare("trait.plan is set", CompareOp.IS_SET);
        assertCompare("trait.plan is not set", CompareOp.IS_NOT_SET);
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(PARSER.parse("trait.plan IS NOT SET AND Not trait.plan Starts With 'a' oR DID('x', WITHIN = 2W)"))
                .isEqualTo(PARSER.parse(
                        "trait.plan is not set and not trait.plan starts with \"a\" or did(\"x\", within = 14d)"));
        assertThat(PARSER.parse("trait.plan = TRUE")).isEqualTo(PARSER.parse("trait.plan = true"));
    }

    @Test
    void chineseNamesQuotedNamesAndFullWidthPunctuation() {
        assertThat(PARSER.parse("trait.会员等级 = \"金卡\""))
                .isEqualTo(new Compare(Field.trait("会员等级"), CompareOp.EQ, List.of(Literal.of("金卡"))));
        assertThat(PARSER.parse("trait.\"会员 等级\" is set"))
                .isEqualTo(new Compare(Field.trait("会员 等级"), CompareOp.IS_SET, List.of()));
        assertThat(PARSER.parse("trait.`x y` is set"))
                .isEqualTo(new Compare(Field.trait("x y"), CompareOp.IS_SET, List.of()));
        assertThat(PARSER.parse("did（“浏览商品”， category in （“母婴”， “玩具”））"))
                .isEqualTo(new Did(
                        "浏览商品",
                        List.of(new PropertyFilter("category", Operator.IN, List.of("母婴", "玩具"))),
                        1,
                        null,
                        new TimeWindow.Ever(),
                        Occurrence.ANY));
        assertThat(SegmentPrinter.print(PARSER.parse("trait.\"会员 等级\"\u3000=\u3000'a'")))
                .isEqualTo("trait.\"会员 等级\" = \"a\"");
        assertThat(PARSER.parse("interest.category contains \"母婴\" and in_segment(\"高价值\")"))
                .isEqualTo(new And(List.of(
                        new Compare(new Field("interest", "category"), CompareOp.CONTAINS, List.of(Literal.of("母婴"))),
                        new Condition.InSegment("高价值"))));
    }

    @Test
    void stringEscapes() {
        assertThat(PARSER.parse("trait.plan = \"a\\\"b\\\\c\\nd\\u4E2D\\t\\/'\""))
                .isEqualTo(new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of("a\"b\\c\nd中\t/'"))));
        assertThat(PARSER.parse("trait.plan = 'it\\'s'"))
                .isEqualTo(new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of("it's"))));
        assertThat(PARSER.parse("trait.plan = \"\\uD83D\\uDE00\""))
                .isEqualTo(new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of("😀"))));
    }

    @Test
    void didArgumentsInAnyOrder() {
        Did expected = new Did(
                "Order Completed",
                List.of(
                        new PropertyFilter("channel", Operator.NOT_EQUALS, List.of("ads")),
                        new PropertyFilter("url", Operator.CONTAINS, List.of("/sale")),
                        new PropertyFilter("支付 方式", Operator.NOT_EQUALS, List.of("a", "b")),
                        new PropertyFilter("price", Operator.EQUALS, List.of("12.5"))),
                2,
                5,
                new TimeWindow.Between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)),
                Occurrence.ANY);
        assertThat(PARSER.parse("did(\"Order Completed\", at_most = 5, channel != \"ads\", between = (\"2026-01-01\","
                        + " \"2026-01-31\"), url contains \"/sale\", at_least = 2, \"支付 方式\" not in (\"a\", \"b\"),"
                        + " price = 12.50)"))
                .isEqualTo(expected);
        assertThat(SegmentPrinter.print(expected))
                .isEqualTo("did(\"Order Completed\", channel != \"ads\", url contains \"/sale\", \"支付 方式\" not in"
                        + " (\"a\", \"b\"), price = \"12.5\", at_least = 2, at_most = 5, between = (\"2026-01-01\","
                        + " \"2026-01-31\"))");
    }

    @Test
    void firstAndLastTimeAndWindows() {
        assertThat(PARSER.parse("did(\"Signed Up\", first_time, within = 36h)"))
                .isEqualTo(new Did(
                        "Signed Up",
                        List.of(),
                        1,
                        null,
                        new TimeWindow.Within(Duration.ofHours(36)),
                        Occurrence.FIRST));
        assertThat(PARSER.parse("did(\"Signed Up\", within = 8w, last_time)"))
                .isEqualTo(new Did("Signed Up", List.of(), 1, null, TimeWindow.Within.days(56), Occurrence.LAST));
        assertThat(PARSER.parse("did(\"x\", at_least = 0, at_most = 0)"))
                .isEqualTo(new Did("x", List.of(), 0, 0, new TimeWindow.Ever(), Occurrence.ANY));
        assertThat(SegmentPrinter.print(PARSER.parse("did(\"x\", within = 36h, last_time)")))
                .isEqualTo("did(\"x\", within = 36h, last_time)");
    }

    @Test
    void didNotIsSugarForNotDid() {
        Condition condition = PARSER.parse("did_not(\"Order Completed\", within = 30d)");
        assertThat(condition).isEqualTo(new Not(Did.once("Order Completed", TimeWindow.Within.days(30))));
        assertThat(SegmentPrinter.print(condition)).isEqualTo("not did(\"Order Completed\", within = 30d)");
    }

    @Test
    void segmentsAndFunnels() {
        assertThat(PARSER.parse("in_segment(\"vip\") or dropped_off(\"注册漏斗\", step = 2)"))
                .isEqualTo(new Or(List.of(new Condition.InSegment("vip"), new Condition.FunnelDropOff("注册漏斗", 2))));
    }

    @Test
    void precedenceAndParentheses() {
        Compare a = new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of(1)));
        Compare b = new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of(2)));
        Compare c = new Compare(Field.trait("plan"), CompareOp.EQ, List.of(Literal.of(3)));
        String sa = "trait.plan = 1";
        String sb = "trait.plan = 2";
        String sc = "trait.plan = 3";
        assertThat(PARSER.parse(sa + " or " + sb + " and not " + sc))
                .isEqualTo(new Or(List.of(a, new And(List.of(b, new Not(c))))));
        assertThat(PARSER.parse("(" + sa + " or " + sb + ") and " + sc))
                .isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
        assertThat(PARSER.parse("((" + sa + "))")).isEqualTo(a);
        Condition nested = new And(List.of(new And(List.of(a, b)), c));
        assertThat(SegmentPrinter.print(nested)).isEqualTo("(" + sa + " and " + sb + ") and " + sc);
        assertThat(PARSER.parse(SegmentPrinter.print(nested))).isEqualTo(nested);
        assertThat(SegmentPrinter.print(new Not(new Or(List.of(a, b))))).isEqualTo("not (" + sa + " or " + sb + ")");
        assertThat(SegmentPrinter.print(new Or(List.of(new And(List.of(a, b)), new Not(new Not(c))))))
                .isEqualTo(sa + " and " + sb + " or not not " + sc);
    }

    @Test
    void errorsNamePositionAndSuggestion() {
        assertError(
                "rfm.segment in (\"At Risk\") and trait.ctiy_tier <= 2",
                "unknown trait 'ctiy_tier' at 1:38 (did you mean 'city_tier'?)",
                1,
                38);
        assertError("(trait.plan = 1", "expected ')' at 1:16 but found end of input", 1, 16);
        assertError("trait.plan => 1", "unknown operator '=>' at 1:12 (did you mean '>='?)", 1, 12);
        assertError("trait.plan = 1 or\n  trait.plan = 1e999999", "number 1e999999 at 2:16 is out of range", 2, 16);
        assertError(
                "rfm.segment = \"Champs\"",
                "unknown rfm.segment value 'Champs' at 1:15 (did you mean 'Champions'?)",
                1,
                15);
        assertError("", "expected a condition at 1:1 but found end of input", 1, 1);
        assertError("   \n ", "expected a condition at 2:2 but found end of input", 2, 2);
        assertError("city_tier <= 2", "unknown field 'city_tier' at 1:1 (did you mean 'trait.city_tier'?)", 1, 1);
        assertError("trat.plan = 1", "unknown namespace 'trat' at 1:1 (did you mean 'trait'?)", 1, 1);
        assertError("rfm.segmnet = \"Lost\"", "unknown field 'rfm.segmnet' at 1:1 (did you mean 'rfm.segment'?)", 1, 1);
        assertError("rfm.r = \"5\"", "rfm.r holds numbers, not \"5\" at 1:9", 1, 9);
        assertError("in_segment(\"vip2\")", "unknown segment 'vip2' at 1:12 (did you mean 'vip'?)", 1, 12);
        assertError(
                "dropped_off(\"checkot\", step = 1)",
                "unknown funnel 'checkot' at 1:13 (did you mean 'checkout'?)",
                1,
                13);
        assertError("dropped_off(\"checkout\", step = 20)", "dropped-off step must be 1 to 19, got 20 at 1:1", 1, 1);
        assertError(
                "did(\"x\", at_leats = 3)",
                "unknown argument 'at_leats' at 1:10 (did you mean 'at_least'? Quote the name to filter on a property"
                        + " called so)",
                1,
                10);
        assertError(
                "did(\"x\", at_least = 2, first_time)",
                "first/last time cannot be combined with at_least or at_most at 1:1",
                1,
                1);
        assertError(
                "did(\"x\", within = 0d)",
                "within = 0d at 1:19 is out of range (expected more than 0 and at most 3660 days)",
                1,
                19);
        assertError(
                "did(\"x\", within = 14m)",
                "invalid number '14m' at 1:19 (a duration is a whole number with h, d or w, e.g. 14d)",
                1,
                19);
        assertError(
                "did(\"x\", at_least = 1.5)",
                "at_least must be a whole number from 0 to 2147483647 at 1:21 but found number 1.5",
                1,
                21);
        assertError(
                "did(\"x\", within = 1d, between = (\"2026-01-01\", \"2026-01-02\"))",
                "between cannot follow within (at 1:10) at 1:23 (give one of within or between)",
                1,
                23);
        assertError(
                "did(\"x\", between = (\"2026-02-30\", \"2026-03-01\"))",
                "date \"2026-02-30\" is not an ISO date at 1:21 (expected e.g. \"2026-01-31\")",
                1,
                21);
        assertError(
                "did(\"x\", starts with \"a\")",
                "expected a filter operator (=, !=, in, not in, contains) after property starts at 1:17 but found 'with'",
                1,
                17);
        assertError("trait.plan = 'abc", "string starting here is not closed at 1:14", 1, 14);
        assertError(
                "trait.plan = \"a\\qb\"",
                "unknown escape '\\q' at 1:16 (expected \\\", \\', \\\\, \\n, \\r, \\t or \\uXXXX)",
                1,
                16);
        assertError(
                "trait.plan = \"a\nb\"",
                "control character U+000A in a string at 1:16 (write it as an escape such as \\n or \\u0000)",
                1,
                16);
        assertError(
                "trait.plan = 1 trait.plan = 2",
                "expected 'and', 'or' or the end of input at 1:16 but found 'trait'",
                1,
                16);
        assertError("trait.plan = 1; DROP TABLE events", "unexpected character ';' at 1:15", 1, 15);
        assertError("trait.plan = \"x\" -- comment", "unexpected character '-' at 1:18", 1, 18);
        assertError(
                "trait.plan in ()",
                "expected a value (a \"string\", a number, true or false) at 1:16 but found ')'",
                1,
                16);
        assertError("trait.plan is sett", "expected 'set' or 'not set' after 'is' at 1:15 but found 'sett'", 1, 15);
        assertError(
                "trait.plan like \"a\"",
                "expected an operator (=, !=, <, <=, >, >=, in, not in, contains, starts with, is set, is not set) at 1:12 but found 'like'",
                1,
                12);
        assertError("trait.\"\" = 1", "field name must be 1 to 200 characters at 1:7", 1, 7);
        assertError("did(\"  \")", "event name must be 1 to 200 characters at 1:1", 1, 1);
        assertError("trait.plan = \"\u202E\" and \u202Etrait.plan = 1", "unexpected character U+202E at 1:22", 1, 22);
    }

    @Test
    void columnsCountCodePoints() {
        // the emoji is two UTF-16 chars but one column
        assertError("trait.会员等级 = \"😀\" ;", "unexpected character ';' at 1:18", 1, 18);
    }

    @Test
    void lenientParserAcceptsUnknownStoreNamesButNotUnknownComputedFields() {
        assertThat(SegmentParser.lenient().parse("trait.anything = 1 and in_segment(\"nope\")"))
                .isInstanceOf(And.class);
        assertThatThrownBy(() -> SegmentParser.lenient().parse("activity.state = \"sleeping\""))
                .hasMessage(
                        "unknown activity.state value 'sleeping' at 1:18 (expected one of active, silent, churned)");
        assertThatThrownBy(() -> new SegmentParser(SegmentCatalog.empty()).parse("trait.plan = 1"))
                .hasMessage("unknown trait 'plan' at 1:7");
    }

    @Test
    void limits() {
        String deepNot = "not ".repeat(Condition.MAX_DEPTH - 1) + "trait.plan is set";
        assertThat(PARSER.parse(deepNot)).isInstanceOf(Not.class);
        assertError(
                "not ".repeat(Condition.MAX_DEPTH) + "trait.plan is set",
                "conditions are nested more than 32 levels deep at 1:125",
                1,
                125);
        assertError(
                "(".repeat(10_000) + "trait.plan is set" + ")".repeat(10_000),
                "conditions are nested more than 32 levels deep at 1:32",
                1,
                32);
        String wide = String.join(" or ", java.util.Collections.nCopies(Condition.MAX_NODES - 1, "trait.plan is set"));
        assertThat(PARSER.parse(wide)).isInstanceOf(Or.class);
        String tooWide = String.join(" or ", java.util.Collections.nCopies(Condition.MAX_NODES, "trait.plan is set"));
        assertThatThrownBy(() -> PARSER.parse(tooWide))
                .hasMessageStartingWith("the condition has more than 2000 parts at ");
        String huge = "trait.plan = \"" + "x".repeat(SegmentParser.MAX_LENGTH) + "\"";
        assertError(
                huge,
                "segment text is 100015 characters long, more than the 100000 allowed; it is cut off at 1:100001",
                1,
                100_001);
    }

    private static void assertCompare(String text, CompareOp op, Literal... values) {
        Condition condition = PARSER.parse(text);
        assertThat(condition).isEqualTo(new Compare(Field.trait("plan"), op, List.of(values)));
        assertThat(PARSER.parse(SegmentPrinter.print(condition))).isEqualTo(condition);
    }

    private static void assertError(String text, String message, int line, int column) {
        assertThatThrownBy(() -> PARSER.parse(text)).isInstanceOfSatisfying(SegmentSyntaxException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        });
    }
}
