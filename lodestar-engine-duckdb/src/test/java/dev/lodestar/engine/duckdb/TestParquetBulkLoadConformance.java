package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.ingest.MessageRejected;
import dev.lodestar.core.ingest.SegmentMessages;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.store.BulkLoadRequest;
import dev.lodestar.spi.store.BulkLoadResult;
import dev.lodestar.spi.store.ProgressListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet bulk loader (SQL) and the collector's rules (Java, {@link SegmentMessages}) must
 * accept and refuse the same rows for the same reasons, and store the same values.
 */
class TestParquetBulkLoadConformance {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] COLUMNS = {
        "messageId",
        "type",
        "event",
        "name",
        "userId",
        "anonymousId",
        "timestamp",
        "sentAt",
        "properties",
        "traits",
        "context",
        "previousId",
        "groupId"
    };

    /** One message per line; every rule of SegmentMessages appears at least once. */
    private static final List<String> MESSAGES = List.of(
            "{\"messageId\":\"ok-1\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"timestamp\":\"2026-01-31T12:00:00Z\",\"properties\":{\"revenue\":99.5,\"order_id\":\"o1\",\"category\":\"母婴\",\"channel\":\"wechat\"}}",
            "{\"messageId\":\"ok-2\",\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a1\",\"timestamp\":\"2026-01-31T20:00:00+08:00\",\"properties\":{\"url\":\"https://shop.example/\"}}",
            "{\"messageId\":\"ok-3\",\"type\":\"page\",\"anonymousId\":\"a1\",\"timestamp\":\"2026-01-31T12:00:00\",\"properties\":{\"name\":\"Cart\"},\"context\":{\"page\":{\"url\":\"https://shop.example/cart\"}}}",
            "{\"messageId\":\"ok-4\",\"type\":\"identify\",\"userId\":\"u1\",\"timestamp\":\"2026-01-31T12:00:01Z\",\"traits\":{\"name\":\"张三\",\"phone\":\"13800138000\"}}",
            "{\"messageId\":\"ok-5\",\"type\":\"alias\",\"userId\":\"u1\",\"previousId\":\"a1\",\"timestamp\":\"2026-01-31T12:00:02Z\"}",
            "{\"messageId\":\"ok-6\",\"type\":\"group\",\"userId\":\"u1\",\"groupId\":\"g1\",\"timestamp\":\"2026-01-31T12:00:03Z\",\"traits\":{\"industry\":\"零售\"}}",
            "{\"messageId\":\"ok-7\",\"type\":\"screen\",\"name\":\"Detail\",\"userId\":\"u2\",\"timestamp\":\"2026-02-01T00:00:00Z\",\"properties\":{\"total\":\"42.5\"},\"context\":{\"campaign\":{\"source\":\"douyin\"}}}",
            "{\"type\":\"track\",\"event\":\"No Id\",\"userId\":\"u3\",\"timestamp\":\"2026-02-01T00:00:00Z\"}",
            "{\"messageId\":\"ok-9\",\"type\":\"TRACK\",\"event\":\"Upper\",\"userId\":\"u3\",\"timestamp\":\"2026-02-01T00:00:00Z\"}",
            "{\"messageId\":\"ok-10\",\"type\":\"track\",\"event\":\"Future\",\"userId\":\"u3\",\"timestamp\":\"2099-01-01T00:00:00Z\"}",
            "{\"messageId\":\"ok-11\",\"type\":\"track\",\"event\":\"No time\",\"userId\":\"u3\"}",
            "{\"messageId\":\"ok-1\",\"type\":\"track\",\"event\":\"Duplicate\",\"userId\":\"u1\",\"timestamp\":\"2026-01-31T12:00:00Z\"}",
            "{\"messageId\":\"bad-1\",\"type\":\"bogus\",\"userId\":\"u1\"}",
            "{\"messageId\":\"bad-2\",\"event\":\"x\",\"userId\":\"u1\"}",
            "{\"messageId\":\"bad-3\",\"type\":\"track\",\"event\":\"x\"}",
            "{\"messageId\":\"bad-4\",\"type\":\"track\",\"userId\":\"u1\"}",
            "{\"messageId\":\"bad-5\",\"type\":\"alias\",\"userId\":\"u1\"}",
            "{\"messageId\":\"bad-6\",\"type\":\"group\",\"userId\":\"u1\"}",
            "{\"messageId\":\"bad-7\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"u1\",\"timestamp\":\"yesterday\"}",
            "{\"messageId\":\"bad-8\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"u1\",\"timestamp\":\"2026-01-31 12:00:00\"}",
            "{\"messageId\":\"bad-9\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"u1\",\"timestamp\":\"1999-12-31T00:00:00Z\"}",
            "{\"messageId\":\"bad-10\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"u1\",\"properties\":[1,2]}",
            "{\"messageId\":\"bad-11\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"u1\",\"context\":\"text\"}",
            "{\"messageId\":\"bad-12\",\"type\":\"identify\",\"userId\":\"u1\",\"traits\":5}",
            "{\"messageId\":\"bad-13\",\"type\":\"track\",\"event\":\"x\",\"userId\":\"   \",\"anonymousId\":\"\"}");

    @TempDir
    Path directory;

    @Test
    void parquetLoaderAgreesWithTheCollectorRules() throws Exception {
        Instant receivedAt = Instant.parse("2026-03-01T00:00:00Z");
        SegmentMessages rules = new SegmentMessages(MAPPER);
        Map<Long, String> javaRejected = new TreeMap<>();
        Map<String, Event> javaAccepted = new HashMap<>();
        List<JsonNode> nodes = new ArrayList<>();
        for (int i = 0; i < MESSAGES.size(); i++) {
            JsonNode node = MAPPER.readTree(MESSAGES.get(i));
            nodes.add(node);
            try {
                Event event = rules.toEvent(node, null, null, receivedAt, "t", false);
                javaAccepted.putIfAbsent(event.messageId(), event);
            } catch (MessageRejected e) {
                javaRejected.put(i + 1L, e.getMessage());
            }
        }
        Path file = writeParquet(nodes);
        BulkLoadResult result;
        try (DuckDbDatabase database = DuckDbDatabase.open(directory.resolve("data"))) {
            result = new DuckDbEventStore(database)
                    .bulkLoad(
                            new BulkLoadRequest(List.of(file), BulkLoadRequest.Format.PARQUET, "t", receivedAt),
                            ProgressListener.NONE);
            Map<Long, String> sqlRejected = new TreeMap<>();
            result.rejectedSamples().forEach(r -> sqlRejected.put(r.row(), r.reason()));
            assertThat(sqlRejected).isEqualTo(javaRejected);
            assertThat(result.rowsRead()).isEqualTo(MESSAGES.size());
            assertThat(result.duplicates()).isEqualTo(1);
            assertThat(result.loaded()).isEqualTo(MESSAGES.size() - javaRejected.size() - 1);

            try (Connection c = database.reader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT message_id, type, event, user_id, anonymous_id, person_key, ts, url, revenue, order_id,"
                                    + " category, channel, previous_id, group_id, traits->>'$.name' FROM events")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    String id = rs.getString(1);
                    Event expected = id.startsWith("gen-")
                            ? javaAccepted.values().stream()
                                    .filter(e -> e.messageId().startsWith("gen-"))
                                    .findFirst()
                                    .orElseThrow()
                            : javaAccepted.get(id);
                    assertThat(expected).as(id).isNotNull();
                    assertThat(rs.getString(2)).as(id).isEqualTo(expected.type().wireName());
                    assertThat(rs.getString(3)).as(id).isEqualTo(expected.name());
                    assertThat(rs.getString(4)).as(id).isEqualTo(expected.userId());
                    assertThat(rs.getString(5)).as(id).isEqualTo(expected.anonymousId());
                    assertThat(rs.getString(6)).as(id).isEqualTo(expected.personKey());
                    assertThat(rs.getObject(7, java.time.LocalDateTime.class))
                            .as(id)
                            .isEqualTo(DuckDbEventStore.utc(expected.timestamp()));
                    assertThat(rs.getString(8))
                            .as(id)
                            .isEqualTo(expected.common().url());
                    assertThat((Double) rs.getObject(9))
                            .as(id)
                            .isEqualTo(expected.common().revenue());
                    assertThat(rs.getString(10))
                            .as(id)
                            .isEqualTo(expected.common().orderId());
                    assertThat(rs.getString(11))
                            .as(id)
                            .isEqualTo(expected.common().category());
                    assertThat(rs.getString(12))
                            .as(id)
                            .isEqualTo(expected.common().channel());
                    assertThat(rs.getString(13))
                            .as(id)
                            .isEqualTo(expected.common().previousId());
                    assertThat(rs.getString(14))
                            .as(id)
                            .isEqualTo(expected.common().groupId());
                }
                assertThat(rows).isEqualTo(javaAccepted.size());
            }
            // loading the same file again adds nothing: every row is a duplicate now
            BulkLoadResult again = new DuckDbEventStore(database)
                    .bulkLoad(
                            new BulkLoadRequest(
                                    List.of(file), BulkLoadRequest.Format.PARQUET, "t", receivedAt.plusSeconds(1)),
                            ProgressListener.NONE);
            assertThat(again.loaded()).isZero();
            assertThat(again.duplicates()).isEqualTo(result.loaded() + 1);
            try (Connection c = database.reader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT traits->>'$.name', person_id FROM events WHERE message_id = 'ok-4'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("张三");
                assertThat(rs.getString(2)).isEqualTo(dev.lodestar.spi.event.PersonIds.of("user_id:u1"));
            }
        }
    }

    private Path writeParquet(List<JsonNode> nodes) throws Exception {
        Path file = directory.resolve("events.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE t (");
            for (int i = 0; i < COLUMNS.length; i++) {
                ddl.append(i == 0 ? "" : ", ").append('"').append(COLUMNS[i]).append("\" VARCHAR");
            }
            s.execute(ddl.append(")").toString());
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO t VALUES (" + "?, ".repeat(COLUMNS.length - 1) + "?)")) {
                for (JsonNode node : nodes) {
                    for (int i = 0; i < COLUMNS.length; i++) {
                        JsonNode value = node.get(COLUMNS[i]);
                        boolean jsonColumn = COLUMNS[i].equals("properties")
                                || COLUMNS[i].equals("traits")
                                || COLUMNS[i].equals("context");
                        insert.setString(
                                i + 1,
                                value == null || value.isNull()
                                        ? null
                                        : value.isTextual() && !jsonColumn ? value.asText() : value.toString());
                    }
                    insert.execute();
                }
            }
            s.execute("COPY (SELECT * FROM t ORDER BY rowid) TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }
}
