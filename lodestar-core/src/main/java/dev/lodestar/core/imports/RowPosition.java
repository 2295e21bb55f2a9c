package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

/** Where a row came from: the source name and the 1-based line or row number. */
public record RowPosition(String source, long number) {
    public RowPosition {
        requireNonNull(source, "source is null");
    }

    @Override
    public String toString() {
        return source + ":" + number;
    }
}
