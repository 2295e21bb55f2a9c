package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.Literal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile text: every input either parses to a tree whose strings are exactly the injected text, or
 * fails with a positioned {@link SegmentSyntaxException}; never another exception (the engines prove
 * that a parsed tree is never executed as SQL).
 */
class TestSegmentHostileInput {
    private static final List<String> PAYLOADS = List.of(
            "'; DROP TABLE events; --",
            "\" OR 1=1 --",
            "' OR '1'='1",
            "1; DELETE FROM persons",
            "x') UNION SELECT * FROM traits --",
            "/* comment */",
            "*/ DROP TABLE x /*",
            "--",
            "#",
            "\\",
            "\\\\'",
            "\\\"",
            "${jndi:ldap://x/a}",
            "#{7*7}",
            "{{7*7}}",
            "%s%s%n",
            "<script>alert(1)</script>",
            "\u202Egnp.exe",
            "a\u200Db",
            "\u200B",
            "\uFEFF",
            "\u0000",
            "NUL\u0000after",
            "\u2028\u2029",
            "＂fullwidth quote＂",
            "‘single’",
            "“curly”",
            "ʺ″",
            "\uD800",
            "\uDC00x",
            "😀\uD83D",
            "1e999999",
            "-0",
            "9".repeat(500),
            "日本語；＝（）",
            "Robert'); DROP TABLE Students;--",
            "\r\n",
            "\t",
            "",
            " ");

    private static final List<String> TEMPLATES = List.of(
            "trait.plan = %s",
            "trait.plan in (%s, %s)",
            "did(%s, category = %s)",
            "did(\"x\", url contains %s, channel not in (%s))",
            "in_segment(%s)",
            "dropped_off(%s, step = 1)",
            "trait.%s is set");

    @Test
    void injectedTextIsEitherAnExactLiteralOrAPositionedError() {
        int parsed = 0;
        int inputs = 0;
        for (String payload : PAYLOADS) {
            for (String template : TEMPLATES) {
                // correctly quoted: the literal must be exactly the payload, or the value is refused
                String quoted = template.replace("%s", SegmentPrinter.quote(payload));
                inputs++;
                Condition condition = parseOrPositionedError(quoted);
                if (condition != null) {
                    parsed++;
                    assertThat(strings(condition)).as(quoted).allMatch(payload::equals);
                }
                // spliced in raw, single-quoted and double-quoted without escaping: anything but a crash
                for (String raw : List.of(payload, "'" + payload + "'", "\"" + payload + "\"")) {
                    inputs++;
                    parseOrPositionedError(template.replace("%s", raw));
                }
                inputs++;
                parseOrPositionedError(payload);
            }
        }
        assertThat(inputs).isGreaterThan(1_000);
        // most quoted payloads are valid text; those refused are blank names, lone surrogates and invalid names
        assertThat(parsed).isGreaterThan(200);
    }

    @Test
    void quotedSqlIsAPlainLiteral() {
        Condition condition = SegmentParser.lenient().parse("trait.plan = \"'; DROP TABLE events; --\"");
        assertThat(strings(condition)).containsExactly("'; DROP TABLE events; --");
        Condition single = SegmentParser.lenient().parse("trait.plan = '\\'; DROP TABLE events; --'");
        assertThat(strings(single)).containsExactly("'; DROP TABLE events; --");
    }

    @Test
    void hugeDeepAndEmptyInputs() {
        List<String> inputs = new ArrayList<>();
        inputs.add("(".repeat(10_000) + "trait.a is set" + ")".repeat(10_000));
        inputs.add("not ".repeat(10_000) + "trait.a is set");
        inputs.add("(".repeat(10_000));
        inputs.add("trait.a is set and ".repeat(10_000) + "trait.a is set");
        inputs.add("trait.a in (" + "1, ".repeat(20_000) + "1)");
        inputs.add("x".repeat(1 << 20));
        inputs.add("trait.a = \"" + "\\u0041".repeat(200_000) + "\"");
        inputs.add("trait.a = " + "9".repeat(99_000));
        inputs.add("trait.a = 1e99999999999999999999");
        inputs.add("trait.a = 1e-400");
        inputs.add("trait.a = 1.5e-300");
        inputs.add("did(\"x\", at_least = 99999999999999999999)");
        inputs.add("did(\"x\", within = 99999999999999999999999d)");
        inputs.add("dropped_off(\"f\", step = -1)");
        inputs.add("");
        inputs.add(" \n\t ");
        inputs.add("\u0000");
        inputs.add("\uD800");
        for (String input : inputs) {
            assertThatOnlyPositionedErrors(input);
        }
        assertThat(parseOrPositionedError("trait.a = 1.5e-300")).isNotNull();
    }

