package dev.lodestar.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads JSON-lines and CSV files of Segment-shaped events, one row at a time, through the same
 * {@link SegmentMessages} rules as live traffic (without clock-skew correction). Gzip files
 * ({@code .gz}) are read transparently.
 *
 * <p>CSV columns are the Segment field names ({@code messageId, type, event, name, userId,
 * anonymousId, timestamp, sentAt, previousId, groupId}); {@code properties}, {@code traits} and
 * {@code context} hold JSON object text, and columns named {@code properties.X} (or {@code
 * traits.X}, {@code context.X}) add field X, as a number when the cell is numeric.
 */
public final class EventFileReader {
    private final ObjectMapper mapper;
    private final SegmentMessages messages;

    /** Receives each row's outcome. */
    public interface RowHandler {
        void accepted(Event event);

        void rejected(long row, String reason);
    }

    public EventFileReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.messages = new SegmentMessages(mapper);
    }

    /**
     * Reads a whole file.
     *
     * @param bytesRead called now and then with the number of (compressed) bytes read so far
     */
    public void read(
            Path file, boolean csv, String source, Instant receivedAt, RowHandler handler, LongConsumer bytesRead) {
        try (CountingStream counting = new CountingStream(Files.newInputStream(file), bytesRead);
                InputStream in =
                        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                                ? new GZIPInputStream(counting, 1 << 16)
                                : counting) {
            if (csv) {
                readCsv(in, source, receivedAt, handler);
            } else {
                readJsonLines(in, source, receivedAt, handler);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void readJsonLines(InputStream in, String source, Instant receivedAt, RowHandler handler)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        long row = 0;
        while ((line = reader.readLine()) != null) {
            row++;
            if (row == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                handler.rejected(row, "malformed JSON: " + e.getOriginalMessage());
                continue;
            }
            convert(node, row, source, receivedAt, handler);
        }
    }

    private void readCsv(InputStream in, String source, Instant receivedAt, RowHandler handler) throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        try (CSVParser parser = CSVParser.builder()
                .setReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                .setFormat(format)
                .get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (java.io.UncheckedIOException | IllegalStateException e) {
                    handler.rejected(parser.getCurrentLineNumber(), "malformed CSV: " + e.getMessage());
                    return; // the parser cannot resynchronise after a broken quote
                }
                long row = record.getRecordNumber() + 1; // + header line
                ObjectNode node = mapper.createObjectNode();
                String problem = null;
                for (Map.Entry<String, Integer> column : header.entrySet()) {
                    if (column.getValue() >= record.size()) {
                        continue;
                    }
                    String value = record.get(column.getValue());
                    if (value == null || value.isEmpty()) {
                        continue;
                    }
                    String name = column.getKey().strip();
                    int dot = name.indexOf('.');
                    if (dot > 0) {
                        ObjectNode parent = objectField(node, name.substring(0, dot));
                        if (parent == null) {
                            problem = name.substring(0, dot) + " must be a JSON object";
                            break;
                        }
                        parent.set(name.substring(dot + 1), scalar(value));
                    } else if (name.equals("properties") || name.equals("traits") || name.equals("context")) {
                        try {
                            JsonNode parsed = mapper.readTree(value);
                            if (parsed != null && parsed.isObject() && node.get(name) instanceof ObjectNode existing) {
                                existing.setAll((ObjectNode) parsed);
                            } else {
                                node.set(name, parsed);
                            }
                        } catch (JsonProcessingException e) {
                            problem = name + " is not valid JSON";
                            break;
                        }
                    } else {
                        node.put(name, value);
                    }
                }
                if (problem != null) {
                    handler.rejected(row, problem);
                } else {
                    convert(node, row, source, receivedAt, handler);
                }
            }
        }
    }

    private static ObjectNode objectField(ObjectNode node, String name) {
        JsonNode existing = node.get(name);
        if (existing == null) {
            return node.putObject(name);
        }
        return existing instanceof ObjectNode object ? object : null;
    }

    private JsonNode scalar(String value) {
        String trimmed = value.strip();
        if (!trimmed.isEmpty() && (Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '-')) {
            try {
                return mapper.getNodeFactory().numberNode(new java.math.BigDecimal(trimmed));
            } catch (NumberFormatException e) {
                // not a number: keep the text
            }
        }
        return mapper.getNodeFactory().textNode(value);
    }

    private void convert(JsonNode node, long row, String source, Instant receivedAt, RowHandler handler) {
        try {
            handler.accepted(messages.toEvent(node, null, null, receivedAt, source, false));
        } catch (MessageRejected e) {
            handler.rejected(row, e.getMessage());
        }
    }

    /** Counts the bytes that pass, reporting every 4 MB. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final LongConsumer listener;
        private long count;
        private long reported;

        CountingStream(InputStream in, LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count - reported >= (4 << 20)) {
                reported = count;
                listener.accept(count);
            }
        }

        @Override
        public void close() throws IOException {
            listener.accept(count);
            super.close();
        }
    }
}
