package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * JSON lines (UTF-8, also {@code .gz}): one object per line. The columns are the top-level fields of
 * the first {@value #HEADER_SAMPLE} objects in order of first appearance; nested objects and arrays
 * come as JSON text, numbers as {@code Long} or {@code Double}, booleans as {@code Boolean}. A line
 * that is not a JSON object arrives as a row whose only cell is an {@link InvalidLine}, so the
 * converter rejects it with its line number while the other lines go on.
 */
public final class JsonLinesRowSource implements RowSource {
    static final int HEADER_SAMPLE = 1000;

    /** The cell value of a line that could not be parsed. */
    public record InvalidLine(String reason) {}

    private final Path file;
    private final ObjectMapper mapper;

    public JsonLinesRowSource(Path file, ObjectMapper mapper) {
        this.file = requireNonNull(file, "file is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public void read(RowHandler handler) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8), 1 << 16)) {
            Map<String, Integer> columns = new LinkedHashMap<>();
            List<JsonNode> nodes = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long line = 0;
            String text;
            boolean headerSent = false;
            while ((text = reader.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = mapper.readTree(text);
                } catch (JsonProcessingException e) {
                    node = null;
                }
                if (!headerSent) {
                    nodes.add(node);
                    lines.add(line);
                    if (node != null && node.isObject()) {
                        node.fieldNames().forEachRemaining(f -> columns.putIfAbsent(f, columns.size()));
                    }
                    if (nodes.size() < HEADER_SAMPLE) {
                        continue;
                    }
                    headerSent = true;
                    if (!flush(handler, columns, nodes, lines)) {
                        return;
                    }
                    continue;
                }
                if (!handler.row(line, cells(node, columns))) {
                    return;
                }
            }
            if (!headerSent) {
                if (nodes.isEmpty()) {
                    throw new LodestarException(ErrorCode.INVALID_FILE, name() + " holds no JSON lines");
                }
                if (!flush(handler, columns, nodes, lines)) {
                    return;
                }
            }
            handler.end();
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean flush(RowHandler handler, Map<String, Integer> columns, List<JsonNode> nodes, List<Long> lines) {
        handler.header(new ArrayList<>(columns.keySet()));
        for (int i = 0; i < nodes.size(); i++) {
            if (!handler.row(lines.get(i), cells(nodes.get(i), columns))) {
                return false;
            }
        }
        nodes.clear();
        return true;
    }

    private Object[] cells(JsonNode node, Map<String, Integer> columns) {
        if (node == null || !node.isObject()) {
            return new Object[] {new InvalidLine(node == null ? "not valid JSON" : "not a JSON object")};
        }
        Object[] cells = new Object[columns.size()];
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Integer index = columns.get(field.getKey());
            if (index != null) {
                cells[index] = value(field.getValue());
            }
        }
        return cells;
    }

    private static Object value(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.toString();
    }

    private InputStream open() throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }
}
