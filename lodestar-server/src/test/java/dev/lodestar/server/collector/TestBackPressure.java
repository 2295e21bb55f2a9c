package dev.lodestar.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.collector.TestingCollector.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When more events wait for a commit than {@code maxQueuedEvents}, the collector answers 503 with
 * Retry-After at once instead of queueing without bound, and stores nothing of that request.
 */
class TestBackPressure {
    private static final int LIMIT = 10;

    @TempDir
    Path data;

    @Test
    void requestAboveTheLimitIsRefusedWithRetryAfter() {
        try (TestingCollector collector =
                TestingCollector.start(ServerConfig.defaults(data).withPort(0).withMaxQueuedEvents(LIMIT))) {
            Response refused = collector.post("/v1/batch", batch("big", LIMIT + 1));
            assertThat(refused.status()).as("%s", refused).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.type()).isEqualTo("OVERLOADED");
            assertThat(refused.title()).contains("ingestion is behind").contains("limit " + LIMIT);

            Response accepted = collector.post("/v1/batch", batch("small", LIMIT));
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);

            assertThat(collector.query("SELECT DISTINCT split_part(message_id, '-', 1) AS request FROM events"))
                    .extracting(row -> row.get("request"))
                    .containsExactly("small");
            assertThat(collector.count("SELECT count(*) FROM events")).isEqualTo(LIMIT);
            // the refused request can be retried once the queue has room: nothing of it was kept
            assertThat(collector.post("/v1/batch", batch("big", LIMIT)).status())
                    .isEqualTo(200);
            assertThat(collector.count("SELECT count(*) FROM events WHERE message_id LIKE 'big-%'"))
                    .isEqualTo(LIMIT);
        }
    }

    /**
     * Under contention each request is either acknowledged and fully stored, or refused (503)
     * with none of its events stored: a refusal never leaves part of a request behind.
     */
    @Test
    void concurrentRequestsAreEitherStoredOrRefusedWhole() throws Exception {
        try (TestingCollector collector =
                TestingCollector.start(ServerConfig.defaults(data).withPort(0).withMaxQueuedEvents(LIMIT))) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> refused = ConcurrentHashMap.newKeySet();
            AtomicInteger other = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    futures.add(clients.submit(() -> {
                        for (int r = 0; r < 25; r++) {
                            String request = "t" + thread + "r" + r;
                            Response response = collector.post("/v1/batch", batch(request, 4));
                            switch (response.status()) {
                                case 200 -> acknowledged.add(request);
                                case 503 -> refused.add(request);
                                default -> other.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                clients.shutdownNow();
            }
            System.out.printf("%d requests acknowledged, %d refused%n", acknowledged.size(), refused.size());
            assertThat(other.get()).as("answers other than 200 and 503").isZero();
            assertThat(acknowledged.size() + refused.size()).isEqualTo(200);
            assertThat(acknowledged).isNotEmpty();

            List<java.util.Map<String, Object>> rows = collector.query(
                    "SELECT split_part(message_id, '-', 1) AS request, count(*) AS n FROM events GROUP BY 1");
            Set<String> stored = new HashSet<>();
            for (var row : rows) {
                assertThat(row.get("n"))
                        .as("events of request %s", row.get("request"))
                        .isEqualTo(4L);
                stored.add((String) row.get("request"));
            }
            assertThat(stored).isEqualTo(acknowledged);
        }
    }

    private static ObjectNode batch(String request, int events) {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        for (int i = 0; i < events; i++) {
            items.addObject()
                    .put("type", "track")
                    .put("event", "Load")
                    .put("userId", "u")
                    .put("messageId", request + "-" + i);
        }
        ObjectNode body = TestingCollector.JSON.createObjectNode();
        body.set("batch", items);
        return body;
    }
}
