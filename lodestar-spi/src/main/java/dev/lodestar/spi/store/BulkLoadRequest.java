package dev.lodestar.spi.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A bulk load of event files.
 *
 * @param files the files, all of one format
 * @param format the file format
 * @param source the source name recorded on every event
 * @param receivedAt the receive time recorded on every event
 */
public record BulkLoadRequest(List<Path> files, Format format, String source, Instant receivedAt) {
    public BulkLoadRequest {
        files = List.copyOf(requireNonNull(files, "files is null"));
        requireNonNull(format, "format is null");
        requireNonNull(source, "source is null");
        requireNonNull(receivedAt, "receivedAt is null");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to load");
        }
    }

    /** Supported bulk formats. */
    public enum Format {
        JSONL,
        PARQUET,
        CSV;

        /** Guesses the format from a file name; null when the extension is not known. */
        public static Format fromFileName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".parquet")) {
                return PARQUET;
            }
            if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
                return CSV;
            }
            if (lower.endsWith(".jsonl")
                    || lower.endsWith(".ndjson")
                    || lower.endsWith(".json")
                    || lower.endsWith(".jsonl.gz")
                    || lower.endsWith(".ndjson.gz")
                    || lower.endsWith(".json.gz")) {
                return JSONL;
            }
            return null;
        }
    }
}
