package dev.lodestar.core.imports;

/**
 * A source of rows with a header: a CSV file, a sheet, JSON lines, a Parquet file, a SQL query.
 * Push-style so that SAX-streamed spreadsheets and result sets need no buffering thread. Each call
 * of {@link #read} reads the source from the start.
 */
public interface RowSource {
    /** The name rows are reported under (the file name, or the JDBC URL without credentials). */
    String name();

    /**
     * A stable description of what is read (file name, sheet, query), part of every record id so that
     * re-importing the same data gives the same ids.
     */
    default String identity() {
        return name();
    }

    /**
     * Reads every row into the handler, or until it returns false.
     *
     * @throws dev.lodestar.spi.LodestarException with {@code INVALID_FILE} when the source cannot be
     *     read or parsed
     */
    void read(RowHandler handler);
}
