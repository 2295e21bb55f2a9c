package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.SegmentCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSegmentRoundTrip {
    private static final int CASES = 2_000;

    @Test
    void printedTextParsesBackToTheSameTree() {
        RandomConditions random = new RandomConditions(1);
        List<Condition> trees = trees(random);
        SegmentParser parser = new SegmentParser(random.catalog());
        for (Condition condition : trees) {
            String text = SegmentPrinter.print(condition);
            assertThat(parser.parse(text)).as(text).isEqualTo(condition);
            assertThat(SegmentParser.lenient().parse(text)).as(text).isEqualTo(condition);
        }
    }

    @Test
    void textToTreeToJsonToTreeToTextIsTheSame() {
        RandomConditions random = new RandomConditions(2);
        List<Condition> trees = trees(random);
        SegmentCatalog catalog = random.catalog();
        SegmentJson json = new SegmentJson();
        for (Condition condition : trees) {
            String text = SegmentPrinter.print(condition);
            Condition tree = SegmentParser.lenient().parse(text);
            String encoded = json.encode(tree);
            Condition decoded = new SegmentJson(catalog).decode(encoded);
            assertThat(decoded).as(encoded).isEqualTo(tree);
            assertThat(SegmentPrinter.print(decoded)).isEqualTo(text);
            assertThat(json.encode(decoded)).isEqualTo(encoded);
        }
    }

    private static List<Condition> trees(RandomConditions random) {
        List<Condition> trees = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            trees.add(random.condition());
        }
        return trees;
    }
}
