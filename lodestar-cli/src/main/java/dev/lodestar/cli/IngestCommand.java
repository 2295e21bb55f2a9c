package dev.lodestar.cli;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.spi.store.BulkLoadResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestar ingest FILE...}: bulk-load Segment-shaped events. */
@Command(
        name = "ingest",
        description =
                "Load files of Segment-shaped events (JSON lines, CSV, Parquet; .gz accepted) into the data directory.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--source", description = "Source name recorded on the events (default: import).")
    String source = "import";

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to load.")
    List<Path> files;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        BulkLoadResult result;
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory());
                ProgressBar bar = new ProgressBar("ingest")) {
            result = FileIngest.ingest(database, files, source, bar);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printSummary(result, seconds);
        return result.rejectedCount() > 0 ? 1 : 0;
    }

    static void printSummary(BulkLoadResult result, double seconds) {
        System.out.printf(
                "rows read %,d  loaded %,d  duplicates skipped %,d  rejected %,d  in %.1f s (%,.0f rows/s)%n",
                result.rowsRead(),
                result.loaded(),
                result.duplicates(),
                result.rejectedCount(),
                seconds,
                result.rowsRead() / Math.max(seconds, 1e-9));
        for (Map.Entry<String, Long> reason : result.rejected().entrySet()) {
            System.out.printf("  rejected %,d: %s%n", reason.getValue(), reason.getKey());
        }
        for (BulkLoadResult.RejectedRow row : result.rejectedSamples()) {
            System.out.printf("  %s:%d: %s%n", row.file(), row.row(), row.reason());
        }
    }
}
