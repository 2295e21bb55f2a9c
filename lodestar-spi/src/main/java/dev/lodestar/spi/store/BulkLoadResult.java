package dev.lodestar.spi.store;

import java.util.List;
import java.util.Map;

/**
 * What a bulk load did.
 *
 * @param rowsRead rows found in the files
 * @param loaded rows written
 * @param duplicates rows skipped because their message id was already stored or repeated in the input
 * @param rejected rows refused, by reason
 * @param rejectedSamples the first rejected rows with their position and reason
 */
public record BulkLoadResult(
        long rowsRead, long loaded, long duplicates, Map<String, Long> rejected, List<RejectedRow> rejectedSamples) {
    public BulkLoadResult {
        rejected = Map.copyOf(rejected);
        rejectedSamples = List.copyOf(rejectedSamples);
    }

    public long rejectedCount() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One refused row.
     *
     * @param file the file it came from
     * @param row its 1-based row number in that file (line number for JSON lines and CSV data rows)
     * @param reason why it was refused
     */
    public record RejectedRow(String file, long row, String reason) {}
}
