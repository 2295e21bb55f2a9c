package dev.lodestar.sim;

/** File format of the event stream. */
public enum OutputFormat {
    /** {@code events/part-NNNNN.parquet}, written by DuckDB. */
    PARQUET,
    /** {@code events/part-NNNNN.jsonl}, or {@code .jsonl.gz} when gzip is on. */
    JSONL
}
