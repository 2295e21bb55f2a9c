package dev.lodestar.spi.segment;

import java.util.List;

/**
 * The named RFM segment of a buyer from the recency score R and FM, the average of the frequency
 * and monetary scores rounded down: a 5 x 5 grid, so every score combination lands in exactly one
 * segment. Each cell lies inside the R and FM ranges Putler publishes for its segment ("RFM Analysis
 * For Successful Customer Segmentation"); where Putler's ranges overlap, the cell follows the
 * widely copied R-F cell map of open RFM notebooks (e.g. {@code '33': 'Need Attention'}, {@code
 * '[1-2][1-2]': 'Hibernating'}). The table is in {@code docs/rfm-and-scores.md}.
 */
public final class RfmRules {
    private static final String CHAMPIONS = "Champions";
    private static final String LOYAL = "Loyal Customers";
    private static final String POTENTIAL = "Potential Loyalist";
    private static final String NEW = "New Customers";
    private static final String PROMISING = "Promising";
    private static final String ATTENTION = "Need Attention";
    private static final String SLEEP = "About To Sleep";
    private static final String RISK = "At Risk";
    private static final String CANT_LOSE = "Can't Lose Them";
    private static final String HIBERNATING = "Hibernating";
    private static final String LOST = "Lost";

    /** GRID.get(fm - 1).get(r - 1). */
    private static final List<List<String>> GRID = List.of(
            List.of(LOST, HIBERNATING, SLEEP, PROMISING, NEW), // FM 1
            List.of(HIBERNATING, HIBERNATING, SLEEP, POTENTIAL, POTENTIAL), // FM 2
            List.of(RISK, RISK, ATTENTION, POTENTIAL, POTENTIAL), // FM 3
            List.of(CANT_LOSE, RISK, LOYAL, CHAMPIONS, CHAMPIONS), // FM 4
            List.of(CANT_LOSE, RISK, LOYAL, CHAMPIONS, CHAMPIONS)); // FM 5

    private RfmRules() {}

    /** FM: the average of F and M, rounded down (F 4 and M 5 give 4). */
    public static int fm(int f, int m) {
        check(f, "F");
        check(m, "M");
        return (f + m) / 2;
    }

    /** The segment of scores (r, f, m), each 1 to 5; one of {@link SegmentFields#RFM_SEGMENTS}. */
    public static String segment(int r, int f, int m) {
        check(r, "R");
        return GRID.get(fm(f, m) - 1).get(r - 1);
    }

    private static void check(int score, String name) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException(name + " score must be 1 to 5, got " + score);
        }
    }
}
