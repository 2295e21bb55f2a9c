package dev.lodestar.core.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a file as a {@link RowSource} by its extension ({@code .gz} allowed for text formats). */
public final class RowSources {
    private RowSources() {}

    public static RowSource open(Path file, SourceOptions options, ObjectMapper mapper) {
        if (!Files.isRegularFile(file)) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "file " + file + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        if (ExcelRowSource.isExcel(file)) {
            return new ExcelRowSource(file, options.sheet());
        }
        if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) {
            return new JsonLinesRowSource(file, mapper);
        }
        if (base.endsWith(".parquet")) {
            return JdbcRowSource.parquet(file);
        }
        if (base.endsWith(".csv") || base.endsWith(".tsv") || base.endsWith(".txt") || base.endsWith(".tab")) {
            return new CsvRowSource(file, options.encoding(), options.delimiter());
        }
        throw new LodestarException(
                ErrorCode.UNSUPPORTED_MEDIA,
                "cannot tell the format of " + file.getFileName()
                        + " (expected .csv, .tsv, .txt, .xlsx, .xls, .jsonl, .ndjson, .parquet, optionally .gz)");
    }
}
