package dev.lodestar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Real HTTP against a running {@link LodestarServer}, each call asserting the status it expects. */
public final class TestingHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestingHttp() {}

    /** A new write key of the server, as the Basic {@code Authorization} header the SDKs send. */
    public static String writeKeyAuth(LodestarServer server) {
        return writeKeyAuth(server, "test");
    }

    /** The same, for a source of this name (recorded on every event it sends). */
    public static String writeKeyAuth(LodestarServer server, String source) {
        String key = server.writeKeys().create(source).key();
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a {@code /v1/batch} body and asserts that every message was accepted. */
    public static void postBatch(LodestarServer server, String auth, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.url() + "v1/batch"))
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    public static JsonNode get(LodestarServer server, String path, int status) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(server.url() + path)).build());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    public static JsonNode delete(LodestarServer server, String path, int status) throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).DELETE().build());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    public static JsonNode postJson(LodestarServer server, String path, String body, int status) throws Exception {
        return sendJson(server, "POST", path, body, status);
    }

    public static JsonNode putJson(LodestarServer server, String path, String body, int status) throws Exception {
        return sendJson(server, "PUT", path, body, status);
    }

    private static JsonNode sendJson(LodestarServer server, String method, String path, String body, int status)
            throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
        assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** A GET (body null) or POST whose answer is not JSON, e.g. a CSV file; asserts the status. */
    public static HttpResponse<String> text(LodestarServer server, String path, String body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = send(request.build());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return response;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
