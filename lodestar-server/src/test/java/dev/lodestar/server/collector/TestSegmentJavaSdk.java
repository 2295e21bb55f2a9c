package dev.lodestar.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Segment Java SDK (analytics-java 3.5.4, which posts batches to {@code /v1/import}
 * with the write key as HTTP Basic user and a batch {@code sentAt}) talks to the collector
 * unchanged, and every message lands in the store with the right columns.
 */
class TestSegmentJavaSdk {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    /** Counts the SDK's per-message callbacks so a test can wait for exactly its messages. */
    private static final class Delivered implements Callback {
        final Set<String> succeeded = ConcurrentHashMap.newKeySet();
        final Map<String, Throwable> failed = new ConcurrentHashMap<>();
        final Semaphore done = new Semaphore(0);

        @Override
        public void success(Message message) {
            succeeded.add(message.messageId());
            done.release();
        }

        @Override
        public void failure(Message message, Throwable throwable) {
            failed.put(message.messageId(), throwable);
            done.release();
        }

        void await(int messages) throws InterruptedException {
            assertThat(done.tryAcquire(messages, WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as(
                            "the SDK reported %d messages within %s (so far %s ok, %s failed)",
                            messages, WAIT, succeeded, failed)
                    .isTrue();
            assertThat(failed).as("messages the SDK failed to deliver").isEmpty();
        }
    }

    @Test
    void everyMessageTypeIsStoredWithItsFields() throws Exception {
        Instant t0 = Instant.parse("2024-03-10T08:30:00.250Z");
        List<MessageBuilder<?, ?>> messages = new ArrayList<>();
        messages.add(TrackMessage.builder("Order Completed")
                .messageId("sdk-track")
                .userId("user-1")
                .anonymousId("anon-1")
                .timestamp(Date.from(t0))
                .properties(Map.of("revenue", 42.5, "currency", "EUR", "order_id", "o-17", "coupon", "SPRING")));
        messages.add(IdentifyMessage.builder()
                .messageId("sdk-identify")
                .userId("user-1")
                .timestamp(Date.from(t0.plusSeconds(1)))
                .traits(Map.of("email", "ana@example.com", "plan", "pro")));
        messages.add(PageMessage.builder("Pricing")
                .messageId("sdk-page")
                .anonymousId("anon-1")
                .timestamp(Date.from(t0.plusSeconds(2)))
                .properties(Map.of("url", "https://example.com/pricing", "title", "Pricing")));
        messages.add(ScreenMessage.builder("Home")
                .messageId("sdk-screen")
                .userId("user-2")
                .timestamp(Date.from(t0.plusSeconds(3)))
                .properties(Map.of("variant", "b")));
        messages.add(GroupMessage.builder("acme")
                .messageId("sdk-group")
                .userId("user-1")
                .timestamp(Date.from(t0.plusSeconds(4)))
                .traits(Map.of("name", "Acme", "employees", 120)));
        messages.add(AliasMessage.builder("anon-1")
                .messageId("sdk-alias")
                .userId("user-1")
                .timestamp(Date.from(t0.plusSeconds(5))));

        Delivered delivered = new Delivered();
        try (TestingCollector collector = TestingCollector.start(data)) {
            Analytics analytics = Analytics.builder(collector.writeKey())
                    .endpoint(collector.baseUrl())
                    .callback(delivered)
                    .flushInterval(1, TimeUnit.HOURS) // only our flush() sends
                    .build();
            try {
                messages.forEach(analytics::enqueue);
                analytics.flush();
                // a success callback is made only after the collector answered 200, which it does
                // only after the commit: nothing to poll once all six are reported
                delivered.await(messages.size());
            } finally {
                analytics.shutdown();
            }
            assertThat(delivered.succeeded)
                    .containsExactlyInAnyOrder(
                            "sdk-track", "sdk-identify", "sdk-page", "sdk-screen", "sdk-group", "sdk-alias");

            Map<String, Map<String, Object>> rows = collector
                    .query("SELECT message_id, type, event, user_id, anonymous_id, person_key, epoch_ms(ts) AS ts_ms,"
                            + " epoch_ms(original_ts) AS original_ms, epoch_ms(sent_at) AS sent_ms,"
                            + " epoch_ms(received_at) AS received_ms, url, revenue, currency, order_id, group_id,"
                            + " previous_id, properties::VARCHAR AS properties, traits::VARCHAR AS traits,"
                            + " context::VARCHAR AS context, source FROM events")
                    .stream()
                    .collect(Collectors.toMap(row -> (String) row.get("message_id"), row -> row));
            assertThat(rows).hasSize(6);

            Map<String, Object> track = rows.get("sdk-track");
            assertThat(track)
                    .containsEntry("type", "track")
                    .containsEntry("event", "Order Completed")
                    .containsEntry("user_id", "user-1")
                    .containsEntry("anonymous_id", "anon-1")
                    .containsEntry("person_key", "user_id:user-1")
                    .containsEntry("revenue", 42.5)
                    .containsEntry("currency", "EUR")
                    .containsEntry("order_id", "o-17")
                    .containsEntry("source", "test");
            JsonNode properties = TestingCollector.JSON.readTree((String) track.get("properties"));
            assertThat(properties.path("coupon").asText()).isEqualTo("SPRING");
            JsonNode context = TestingCollector.JSON.readTree((String) track.get("context"));
            assertThat(context.path("library").path("name").asText()).isEqualTo("analytics-java");

            Map<String, Object> identify = rows.get("sdk-identify");
            assertThat(identify).containsEntry("type", "identify").containsEntry("user_id", "user-1");
            assertThat(identify.get("event")).isNull();
            JsonNode traits = TestingCollector.JSON.readTree((String) identify.get("traits"));
            assertThat(traits.path("email").asText()).isEqualTo("ana@example.com");
            assertThat(traits.path("plan").asText()).isEqualTo("pro");

            assertThat(rows.get("sdk-page"))
                    .containsEntry("type", "page")
                    .containsEntry("event", "Pricing")
                    .containsEntry("anonymous_id", "anon-1")
                    .containsEntry("person_key", "anonymous_id:anon-1")
                    .containsEntry("url", "https://example.com/pricing");
            assertThat(rows.get("sdk-page").get("user_id")).isNull();
            assertThat(rows.get("sdk-page").get("revenue")).isNull();
            assertThat(rows.get("sdk-screen")).containsEntry("type", "screen").containsEntry("event", "Home");
            assertThat(rows.get("sdk-group")).containsEntry("type", "group").containsEntry("group_id", "acme");
            assertThat(TestingCollector.JSON
                            .readTree((String) rows.get("sdk-group").get("traits"))
                            .path("employees")
                            .asInt())
                    .isEqualTo(120);
            assertThat(rows.get("sdk-alias")).containsEntry("type", "alias").containsEntry("previous_id", "anon-1");

            // The SDK stamps the batch with sentAt at send time and the clocks agree, so clock-skew
            // correction moves each timestamp by the network delay only (well under the bound).
            for (int i = 0; i < messages.size(); i++) {
                String id = List.of("sdk-track", "sdk-identify", "sdk-page", "sdk-screen", "sdk-group", "sdk-alias")
                        .get(i);
                Map<String, Object> row = rows.get(id);
                long expected = t0.plusSeconds(i).toEpochMilli();
                assertThat((Long) row.get("original_ms"))
                        .as(id + " original_ts")
                        .isEqualTo(expected);
                assertThat((Long) row.get("ts_ms")).as(id + " ts").isBetween(expected, expected + 5_000);
                assertThat(row.get("sent_ms"))
                        .as(id + " sent_at (from the batch envelope)")
                        .isNotNull();
                assertThat((Long) row.get("received_ms") - (Long) row.get("sent_ms"))
                        .as(id + " receivedAt - sentAt")
                        .isBetween(-1_000L, 5_000L);
            }

            // identify also set the person's traits (derived when the server stopped at the latest)
            List<Map<String, Object>> person = collector.query(
                    "SELECT value::VARCHAR AS value FROM trait_values WHERE identity = 'user_id:user-1' AND name = 'email'");
            assertThat(person).hasSize(1);
            assertThat(TestingCollector.JSON
                            .readTree((String) person.get(0).get("value"))
                            .asText())
                    .isEqualTo("ana@example.com");
        }
    }

    /**
     * A device whose clock is an hour behind: the SDK stamps timestamp and sentAt with the wrong
     * clock; the collector shifts timestamp by receivedAt - sentAt, so the stored time is right.
     */
    @Test
    void clockSkewOfTheSdkIsCorrected() throws Exception {
        Duration behind = Duration.ofHours(1);
        Delivered delivered = new Delivered();
        try (TestingCollector collector = TestingCollector.start(data)) {
            Analytics analytics = Analytics.builder(collector.writeKey())
                    .endpoint(collector.baseUrl())
                    .callback(delivered)
                    .flushInterval(1, TimeUnit.HOURS)
                    .build();
            Instant before = Instant.now();
            Instant happened = before.minusSeconds(30); // real time of the event
            try {
                Date deviceNow = Date.from(Instant.now().minus(behind));
                analytics.enqueue(TrackMessage.builder("Skewed")
                        .messageId("skewed")
                        .userId("u")
                        .timestamp(Date.from(happened.minus(behind)))
                        .sentAt(deviceNow));
                analytics.flush();
                delivered.await(1);
            } finally {
                analytics.shutdown();
            }
            Instant after = Instant.now();
            Map<String, Object> row = collector
                    .query("SELECT epoch_ms(ts) AS ts_ms, epoch_ms(original_ts) AS original_ms FROM events"
                            + " WHERE message_id = 'skewed'")
                    .get(0);
            assertThat((Long) row.get("original_ms"))
                    .isEqualTo(happened.minus(behind).toEpochMilli());
            // corrected = happened - 1h + (receivedAt - (sendTime - 1h)) = happened + (receivedAt - sendTime)
            long slack = Duration.between(before, after).toMillis() + 1_000;
            assertThat((Long) row.get("ts_ms"))
                    .isBetween(happened.toEpochMilli() - 1_000, happened.toEpochMilli() + slack);
        }
    }

    /** SDK users often paste the server URL with a trailing slash; the SDK then posts to //v1/import/. */
    @Test
    void endpointWithTrailingSlashWorks() throws Exception {
        Delivered delivered = new Delivered();
        try (TestingCollector collector = TestingCollector.start(data)) {
            Analytics analytics = Analytics.builder(collector.writeKey())
                    .endpoint(collector.server().url())
                    .callback(delivered)
                    .flushInterval(1, TimeUnit.HOURS)
                    .build();
            try {
                analytics.enqueue(
                        TrackMessage.builder("Slash").messageId("slash").userId("u"));
                analytics.flush();
                delivered.await(1);
            } finally {
                analytics.shutdown();
            }
            assertThat(collector.count("SELECT count(*) FROM events WHERE message_id = 'slash'"))
                    .isEqualTo(1);
        }
    }
}
