package dev.lodestar.server.collector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.core.auth.WriteKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise of the collector: a 200 means the events are committed. The server runs
 * in its own JVM, several clients send batches with unique message ids, the JVM is killed with
 * SIGKILL while requests are in flight, and a new server on the same data directory must hold
 * every acknowledged message id exactly once. Three kills at different moments: right after
 * start-up, and after about 2,000 and 8,000 acknowledged events.
 */
class TestKillDurability {
    private static final int CLIENTS = 6;
    private static final int BATCH = 50;
    private static final int[] KILL_AFTER_ACKNOWLEDGED = {100, 2_000, 8_000};
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @TempDir
    Path logs;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void acknowledgedEventsSurviveKill9() throws Exception {
        String key = new WriteKeys(data).create("kill").key();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<List<String>> acknowledgedBatches = new CopyOnWriteArrayList<>();

        for (int round = 0; round < KILL_AFTER_ACKNOWLEDGED.length; round++) {
            try (ServerProcess server = ServerProcess.start(data, logs)) {
                // a client retrying a batch acknowledged before the crash gets 200 and no duplicate
                if (!acknowledgedBatches.isEmpty()) {
                    List<String> old = acknowledgedBatches.get(acknowledgedBatches.size() / 2);
                    assertThat(post(server.port(), key, old)).isEqualTo(200);
                }

                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acknowledgedThisRound = new AtomicInteger();
                AtomicInteger failedAfterKill = new AtomicInteger();
                List<Throwable> unexpected = new CopyOnWriteArrayList<>();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String prefix = "r" + round + "-c" + c + "-";
                    Thread client = new Thread(
                            () -> {
                                for (int seq = 0; !stop.get(); seq++) {
                                    List<String> ids = new ArrayList<>(BATCH);
                                    for (int i = 0; i < BATCH; i++) {
                                        ids.add(prefix + seq + "-" + i);
                                    }
                                    try {
                                        int status = post(server.port(), key, ids);
                                        if (status == 200) {
                                            acknowledged.addAll(ids);
                                            acknowledgedBatches.add(ids);
                                            acknowledgedThisRound.addAndGet(ids.size());
                                        } else {
                                            unexpected.add(new AssertionError("status " + status));
                                            return;
                                        }
                                    } catch (IOException e) {
                                        if (server.killed()) {
                                            failedAfterKill.incrementAndGet();
                                        } else {
                                            unexpected.add(e);
                                        }
                                        return; // the server is gone
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "client-" + c);
                    clients.add(client);
                    client.start();
                }

                Instant deadline = Instant.now().plus(ROUND_LIMIT);
                while (acknowledgedThisRound.get() < KILL_AFTER_ACKNOWLEDGED[round]
                        && unexpected.isEmpty()
                        && Instant.now().isBefore(deadline)) {
                    Thread.onSpinWait();
                    Thread.sleep(1); // poll the counter, not a fixed delay
                }
                assertThat(unexpected).as("client errors before the kill").isEmpty();
                assertThat(acknowledgedThisRound.get())
                        .as("acknowledged in round %d before the deadline", round)
                        .isGreaterThanOrEqualTo(KILL_AFTER_ACKNOWLEDGED[round]);

                int exit = server.kill9();
                // 128 + 9: the JVM died of SIGKILL, no shutdown hook, no close(), no checkpoint
                assertThat(exit).as("exit status of the killed server").isEqualTo(137);
                stop.set(true);
                for (Thread client : clients) {
                    client.join(TimeUnit.SECONDS.toMillis(30));
                    assertThat(client.isAlive())
                            .as(client.getName() + " stopped")
                            .isFalse();
                }
                assertThat(unexpected).as("client errors").isEmpty();
                System.out.printf(
                        "round %d: killed after %d acknowledged events; %d requests were in flight%n",
                        round, acknowledgedThisRound.get(), failedAfterKill.get());
            }
        }

        // a fresh open of the data directory replays the write-ahead log of the last killed server
        List<Map<String, Object>> rows =
                TestingCollector.query(data, "SELECT message_id, count(*) AS n FROM events GROUP BY message_id");
        Set<String> stored = new HashSet<>();
        for (Map<String, Object> row : rows) {
            assertThat(row.get("n")).as("copies of %s", row.get("message_id")).isEqualTo(1L);
            stored.add((String) row.get("message_id"));
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertThat(lost)
                .as("acknowledged but lost (of %d acknowledged)", acknowledged.size())
                .isEmpty();
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(100 + 2_000 + 8_000);
    }

    private int post(int port, String key, List<String> messageIds) throws IOException, InterruptedException {
        ArrayNode items = TestingCollector.JSON.createArrayNode();
        for (String id : messageIds) {
            items.addObject()
                    .put("type", "track")
                    .put("event", "Durable")
                    .put("userId", "user-" + (id.hashCode() & 63))
                    .put("messageId", id)
                    .putObject("properties")
                    .put("revenue", 1.5);
        }
        ObjectNode body = TestingCollector.JSON.createObjectNode();
        body.set("batch", items);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestingCollector.basic(key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A server JVM started from this test's classpath. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path log;
        private volatile boolean killed;

        private ServerProcess(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static ServerProcess start(Path data, Path logs) throws Exception {
            String java = ProcessHandle.current()
                    .info()
                    .command()
                    .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
            Path log = Files.createTempFile(logs, "server-", ".log");
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-Duser.timezone=" + System.getProperty("user.timezone"),
                            "-cp",
                            System.getProperty("java.class.path"),
                            ServerMain.class.getName(),
                            data.toString())
                    .redirectError(log.toFile())
                    .start();
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("LISTENING ")) {
                            return Integer.parseInt(
                                    line.substring("LISTENING ".length()).strip());
                        }
                    }
                    throw new IllegalStateException("server exited before listening");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                return new ServerProcess(process, port.get(60, TimeUnit.SECONDS), log);
            } catch (Exception e) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("server did not start; its log:\n" + Files.readString(log), e);
            }
        }

        int port() {
            return port;
        }

        boolean killed() {
            return killed;
        }

        /** SIGKILL (what {@code destroyForcibly} sends on Linux); returns the exit status. */
        int kill9() throws InterruptedException {
            killed = true;
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