    @Test
    void randomBytesAndTokenSoup() {
        SplittableRandom random = new SplittableRandom(7);
        String[] pieces = {
            "trait",
            ".",
            "a",
            "rfm",
            "segment",
            "=",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "in",
            "not",
            "and",
            "or",
            "(",
            ")",
            ",",
            "\"x\"",
            "'y'",
            "`z`",
            "1",
            "-2.5e3",
            "true",
            "is",
            "set",
            "contains",
            "starts",
            "with",
            "did",
            "did_not",
            "in_segment",
            "dropped_off",
            "step",
            "at_least",
            "at_most",
            "within",
            "14d",
            "between",
            "first_time",
            "\"2026-01-01\"",
            "（",
            "“",
            "”",
            "\\",
            "\"",
            "'",
            "/*",
            "--",
            ";",
            "\u0000",
            "\u202E",
            "会员"
        };
        int parsed = 0;
        for (int i = 0; i < 3_000; i++) {
            String input;
            if (i % 3 == 0) {
                byte[] bytes = new byte[random.nextInt(60)];
                for (int j = 0; j < bytes.length; j++) {
                    bytes[j] = (byte) random.nextInt(256);
                }
                input = new String(bytes, i % 2 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            } else if (i % 3 == 1) {
                char[] chars = new char[random.nextInt(60)];
                for (int j = 0; j < chars.length; j++) {
                    chars[j] = (char) random.nextInt(Character.MAX_VALUE + 1);
                }
                input = new String(chars);
            } else {
                StringBuilder soup = new StringBuilder();
                int count = random.nextInt(25);
                for (int j = 0; j < count; j++) {
                    soup.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
                }
                input = soup.toString();
            }
            if (parseOrPositionedError(input) != null) {
                parsed++;
            }
        }
        assertThat(parsed).isLessThan(3_000);
    }

    @Test
    void hostileJsonFailsWithCodedErrors() {
        SplittableRandom random = new SplittableRandom(11);
        SegmentJson json = new SegmentJson();
        List<String> inputs = new ArrayList<>(List.of(
                "",
                "null",
                "[]",
                "{}",
                "{\"and\": 1}",
                "{\"not\": null}",
                "{\"field\": \"trait\", \"op\": \"eq\", \"values\": [1]}",
                "{\"field\": \"trait.a\", \"op\": \"drop table\", \"values\": [1]}",
                "{\"field\": \"trait.a\", \"op\": \"eq\", \"values\": [1e999999]}",
                "{\"field\": \"trait.a\", \"op\": \"eq\", \"values\": [{\"$ne\": 1}]}",
                "{\"did\": {\"event\": \"x\", \"at_least\": 1e100}}",
                "{\"did\": {\"event\": \"x\", \"within\": \"-1d\"}}",
                "{\"did\": {\"event\": \"x\", \"where\": [{\"property\": \"a\\\"b\", \"operator\": \"equals\", \"values\": [\"v\"]}]}}",
                "{\"in_segment\": \"\\u0000\"} trailing",
                "{\"not\":".repeat(10_000) + "{\"in_segment\":\"a\"}" + "}".repeat(10_000),
                "[".repeat(100_000)));
        for (int i = 0; i < 500; i++) {
            String alphabet = "{}[]\":,0123456789.eE-+truefalsnl andornotfieldop \\u";
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            inputs.add(new String(chars));
        }
        for (String input : inputs) {
            try {
                json.decode(input);
            } catch (LodestarException e) {
                assertThat(e.code()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_JSON);
                assertThat(e.getMessage()).isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                fail("JSON " + abbreviate(input) + " threw " + e, e);
            }
        }
    }

    private static void assertThatOnlyPositionedErrors(String input) {
        parseOrPositionedError(input);
    }

    /** The parsed condition, or null after checking that the failure is a positioned syntax error. */
    private static Condition parseOrPositionedError(String input) {
        Condition condition;
        try {
            condition = SegmentParser.lenient().parse(input);
        } catch (SegmentSyntaxException e) {
            long lines = input.chars().filter(c -> c == '\n').count() + 1;
            assertThat(e.line()).as(abbreviate(input)).isBetween(1, (int) lines);
            assertThat(e.column()).as(abbreviate(input)).isPositive();
            assertThat(e.getMessage()).contains(" at " + e.line() + ":" + e.column());
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            fail("input " + abbreviate(input) + " threw " + e, e);
            return null;
        }
        // whatever parsed must print and parse back to itself
        assertThat(SegmentParser.lenient().parse(SegmentPrinter.print(condition)))
                .as(abbreviate(input))
                .isEqualTo(condition);
        return condition;
    }

    /** Every string literal, event, filter value, property, field name and segment or funnel name. */
    private static List<String> strings(Condition condition) {
        List<String> strings = new ArrayList<>();
        collect(condition, strings);
        return strings;
    }

    private static void collect(Condition condition, List<String> out) {
        if (condition instanceof Condition.And and) {
            and.parts().forEach(part -> collect(part, out));
        } else if (condition instanceof Condition.Or or) {
            or.parts().forEach(part -> collect(part, out));
        } else if (condition instanceof Condition.Not not) {
            collect(not.part(), out);
        } else if (condition instanceof Condition.Compare compare) {
            if (!compare.field().name().equals("plan")) {
                out.add(compare.field().name());
            }
            compare.values().stream().filter(Literal.Text.class::isInstance).forEach(value -> out.add(value.asText()));
        } else if (condition instanceof Condition.Did did) {
            if (!did.event().equals("x")) {
                out.add(did.event());
            }
            for (PropertyFilter filter : did.where()) {
                out.addAll(filter.values());
            }
        } else if (condition instanceof Condition.InSegment in) {
            out.add(in.segment());
        } else if (condition instanceof Condition.FunnelDropOff dropOff) {
            out.add(dropOff.funnel());
        }
    }

    private static String abbreviate(String input) {
        String shown = input.length() > 80 ? input.substring(0, 80) + "... (" + input.length() + " chars)" : input;
        return shown.codePoints()
                .collect(
                        StringBuilder::new,
                        (b, c) -> {
                            if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
                                b.append(String.format("\\u%04X", c));
                            } else {
                                b.appendCodePoint(c);
                            }
                        },
                        StringBuilder::append)
                .toString();
    }
}
