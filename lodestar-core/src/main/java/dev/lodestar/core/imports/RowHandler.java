package dev.lodestar.core.imports;

import java.util.List;

/** Receives the rows of a {@link RowSource}: the header once, then the rows in order. */
public interface RowHandler {
    /** The column names, called once before the first row. */
    void header(List<String> columns);

    /**
     * One row.
     *
     * @param number 1-based position in the source: the line of a text file, the row of a sheet, the
     *     row of a result set
     * @param cells the values by column index (shorter or longer rows are passed as they are):
     *     {@code String}, {@code Double} or {@code Long}, {@code Boolean}, {@code LocalDateTime}
     *     (dates in Excel cells and SQL timestamps), {@code LocalDate}, {@code Instant}, or null. The
     *     array may be reused after the call returns.
     * @return false to stop reading
     */
    boolean row(long number, Object[] cells);

    /** Called once after the last row when the source was read to its end (not after a stop). */
    default void end() {}
}
