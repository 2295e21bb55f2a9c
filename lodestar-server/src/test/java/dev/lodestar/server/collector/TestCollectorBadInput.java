package dev.lodestar.server.collector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.server.collector.TestingCollector.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a client can get wrong, one request at a time: each answer has the exact status and
 * a title that names the problem, nothing invalid is stored, and the server keeps serving (every
 * test ends with {@link #assertStillServing()}).
 */
class TestCollectorBadInput {
    @TempDir
    Path data;

    private TestingCollector collector;

    @BeforeEach
    void start() {
        collector = TestingCollector.start(data);
    }

    @AfterEach
    void assertStillServingAndStop() {
        try {
            assertStillServing();
        } finally {
            collector.close();
        }
    }

    private void assertStillServing() {
        Response ok = collector.post("/v1/track", "{\"event\":\"Still Up\",\"userId\":\"u\"}");
        assertThat(ok.status()).as("a valid request after the bad ones: %s", ok).isEqualTo(200);
        assertThat(ok.json().path("success").asBoolean()).isTrue();
    }

    private static void assertRejected(Response response, int status, String type, String titleContains) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.type()).as("type of %s", response).isEqualTo(type);
        assertThat(response.title()).as("title of %s", response).contains(titleContains);
        assertThat(response.json().path("success").isBoolean()
                        && !response.json().path("success").asBoolean())
                .as("success:false in %s", response)
                .isTrue();
    }

    private long storedEvents() {
        return collector.count("SELECT count(*) FROM events");
    }

    // ---- the body is not a message ------------------------------------------------------------

    @Test
    void malformedJson() {
        Response response = collector.post("/v1/track", "{\"event\": \"A\", \"userId\": ");
        assertRejected(response, 400, "INVALID_JSON", "malformed JSON");
        assertThat(response.title()).contains("line 1");
        assertThat(storedEvents()).isZero();
    }

    /** Jackson's read limits (nesting depth, number length) carry no location: still a 400. */
    @Test
    void jsonBeyondParserLimits() {
        String deep = "{\"event\":\"Deep\",\"userId\":\"u\",\"properties\":" + "{\"a\":".repeat(1_500) + "1"
                + "}".repeat(1_500) + "}";
        assertRejected(collector.post("/v1/track", deep), 400, "INVALID_JSON", "nesting depth");
        String longNumber = "{\"event\":\"Long\",\"userId\":\"u\",\"properties\":{\"n\":" + "9".repeat(2_000) + "}}";
        assertRejected(
                collector.post("/v1/track", longNumber), 400, "INVALID_JSON", "malformed JSON: Number value length");
        assertThat(storedEvents()).isZero();
    }

    /** Two concatenated objects are not one message: the second must not be dropped silently. */
    @Test
    void trailingContentAfterTheMessage() {
        Response response = collector.post(
                "/v1/track", "{\"event\":\"First\",\"userId\":\"u\"}{\"event\":\"Second\",\"userId\":\"u\"}");
        assertRejected(response, 400, "INVALID_JSON", "malformed JSON");
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"u\"} garbage"),
                400,
                "INVALID_JSON",
                "malformed JSON");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void emptyBody() {
        assertRejected(collector.post("/v1/track", ""), 400, "INVALID_JSON", "must be a JSON object, found nothing");
    }

    @Test
    void bodyThatIsAnArrayOrAString() {
        assertRejected(
                collector.post("/v1/track", "[{\"event\":\"A\",\"userId\":\"u\"}]"),
                400,
                "INVALID_JSON",
                "must be a JSON object, found array");
        assertRejected(
                collector.post("/v1/batch", "\"hello\""), 400, "INVALID_JSON", "must be a JSON object, found string");
        assertRejected(
                collector.post("/v1/batch", "{\"batch\": {\"event\":\"A\"}}"),
                400,
                "INVALID_MESSAGE",
                "'batch' must be a JSON array of messages, found object");
        assertThat(storedEvents()).isZero();
    }

    // ---- wrong types and missing fields -------------------------------------------------------

    @Test
    void wrongTypes() {
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":{\"id\":1}}"),
                400,
                "INVALID_MESSAGE",
                "userId must be a string, found object");
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"u\",\"properties\":[1,2]}"),
                400,
                "INVALID_MESSAGE",
                "properties must be a JSON object, found array");
        assertRejected(
                collector.post("/v1/identify", "{\"userId\":\"u\",\"traits\":\"vip\"}"),
                400,
                "INVALID_MESSAGE",
                "traits must be a JSON object, found string");
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"u\",\"timestamp\":1700000000}"),
                400,
                "INVALID_MESSAGE",
                "timestamp must be an ISO-8601 string, found number");
        assertRejected(
                collector.post("/v1/batch", "{\"batch\":[{\"type\":\"purchase\",\"event\":\"A\",\"userId\":\"u\"}]}"),
                400,
                "INVALID_MESSAGE",
                "1 of 1 messages rejected");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void numericUserIdIsTakenAsText() {
        assertThat(collector
                        .post("/v1/track", "{\"event\":\"A\",\"userId\":12345}")
                        .status())
                .isEqualTo(200);
        assertThat(collector.query("SELECT user_id FROM events WHERE event = 'A'"))
                .containsExactly(Map.of("user_id", "12345"));
    }

    /** A revenue that is not a finite number is kept in properties but not in the revenue column. */
    @Test
    void nonFiniteRevenueIsNotARevenue() {
        assertThat(collector
                        .post("/v1/track", "{\"event\":\"Huge\",\"userId\":\"u\",\"properties\":{\"revenue\":1e400}}")
                        .status())
                .isEqualTo(200);
        assertThat(collector
                        .post(
                                "/v1/track",
                                "{\"event\":\"Text\",\"userId\":\"u\",\"properties\":{\"revenue\":\"12.5\"}}")
                        .status())
                .isEqualTo(200);
        Map<String, Map<String, Object>> rows = byEvent(collector.query("SELECT event, revenue FROM events"));
        assertThat(rows.get("Huge").get("revenue")).isNull();
        assertThat(rows.get("Text").get("revenue")).isEqualTo(12.5);
    }

    @Test
    void missingOrBlankIds() {
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\"}"),
                400,
                "INVALID_MESSAGE",
                "neither userId nor anonymousId is set");
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"  \",\"anonymousId\":null}"),
                400,
                "INVALID_MESSAGE",
                "neither userId nor anonymousId is set");
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"" + "x".repeat(300) + "\"}"),
                400,
                "INVALID_MESSAGE",
                "userId is longer than 256 characters");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void requiredFieldsPerType() {
        assertRejected(
                collector.post("/v1/track", "{\"userId\":\"u\"}"),
                400,
                "INVALID_MESSAGE",
                "track message has no 'event'");
        assertRejected(
                collector.post("/v1/track", "{\"userId\":\"u\",\"event\":\"\"}"),
                400,
                "INVALID_MESSAGE",
                "track message has no 'event'");
        assertRejected(
                collector.post("/v1/alias", "{\"userId\":\"u\"}"),
                400,
                "INVALID_MESSAGE",
                "alias message has no 'previousId'");
        assertRejected(
                collector.post("/v1/group", "{\"userId\":\"u\"}"),
                400,
                "INVALID_MESSAGE",
                "group message has no 'groupId'");
        assertRejected(
                collector.post("/v1/batch", "{\"batch\":[{\"event\":\"A\",\"userId\":\"u\"}]}"),
                400,
                "INVALID_MESSAGE",
                "1 of 1 messages rejected");
        assertThat(storedEvents()).isZero();
    }

    // ---- limits -------------------------------------------------------------------------------

    @Test
    void oversizedMessage() {
        String big = "{\"event\":\"Big\",\"userId\":\"u\",\"properties\":{\"blob\":\"" + "x".repeat(33 * 1024) + "\"}}";
        Response response = collector.post("/v1/track", big);
        assertRejected(response, 413, "MESSAGE_TOO_LARGE", "larger than 32 KB");

        // inside a batch, an oversized message is rejected alone
        String batch = "{\"batch\":[" + big.replace("{\"event\"", "{\"type\":\"track\",\"event\"")
                + ",{\"type\":\"track\",\"event\":\"Small\",\"userId\":\"u\"}]}";
        Response partial = collector.post("/v1/batch", batch);
        assertRejected(partial, 400, "INVALID_MESSAGE", "1 of 2 messages rejected");
        assertThat(rejected(partial)).containsExactly(Map.entry(0, "message is larger than 32 KB"));
        assertThat(collector.query("SELECT event FROM events")).containsExactly(Map.of("event", "Small"));
    }

    @Test
    void oversizedBatchInBytes() {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        String padding = "y".repeat(10_000);
        for (int i = 0; i < 60; i++) { // 60 x 10 KB > 500 KB, each message well under 32 KB
            items.add(track("Padded", "pad-" + i).put("padding", padding));
        }
        Response response = collector.post("/v1/batch", batch(items));
        assertRejected(response, 413, "BATCH_TOO_LARGE", "batch is larger than 500 KB");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void oversizedBatchInMessages() {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        for (int i = 0; i < 2_501; i++) {
            items.add(track("Many", "m-" + i));
        }
        assertThat(batch(items).toString().length()).as("under the byte limit").isLessThan(500 * 1024);
        Response response = collector.post("/v1/batch", batch(items));
        assertRejected(response, 413, "BATCH_TOO_LARGE", "the limit is 2500");
        assertThat(response.title()).contains("2501 messages");
        items.remove(2_500);
        assertThat(collector.post("/v1/batch", batch(items)).status()).isEqualTo(200);
        assertThat(storedEvents()).isEqualTo(2_500);
    }

    // ---- gzip ---------------------------------------------------------------------------------

    @Test
    void gzipBody() throws IOException {
        byte[] body = gzip("{\"event\":\"Zipped\",\"userId\":\"u\",\"messageId\":\"gz-1\"}".getBytes(UTF_8));
        Response response = collector.send(
                collector
                        .request("/v1/track")
                        .header("Authorization", TestingCollector.basic(collector.writeKey()))
                        .header("Content-Encoding", "gzip"),
                body);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(collector.query("SELECT message_id, event FROM events"))
                .containsExactly(Map.of("message_id", "gz-1", "event", "Zipped"));
    }

    @Test
    void invalidGzip() {
        Response response = collector.send(
                collector
                        .request("/v1/track")
                        .header("Authorization", TestingCollector.basic(collector.writeKey()))
                        .header("Content-Encoding", "gzip"),
                "{\"event\":\"NotZipped\",\"userId\":\"u\"}".getBytes(UTF_8));
        assertRejected(response, 400, "INVALID_JSON", "not valid gzip");
        assertThat(storedEvents()).isZero();
    }

    /** The size limits apply to the decompressed body: a small gzip bomb is refused. */
    @Test
    void gzipBombIsLimitedAfterDecompression() throws IOException {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        String padding = "z".repeat(20_000);
        for (int i = 0; i < 40; i++) {
            items.add(track("Bomb", "bomb-" + i).put("padding", padding));
        }
        byte[] body = gzip(batch(items).toString().getBytes(UTF_8));
        assertThat(body.length).isLessThan(32 * 1024);
        Response response = collector.send(
                collector
                        .request("/v1/batch")
                        .header("Authorization", TestingCollector.basic(collector.writeKey()))
                        .header("Content-Encoding", "gzip"),
                body);
        assertRejected(response, 413, "BATCH_TOO_LARGE", "500 KB");
        assertThat(storedEvents()).isZero();
    }

    // ---- write keys ---------------------------------------------------------------------------

    @Test
    void missingWriteKey() {
        Response response =
                collector.send(collector.request("/v1/track"), "{\"event\":\"A\",\"userId\":\"u\"}".getBytes(UTF_8));
        assertRejected(response, 401, "UNAUTHORIZED", "missing write key");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void unknownWriteKey() {
        Response response = collector.send(
                collector.request("/v1/track").header("Authorization", TestingCollector.basic("lsk_nobody")),
                "{\"event\":\"A\",\"userId\":\"u\"}".getBytes(UTF_8));
        assertRejected(response, 401, "UNAUTHORIZED", "unknown write key");
        Response inBody = collector.send(
                collector.request("/v1/track"),
                "{\"writeKey\":\"lsk_nobody\",\"event\":\"A\",\"userId\":\"u\"}".getBytes(UTF_8));
        assertRejected(inBody, 401, "UNAUTHORIZED", "unknown write key");
        Response notBase64 = collector.send(
                collector.request("/v1/track").header("Authorization", "Basic %%%"),
                "{\"event\":\"A\",\"userId\":\"u\"}".getBytes(UTF_8));
        assertRejected(notBase64, 401, "UNAUTHORIZED", "not valid Basic auth");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void revokedWriteKeyIsRefusedAtOnce() {
        String key = collector.server().writeKeys().create("mobile").key();
        byte[] body = "{\"event\":\"A\",\"userId\":\"u\"}".getBytes(UTF_8);
        assertThat(collector
                        .send(collector.request("/v1/track").header("Authorization", TestingCollector.basic(key)), body)
                        .status())
                .isEqualTo(200);
        collector.server().writeKeys().revoke(key);
        Response response = collector.send(
                collector.request("/v1/track").header("Authorization", TestingCollector.basic(key)), body);
        assertRejected(response, 403, "FORBIDDEN", "write key of source 'mobile' was revoked");
        Response inBody = collector.send(
                collector.request("/v1/track"),
                ("{\"writeKey\":\"" + key + "\",\"event\":\"A\",\"userId\":\"u\"}").getBytes(UTF_8));
        assertRejected(inBody, 403, "FORBIDDEN", "revoked");
        assertThat(collector.query("SELECT source FROM events")).containsExactly(Map.of("source", "mobile"));
    }

    @Test
    void writeKeyInTheBody() {
        Response response = collector.send(
                collector.request("/v1/batch"),
                ("{\"writeKey\":\"" + collector.writeKey()
                                + "\",\"batch\":[{\"type\":\"track\",\"event\":\"Body Key\",\"userId\":\"u\"}]}")
                        .getBytes(UTF_8));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(collector.query("SELECT event, source FROM events"))
                .containsExactly(Map.of("event", "Body Key", "source", "test"));
    }

    // ---- timestamps ---------------------------------------------------------------------------

    @Test
    void timestampThatIsNotIso8601() {
        assertRejected(
                collector.post("/v1/track", "{\"event\":\"A\",\"userId\":\"u\",\"timestamp\":\"yesterday\"}"),
                400,
                "INVALID_MESSAGE",
                "timestamp 'yesterday' is not ISO-8601 (expected e.g. 2026-01-31T12:00:00Z)");
        assertRejected(
                collector.post(
                        "/v1/track", "{\"event\":\"A\",\"userId\":\"u\",\"timestamp\":\"2026-13-01T00:00:00Z\"}"),
                400,
                "INVALID_MESSAGE",
                "is not ISO-8601");
        assertRejected(
                collector.post("/v1/batch", "{\"sentAt\":\"noon\",\"batch\":[" + track("A", "ts-1") + "]}"),
                400,
                "INVALID_MESSAGE",
                "batch sentAt 'noon' is not ISO-8601");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void timestampBefore2000IsRejected() {
        assertRejected(
                collector.post(
                        "/v1/track", "{\"event\":\"A\",\"userId\":\"u\",\"timestamp\":\"1999-12-31T23:59:59Z\"}"),
                400,
                "INVALID_MESSAGE",
                "is before 2000-01-01");
        assertThat(storedEvents()).isZero();
    }

    /** Offsets are honoured and a timestamp without one is UTC, whatever the server's zone. */
    @Test
    void timestampOffsetsAndNaiveTimestamps() {
        assertThat(collector
                        .post(
                                "/v1/track",
                                "{\"event\":\"Offset\",\"userId\":\"u\",\"timestamp\":\"2024-04-07T01:30:00-06:00\"}")
                        .status())
                .isEqualTo(200);
        assertThat(collector
                        .post(
                                "/v1/track",
                                "{\"event\":\"Naive\",\"userId\":\"u\",\"timestamp\":\"2024-04-07T01:30:00\"}")
                        .status())
                .isEqualTo(200);
        assertThat(collector.query("SELECT event, epoch_ms(ts) AS ts_ms, CAST(ts AS VARCHAR) AS ts_text FROM events"
                        + " ORDER BY event"))
                .containsExactly(
                        Map.of(
                                "event", "Naive",
                                "ts_ms", Instant.parse("2024-04-07T01:30:00Z").toEpochMilli(),
                                "ts_text", "2024-04-07 01:30:00"),
                        Map.of(
                                "event", "Offset",
                                "ts_ms", Instant.parse("2024-04-07T07:30:00Z").toEpochMilli(),
                                "ts_text", "2024-04-07 07:30:00"));
    }

    @Test
    void farFutureTimestampIsClampedToReceivedAt() {
        Instant before = Instant.now();
        assertThat(collector
                        .post(
                                "/v1/track",
                                "{\"event\":\"Future\",\"userId\":\"u\",\"timestamp\":\"2099-01-01T00:00:00Z\"}")
                        .status())
                .isEqualTo(200);
        Instant after = Instant.now();
        // 23 hours ahead is within the tolerance and kept as sent
        Instant nearFuture = before.plus(Duration.ofHours(23));
        assertThat(collector
                        .post("/v1/track", "{\"event\":\"Soon\",\"userId\":\"u\",\"timestamp\":\"" + nearFuture + "\"}")
                        .status())
                .isEqualTo(200);
        Map<String, Map<String, Object>> rows =
                byEvent(collector.query("SELECT event, epoch_ms(ts) AS ts_ms, epoch_ms(original_ts) AS original_ms,"
                        + " epoch_ms(received_at) AS received_ms FROM events"));
        Map<String, Object> future = rows.get("Future");
        assertThat(future.get("ts_ms")).isEqualTo(future.get("received_ms"));
        assertThat((Long) future.get("ts_ms")).isBetween(before.toEpochMilli(), after.toEpochMilli());
        assertThat(future.get("original_ms"))
                .isEqualTo(Instant.parse("2099-01-01T00:00:00Z").toEpochMilli());
        assertThat(rows.get("Soon").get("ts_ms")).isEqualTo(nearFuture.toEpochMilli());
    }

    /**
     * A client whose clock is an hour behind stamps both timestamp and the batch sentAt an hour
     * early; the stored time is shifted by receivedAt - sentAt, i.e. by about +1 h. A message's own
     * sentAt wins over the envelope's.
     */
    @Test
    void batchSentAtCorrectsClockSkew() {
        Instant realNow = Instant.now();
        Instant clientNow = realNow.minus(Duration.ofHours(1));
        Instant happened = realNow.minusSeconds(600);
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        items.add(track("Envelope", "skew-1")
                .put("timestamp", happened.minus(Duration.ofHours(1)).toString()));
        items.add(track("Own SentAt", "skew-2")
                .put("timestamp", happened.minus(Duration.ofHours(2)).toString())
                .put("sentAt", realNow.minus(Duration.ofHours(2)).toString()));
        items.add(track("No Timestamp", "skew-3"));
        ObjectNode body = batch(items).put("sentAt", clientNow.toString());
        Response response = collector.post("/v1/batch", body);
        Instant after = Instant.now();
        assertThat(response.status()).as("%s", response).isEqualTo(200);

        Map<String, Map<String, Object>> rows =
                byEvent(collector.query("SELECT event, epoch_ms(ts) AS ts_ms, epoch_ms(original_ts) AS original_ms,"
                        + " epoch_ms(sent_at) AS sent_ms FROM events"));
        long slack = Duration.between(realNow, after).toMillis() + 1;
        for (String event : List.of("Envelope", "Own SentAt")) {
            assertThat((Long) rows.get(event).get("ts_ms"))
                    .as(event)
                    .isBetween(happened.toEpochMilli(), happened.toEpochMilli() + slack);
        }
        assertThat(rows.get("Envelope").get("original_ms"))
                .isEqualTo(happened.minus(Duration.ofHours(1)).toEpochMilli());
        assertThat(rows.get("Envelope").get("sent_ms")).isEqualTo(clientNow.toEpochMilli());
        assertThat(rows.get("Own SentAt").get("sent_ms"))
                .isEqualTo(realNow.minus(Duration.ofHours(2)).toEpochMilli());
        // without a timestamp the event happened when it was received
        assertThat((Long) rows.get("No Timestamp").get("ts_ms"))
                .isBetween(realNow.toEpochMilli(), after.toEpochMilli());
        assertThat(rows.get("No Timestamp").get("original_ms")).isNull();
    }

    /**
     * The 2000 and 24 h rules apply to the corrected timestamp: a phone whose clock was reset to
     * 1970 sends a 1970 timestamp and a 1970 sentAt, and the event is kept at about now.
     */
    @Test
    void rulesApplyToTheCorrectedTimestamp() {
        Instant now = Instant.now();
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        items.add(track("Reset Clock", "reset").put("timestamp", "1970-01-01T00:05:00Z"));
        ObjectNode body = batch(items).put("sentAt", "1970-01-01T00:10:00Z");
        Response response = collector.post("/v1/batch", body);
        Instant after = Instant.now();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        Map<String, Object> row = collector
                .query("SELECT epoch_ms(ts) AS ts_ms, epoch_ms(original_ts) AS original_ms FROM events")
                .get(0);
        // five minutes before it was sent
        assertThat((Long) row.get("ts_ms"))
                .isBetween(
                        now.minusSeconds(300).toEpochMilli(),
                        after.minusSeconds(300).toEpochMilli());
        assertThat(row.get("original_ms")).isEqualTo(300_000L);
    }

    // ---- duplicates ---------------------------------------------------------------------------

    @Test
    void duplicateMessageIdsAreStoredOnce() {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        items.add(track("Dup", "dup-1"));
        items.add(track("Dup", "dup-1"));
        items.add(track("Dup", "dup-2"));
        // an old timestamp: the de-duplication window is about when events arrived, not when they happened
        items.forEach(item -> ((ObjectNode) item).put("timestamp", "2021-06-01T00:00:00Z"));
        assertThat(collector.post("/v1/batch", batch(items)).status()).isEqualTo(200);
        assertThat(collector.post("/v1/batch", batch(items)).status()).isEqualTo(200);
        assertThat(collector.post("/v1/track", items.get(0).toString()).status())
                .isEqualTo(200);
        // query() restarts the server: the ids are remembered from the store
        assertThat(collector.count("SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(collector.post("/v1/batch", batch(items)).status()).isEqualTo(200);
        items.add(track("Dup", "dup-3"));
        assertThat(collector.post("/v1/batch", batch(items)).status()).isEqualTo(200);
        assertThat(collector.query(
                        "SELECT message_id, count(*) AS n FROM events GROUP BY message_id ORDER BY message_id"))
                .containsExactly(
                        Map.of("message_id", "dup-1", "n", 1L),
                        Map.of("message_id", "dup-2", "n", 1L),
                        Map.of("message_id", "dup-3", "n", 1L));
    }

    /** Without a messageId each request is a new event (the collector cannot tell retries apart). */
    @Test
    void missingMessageIdIsGenerated() {
        String body = "{\"event\":\"NoId\",\"userId\":\"u\"}";
        assertThat(collector.post("/v1/track", body).status()).isEqualTo(200);
        assertThat(collector.post("/v1/track", body).status()).isEqualTo(200);
        List<Map<String, Object>> rows = collector.query("SELECT message_id FROM events WHERE event = 'NoId'");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("message_id")).isNotEqualTo(rows.get(1).get("message_id"));
    }

    // ---- partial acceptance -------------------------------------------------------------------

    @Test
    void partialBatchAcceptance() {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        items.add(track("Good", "p-0"));
        items.add(track(null, "p-1"));
        items.add(track("Good", "p-2"));
        items.add(TestingCollector.JSON.getNodeFactory().textNode("not a message"));
        items.add(track("Good", "p-4").put("timestamp", "1970-01-01T00:00:00Z"));
        items.add(track("Good", "p-5"));
        Response response = collector.post("/v1/batch", batch(items));
        assertRejected(response, 400, "INVALID_MESSAGE", "3 of 6 messages rejected; the others were accepted");
        assertThat(response.json().path("details").path("accepted").asInt()).isEqualTo(3);
        assertThat(rejected(response))
                .containsExactly(
                        Map.entry(1, "track message has no 'event' name"),
                        Map.entry(3, "message is not a JSON object, found string"),
                        Map.entry(4, "timestamp 1970-01-01T00:00:00Z is before 2000-01-01"));
        // a client that retries the whole batch does not double count the accepted ones
        Response retry = collector.post("/v1/batch", batch(items));
        assertThat(retry.status()).isEqualTo(400);
        assertThat(retry.json().path("details").path("accepted").asInt()).isEqualTo(3);
        assertThat(collector.query("SELECT message_id FROM events ORDER BY message_id"))
                .containsExactly(Map.of("message_id", "p-0"), Map.of("message_id", "p-2"), Map.of("message_id", "p-5"));
    }

    @Test
    void batchEnvelopeContextIsApplied() {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        items.add(track("Ctx", "ctx-1"));
        items.add(track("Ctx", "ctx-2")
                .set("context", TestingCollector.JSON.createObjectNode().put("ip", "2")));
        ObjectNode body = batch(items);
        body.set("context", TestingCollector.JSON.createObjectNode().put("ip", "1"));
        assertThat(collector.post("/v1/batch", body).status()).isEqualTo(200);
        assertThat(
                        collector.query(
                                "SELECT message_id, json_extract_string(context, '$.ip') AS ip FROM events ORDER BY message_id"))
                .containsExactly(Map.of("message_id", "ctx-1", "ip", "1"), Map.of("message_id", "ctx-2", "ip", "2"));
    }

    // ---- analytics.js ---------------------------------------------------------------------------

    /** analytics.js posts to one-letter paths as text/plain (no CORS preflight), key in the body. */
    @Test
    void shortPathsWithTextPlain() {
        Map<String, String> bodies = Map.of(
                "/v1/t", "{\"event\":\"Short\",\"anonymousId\":\"a\",\"messageId\":\"s-t\"}",
                "/v1/p",
                        "{\"name\":\"Home\",\"anonymousId\":\"a\",\"messageId\":\"s-p\",\"properties\":{\"url\":\"https://x/\"}}",
                "/v1/i", "{\"userId\":\"u\",\"anonymousId\":\"a\",\"messageId\":\"s-i\",\"traits\":{\"k\":1}}",
                "/v1/s", "{\"name\":\"Main\",\"anonymousId\":\"a\",\"messageId\":\"s-s\"}",
                "/v1/g", "{\"groupId\":\"g\",\"anonymousId\":\"a\",\"messageId\":\"s-g\"}",
                "/v1/a", "{\"previousId\":\"a\",\"userId\":\"u\",\"messageId\":\"s-a\"}",
                "/v1/b",
                        "{\"batch\":[{\"type\":\"track\",\"event\":\"B\",\"anonymousId\":\"a\",\"messageId\":\"s-b\"}]}");
        bodies.forEach((path, json) -> {
            ObjectNode node = (ObjectNode) readTree(json);
            node.put("writeKey", collector.writeKey());
            Response response = collector.send(
                    collector.request(path).header("Content-Type", "text/plain;charset=UTF-8"),
                    node.toString().getBytes(UTF_8));
            assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
        });
        assertThat(collector.query("SELECT message_id, type FROM events ORDER BY message_id"))
                .containsExactly(
                        Map.of("message_id", "s-a", "type", "alias"),
                        Map.of("message_id", "s-b", "type", "track"),
                        Map.of("message_id", "s-g", "type", "group"),
                        Map.of("message_id", "s-i", "type", "identify"),
                        Map.of("message_id", "s-p", "type", "page"),
                        Map.of("message_id", "s-s", "type", "screen"),
                        Map.of("message_id", "s-t", "type", "track"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static ObjectNode track(String event, String messageId) {
        ObjectNode node = TestingCollector.JSON.createObjectNode().put("type", "track");
        if (event != null) {
            node.put("event", event);
        }
        return node.put("userId", "u").put("messageId", messageId);
    }

    private static ObjectNode batch(ArrayNode items) {
        ObjectNode body = TestingCollector.JSON.createObjectNode();
        body.set("batch", items.deepCopy());
        return body;
    }

    private static Map<String, Map<String, Object>> byEvent(List<Map<String, Object>> rows) {
        return rows.stream().collect(java.util.stream.Collectors.toMap(row -> (String) row.get("event"), row -> row));
    }

    /** details.rejected as index -> reason, in order. */
    private static List<Map.Entry<Integer, String>> rejected(Response response) {
        JsonNode rejected = response.json().path("details").path("rejected");
        assertThat(rejected.isArray()).as("details.rejected in %s", response).isTrue();
        return java.util.stream.StreamSupport.stream(rejected.spliterator(), false)
                .map(entry -> Map.entry(
                        entry.path("index").asInt(), entry.path("reason").asText()))
                .toList();
    }

    private static JsonNode readTree(String json) {
        try {
            return TestingCollector.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
