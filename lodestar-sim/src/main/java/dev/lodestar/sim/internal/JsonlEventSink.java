package dev.lodestar.sim.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes events as Segment message JSON, one object per line, to {@code part-NNNNN.jsonl} (or
 * {@code .jsonl.gz}). Absent fields are left out; timestamps carry the business zone's offset.
 */
public final class JsonlEventSink implements EventSink {
    private final Path directory;
    private final boolean gzip;
    private final SimContext ctx;
    private final List<Path> files = new ArrayList<>();
    private final StringBuilder sb = new StringBuilder(2048);
    private Writer writer;
    private Path current;

    public JsonlEventSink(Path directory, boolean gzip, SimContext ctx) {
        this.directory = directory;
        this.gzip = gzip;
        this.ctx = ctx;
    }

    @Override
    public void append(EventBatch b) throws IOException {
        if (writer == null && b.size > 0) {
            current = directory.resolve(String.format("part-%05d.jsonl%s", files.size(), gzip ? ".gz" : ""));
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(current), 1 << 16);
            if (gzip) {
                out = new GZIPOutputStream(out, 1 << 16);
            }
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }
        for (int i = 0; i < b.size; i++) {
            sb.setLength(0);
            sb.append("{\"messageId\":\"");
            Json.appendUuid(sb, b.idHigh[i], b.idLow[i]);
            sb.append("\",\"type\":\"").append(b.type[i]).append('"');
            optional("event", b.event[i]);
            optional("name", b.name[i]);
            optional("userId", b.who[i].userId);
            optional("anonymousId", b.who[i].anonymousId);
            optional("previousId", b.previousId[i]);
            ZoneOffset offset = ctx.offsetAt(b.timestamp[i]);
            sb.append(",\"timestamp\":\"");
            Timestamps.appendIso(sb, b.timestamp[i], offset);
            sb.append("\",\"sentAt\":\"");
            Timestamps.appendIso(sb, b.sentAt[i], offset);
            sb.append("\",\"properties\":").append(b.properties[i]);
            if (!EventBatch.EMPTY.equals(b.traits[i])) {
                sb.append(",\"traits\":").append(b.traits[i]);
            }
            sb.append(",\"context\":").append(b.who[i].context).append("}\n");
            writer.append(sb);
        }
    }

    private void optional(String field, String value) {
        if (value != null) {
            sb.append(',');
            sb.append('"').append(field).append("\":");
            Json.appendString(sb, value);
        }
    }

    @Override
    public void finishPart() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
            files.add(current);
        }
    }

    @Override
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        finishPart();
    }
}
