package dev.lodestar.core.imports;

import java.nio.charset.Charset;

/**
 * How to open a file: each field null to detect or use the default.
 *
 * @param encoding text encoding of CSV/TSV (detected when null)
 * @param delimiter CSV delimiter (detected when null)
 * @param sheet Excel sheet name or 1-based index (the first sheet when null)
 */
public record SourceOptions(Charset encoding, Character delimiter, String sheet) {
    public static final SourceOptions DETECT = new SourceOptions(null, null, null);
}
