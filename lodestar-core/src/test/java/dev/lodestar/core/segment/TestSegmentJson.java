package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.SegmentCatalog;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSegmentJson {
    private static final SegmentCatalog CATALOG =
            new SegmentCatalog(Set.of("city_tier"), Set.of("vip"), Set.of("checkout"), Set.of());
    private static final SegmentJson JSON = new SegmentJson(CATALOG);

    @Test
    void encodesTheDocumentedShapes() {
        Condition condition = new SegmentParser(CATALOG)
                .parse("rfm.segment in (\"At Risk\", \"Can't Lose Them\") and trait.city_tier <= 2"
                        + " and did(\"Product Viewed\", category = \"母婴\", at_least = 3, within = 14d)"
                        + " and not (in_segment(\"vip\") or dropped_off(\"checkout\", step = 2)"
                        + " or did(\"Order Completed\", between = (\"2026-01-01\", \"2026-01-31\"), last_time))");
        String json = JSON.encode(condition);
        assertThat(json)
                .isEqualTo("{\"and\":["
                        + "{\"field\":\"rfm.segment\",\"op\":\"in\",\"values\":[\"At Risk\",\"Can't Lose Them\"]},"
                        + "{\"field\":\"trait.city_tier\",\"op\":\"le\",\"values\":[2]},"
                        + "{\"did\":{\"event\":\"Product Viewed\",\"where\":[{\"property\":\"category\","
                        + "\"operator\":\"equals\",\"values\":[\"母婴\"]}],\"at_least\":3,\"at_most\":null,"
                        + "\"within\":\"14d\",\"occurrence\":\"any\"}},"
                        + "{\"not\":{\"or\":[{\"in_segment\":\"vip\"},"
                        + "{\"dropped_off\":{\"funnel\":\"checkout\",\"step\":2}},"
                        + "{\"did\":{\"event\":\"Order Completed\",\"where\":[],\"at_least\":1,\"at_most\":null,"
                        + "\"between\":[\"2026-01-01\",\"2026-01-31\"],\"occurrence\":\"last\"}}]}}]}");
        assertThat(JSON.decode(json)).isEqualTo(condition);
    }

    @Test
    void decodesShortFormsAndKeepsDecimalScale() {
        assertThat(JSON.decode("{\"did\":{\"event\":\"x\"}}"))
                .isEqualTo(SegmentParser.lenient().parse("did(\"x\")"));
        assertThat(JSON.decode("{\"field\":\"trait.city_tier\",\"op\":\"is_set\"}"))
                .isEqualTo(SegmentParser.lenient().parse("trait.city_tier is set"));
        assertThat(JSON.decode(
                        "{\"field\":\"trait.city_tier\",\"op\":\"<=\",\"values\":[2.50, 1E+3, 12345678901234567890]}"
                                .replace("<=", "in")))
                .isEqualTo(SegmentParser.lenient().parse("trait.city_tier in (2.50, 1E+3, 12345678901234567890)"));
        assertThat(JSON.decode("{\"field\":\"trait.city_tier\",\"op\":\"<=\",\"values\":[2]}"))
                .isEqualTo(SegmentParser.lenient().parse("trait.city_tier <= 2"));
    }

    @Test
    void errorsNameTheJsonPath() {
        assertError(
                "{\"and\":[{\"in_segment\":\"vip\"},{\"did\":{\"event\":\"x\",\"at_least\":1.5}}]}",
                "$.and[1].did.at_least: expected a whole number but found 1.5");
        assertError("{\"and\":[{\"in_segment\":\"vip\"}]}", "$.and: 'and' needs at least two parts, got 1");
        assertError(
                "{\"field\":\"trait.ctiy_tier\",\"op\":\"eq\",\"values\":[1]}",
                "$.field: unknown trait 'ctiy_tier' (did you mean 'city_tier'?)");
        assertError(
                "{\"field\":\"rfm.segment\",\"op\":\"in\",\"values\":[\"Lost\",\"Champs\"]}",
                "$.values[1]: unknown rfm.segment value 'Champs' (did you mean 'Champions'?)");
        assertError("{\"field\":\"trait.city_tier\",\"op\":\"like\",\"values\":[1]}", "$.op: unknown operator 'like'");
        assertError(
                "{\"field\":\"trait.city_tier\",\"op\":\"eq\",\"values\":[[1]]}",
                "$.values[0]: expected a string, number or boolean but found an array");
        assertError(
                "{\"not\":{\"did\":{\"event\":\"x\",\"within\":\"2 weeks\"}}}",
                "$.not.did.within: expected a duration such as 36h, 14d or 8w but found '2 weeks'");
        assertError(
                "{\"did\":{\"event\":\"x\",\"betwen\":[]}}",
                "$.did.betwen: unknown key (did you mean 'between'?) (expected one of at_least, at_most, between,"
                        + " event, occurrence, where, within)");
        assertError(
                "{\"did\":{\"event\":\"x\",\"occurrence\":\"sometimes\"}}",
                "$.did.occurrence: expected any, first or last but found 'sometimes'");
        assertError(
                "{\"dropped_off\":{\"funnel\":\"checkout\",\"step\":0}}",
                "$.dropped_off: dropped-off step must be 1 to 19, got 0");
        assertError(
                "{\"in_segment\":\"vip\",\"not\":{}}",
                "$: expected exactly one of and, or, not, field, did, in_segment, dropped_off but found in_segment, not");
        assertError("{\"nto\":{}}", "$.nto: unknown condition 'nto' (did you mean 'not'?)");
        assertError("[1]", "$: expected an object such as {\"and\": [...]} but found an array");
        assertError(
                "{\"not\":".repeat(40) + "{\"in_segment\":\"vip\"}" + "}".repeat(40),
                "$" + ".not".repeat(32) + ": conditions are nested more than 32 levels deep");
        assertThatThrownBy(() -> JSON.decode("{\"and\":["))
                .isInstanceOfSatisfying(
                        LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON))
                .hasMessageStartingWith("condition is not valid JSON: ");
    }

    @Test
    void refusesHugeText() {
        String huge = "{\"in_segment\":\"" + "x".repeat(SegmentJson.MAX_LENGTH) + "\"}";
        assertThatThrownBy(() -> JSON.decode(huge))
                .hasMessage("condition JSON is 1000017 characters long, more than the 1000000 allowed");
    }

    @Test
    void plainCodecAcceptsUnknownStoreNames() {
        assertThat(new SegmentJson().decode("{\"in_segment\":\"deleted since\"}"))
                .isEqualTo(new Condition.InSegment("deleted since"));
        assertThatThrownBy(() -> JSON.decode("{\"in_segment\":\"deleted since\"}"))
                .hasMessage("$.in_segment: unknown segment 'deleted since'");
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> JSON.decode(json))
                .isInstanceOfSatisfying(
                        LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
