package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Buyers of the RFM window per (recency score, frequency score) cell: all 25 cells, R then F
 * ascending, empty cells with zeros.
 */
public record RfmGrid(Instant asOf, List<Cell> cells) {
    public RfmGrid {
        requireNonNull(asOf, "asOf is null");
        cells = List.copyOf(cells);
    }

    /** @param revenue the cell's buyers' revenue in the window */
    public record Cell(int r, int f, long persons, double revenue) {}
}
