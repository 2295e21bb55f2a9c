package dev.lodestar.spi.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every one of the 125 score combinations lands in exactly one named segment, inside the R and FM
 * ranges Putler publishes for it, and every segment is reachable.
 */
class TestRfmRules {
    /** Putler's ranges: {R low, R high, FM low, FM high}; they overlap, the grid resolves it. */
    private static final Map<String, int[]> PUTLER = Map.ofEntries(
            Map.entry("Champions", new int[] {4, 5, 4, 5}),
            Map.entry("Loyal Customers", new int[] {2, 5, 3, 5}),
            Map.entry("Potential Loyalist", new int[] {3, 5, 1, 3}),
            Map.entry("New Customers", new int[] {4, 5, 1, 1}),
            Map.entry("Promising", new int[] {3, 4, 1, 1}),
            Map.entry("Need Attention", new int[] {2, 3, 2, 3}),
            Map.entry("About To Sleep", new int[] {2, 3, 1, 2}),
            Map.entry("At Risk", new int[] {1, 2, 2, 5}),
            Map.entry("Can't Lose Them", new int[] {1, 1, 4, 5}),
            Map.entry("Hibernating", new int[] {1, 2, 1, 2}),
            Map.entry("Lost", new int[] {1, 2, 1, 2}));

    @Test
    void everyCombinationLandsInOneSegmentWithinItsPublishedRanges() {
        Map<String, Integer> used = new TreeMap<>();
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    String segment = RfmRules.segment(r, f, m);
                    assertThat(SegmentFields.RFM_SEGMENTS).contains(segment);
                    int fm = RfmRules.fm(f, m);
                    assertThat(fm).isEqualTo((int) Math.floor((f + m) / 2.0));
                    int[] range = PUTLER.get(segment);
                    assertThat(r).as("R of %s at %d%d%d", segment, r, f, m).isBetween(range[0], range[1]);
                    assertThat(fm).as("FM of %s at %d%d%d", segment, r, f, m).isBetween(range[2], range[3]);
                    used.merge(segment, 1, Integer::sum);
                }
            }
        }
        assertThat(used.keySet()).containsExactlyInAnyOrderElementsOf(SegmentFields.RFM_SEGMENTS);
        assertThat(used.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(125);
        // spot checks of the table in docs/rfm-and-scores.md
        Map<String, String> cells = new HashMap<>();
        cells.put("555", "Champions");
        cells.put("111", "Lost");
        cells.put("155", "Can't Lose Them");
        cells.put("333", "Need Attention");
        cells.put("511", "New Customers");
        cells.put("411", "Promising");
        cells.put("255", "At Risk");
        cells.put("345", "Loyal Customers");
        cells.put("522", "Potential Loyalist");
        cells.put("312", "About To Sleep");
        cells.put("222", "Hibernating");
        cells.forEach((key, segment) -> assertThat(
                        RfmRules.segment(key.charAt(0) - '0', key.charAt(1) - '0', key.charAt(2) - '0'))
                .as(key)
                .isEqualTo(segment));
    }

    @Test
    void scoresOutsideOneToFiveAreRefused() {
        assertThatThrownBy(() -> RfmRules.segment(0, 3, 3)).hasMessage("R score must be 1 to 5, got 0");
        assertThatThrownBy(() -> RfmRules.segment(3, 6, 3)).hasMessage("F score must be 1 to 5, got 6");
    }
}
