package dev.lodestar.server.collector;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real collector for tests: a {@link LodestarServer} on a free port over a data directory, one
 * write key, an HTTP client, and a way to read what was stored.
 *
 * <p>Reading stops the server first (one process owns the DuckDB file through one connection),
 * opens the data directory the way a restart would, queries it with plain JDBC, and starts the
 * server again on the same directory. So every read also exercises a restart.
 */
final class TestingCollector implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String writeKey;
    private LodestarServer server;

    /** What the collector answered. */
    record Response(int status, HttpHeaders headers, JsonNode json) {
        String title() {
            return json.path("title").asText();
        }

        String type() {
            return json.path("type").asText();
        }

        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    private TestingCollector(ServerConfig config) {
        this.config = config;
        this.server = LodestarServer.start(config);
        this.writeKey = server.writeKeys().create("test").key();
    }

    static TestingCollector start(Path dataDirectory) {
        return start(ServerConfig.defaults(dataDirectory).withPort(0));
    }

    static TestingCollector start(ServerConfig config) {
        return new TestingCollector(config);
    }

    LodestarServer server() {
        return server;
    }

    String writeKey() {
        return writeKey;
    }

    Path dataDirectory() {
        return config.dataDirectory();
    }

    /** The server's base URL without the trailing slash, as users configure SDKs. */
    String baseUrl() {
        String url = server.url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Posts JSON with the write key as the HTTP Basic user name. */
    Response post(String path, String json) {
        return send(request(path).header("Authorization", basic(writeKey)), json.getBytes(UTF_8));
    }

    Response post(String path, JsonNode json) {
        return post(path, json.toString());
    }

    /** A request to a collector path with a JSON content type and no credentials. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
    }

    Response send(HttpRequest.Builder request, byte[] body) {
        try {
            HttpResponse<String> response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(UTF_8));
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(UTF_8));
    }

    /** Stops the server and starts a new one on the same data directory (and a new port). */
    void restart() {
        server.close();
        server = LodestarServer.start(config);
    }

    /**
     * Runs a query against the stored events: stops the server, opens the data directory, reads,
     * closes it and starts the server again. Column values are JDBC objects; read timestamps with
     * {@code epoch_ms(ts)} so that the JVM time zone cannot shift them.
     */
    List<Map<String, Object>> query(String sql, Object... parameters) {
        server.close();
        try {
            return query(config.dataDirectory(), sql, parameters);
        } finally {
            server = LodestarServer.start(config);
        }
    }

    long count(String sql, Object... parameters) {
        return ((Number) query(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    /** Reads a data directory no server has open. */
    static List<Map<String, Object>> query(Path dataDirectory, String sql, Object... parameters) {
        try (DuckDbDatabase database = DuckDbDatabase.open(dataDirectory);
                Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
