package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV and TSV files (also {@code .gz}): RFC 4180 quoting, the first record is the header. The
 * encoding is detected ({@link Encodings}) unless given; the delimiter is taken from the extension
 * ({@code .tsv}) or detected among comma, tab, semicolon and bar (the one that splits the first lines
 * into the same, largest number of fields) unless given. Positions are 1-based line numbers of the
 * line a record starts on.
 */
public final class CsvRowSource implements RowSource {
    private static final char[] CANDIDATES = {',', '\t', ';', '|'};

    private final Path file;
    private final Charset charset;
    private final int bomLength;
    private final String encodingHow;
    private final char delimiter;

    /**
     * @param file the file
     * @param encoding the encoding, or null to detect it
     * @param delimiter the delimiter, or null to detect it
     */
    public CsvRowSource(Path file, Charset encoding, Character delimiter) {
        this.file = requireNonNull(file, "file is null");
        byte[] sample = new byte[Encodings.SAMPLE_BYTES];
        int length;
        try (InputStream in = open(file, 0)) {
            length = in.readNBytes(sample, 0, sample.length);
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (encoding == null) {
            Encodings.Detected detected = Encodings.detect(sample, length);
            this.charset = detected.charset();
            this.bomLength = detected.bomLength();
            this.encodingHow = detected.how();
        } else {
            this.charset = encoding;
            this.bomLength = Encodings.bomLength(encoding, sample, length);
            this.encodingHow = "given";
        }
        if (delimiter != null) {
            this.delimiter = delimiter;
        } else if (baseName(file).endsWith(".tsv") || baseName(file).endsWith(".tab")) {
            this.delimiter = '\t';
        } else {
            this.delimiter = detectDelimiter(new String(sample, bomLength, Math.max(0, length - bomLength), charset));
        }
    }

    public Charset charset() {
        return charset;
    }

    /** How the charset was chosen, for the report. */
    public String encodingHow() {
        return encodingHow;
    }

    public char delimiter() {
        return delimiter;
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public void read(RowHandler handler) {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .get();
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(open(file, bomLength), charset), 1 << 16);
                CSVParser parser =
                        CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            boolean first = true;
            Object[] cells = new Object[0];
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                int n = record.size();
                if (first) {
                    List<String> header = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        header.add(record.get(i).strip());
                    }
                    handler.header(header);
                    first = false;
                    continue;
                }
                if (cells.length != n) {
                    cells = new Object[n];
                }
                for (int i = 0; i < n; i++) {
                    cells[i] = record.get(i);
                }
                if (!handler.row(line, cells)) {
                    return;
                }
            }
            if (first) {
                throw new LodestarException(ErrorCode.INVALID_FILE, name() + " is empty (expected a header line)");
            }
            handler.end();
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv reports malformed quoting this way, with the line
            throw new LodestarException(
                    ErrorCode.INVALID_FILE,
                    name() + " is not valid CSV: " + e.getMessage() + " (read as " + charset + ", delimiter '"
                            + printable(delimiter) + "')",
                    e);
        }
    }

    static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    private static InputStream open(Path file, int skip) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        in.skipNBytes(skip);
        return in;
    }

    /** The candidate that splits the first lines (outside quotes) into the most, equal field counts. */
    static char detectDelimiter(String sample) {
        String[] lines = sample.split("\r?\n", 21);
        int usable = Math.max(1, Math.min(lines.length - 1, 20)); // the last line may be cut
        char best = ',';
        int bestScore = 0;
        for (char c : CANDIDATES) {
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int i = 0; i < usable; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                int count = countOutsideQuotes(lines[i], c);
                min = Math.min(min, count);
                max = Math.max(max, count);
            }
            int score = min == Integer.MAX_VALUE ? 0 : (min == max ? min * 2 : min);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char c) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                count++;
            }
        }
        return count;
    }
}
