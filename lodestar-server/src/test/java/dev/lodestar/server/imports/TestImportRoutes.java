package dev.lodestar.server.imports;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import routes over real HTTP: upload and analyse, refuse bad input, import, import again. */
class TestImportRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    static final String CUSTOMERS =
            """
            客户编号,姓名,手机号码,邮箱,注册时间
            C001,张三,138 0013 8000,zhang@example.cn,2026-01-05 10:00:00
            C002,李四,+86-139-0013-9000,li@example.cn,2026/1/6 11:30
            C003,王五,12345,wang@example,2026-01-07 09:15:00
            C004,赵六,8613700137000,,2026-01-08 08:00:00
            ,无名氏,,,2026-01-09 08:00:00
            """;

    @Test
    void uploadAnalyseImportAndImportAgain() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            HttpResponse<String> uploaded = upload(server, "客户.csv", CUSTOMERS.getBytes(GBK), Map.of());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            JsonNode analysis = MAPPER.readTree(uploaded.body());
            String id = analysis.get("id").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(analysis.get("fileName").asText()).isEqualTo("客户.csv");
            assertThat(analysis.get("inferred").asBoolean()).isTrue();
            assertThat(analysis.get("mapping").asText()).contains("客户编号", "crm_id", "手机号码", "phone", "姓名");
            assertThat(Files.isRegularFile(data.resolve("imports").resolve(id).resolve("客户.csv")))
                    .isTrue();
            JsonNode report = analysis.get("report");
            assertThat(report.get("rows").asLong()).isEqualTo(5);
            assertThat(report.get("accepted").asLong()).isEqualTo(4); // the crm id keeps the bad-phone row
            assertThat(report.get("rejected").asLong()).isEqualTo(1);
            assertThat(report.get("rejections").get(0).get("line").asLong()).isEqualTo(6);
            JsonNode phones = issue(report, "INVALID_PHONE");
            assertThat(phones.get("rows").asLong()).isEqualTo(1);
            assertThat(phones.get("samples").get(0).get("line").asLong()).isEqualTo(4);
            assertThat(report.get("identities").get("persons").asLong()).isEqualTo(4);

            // the stored analysis comes back
            JsonNode again = MAPPER.readTree(send(server, "GET", "api/imports/" + id, null, 200));
            assertThat(again.get("report")).isEqualTo(report);
            assertThat(again.get("mapping").asText())
                    .isEqualTo(analysis.get("mapping").asText());

            // analyse again with an edited mapping (JSON this time): crm id required, no phones
            String edited = "{\"identities\":[{\"column\":\"客户编号\",\"type\":\"crm_id\"}],"
                    + "\"traits\":[{\"column\":\"姓名\",\"name\":\"name\"}]}";
            JsonNode reanalysed = MAPPER.readTree(send(server, "POST", "api/imports/" + id + "/dry-run", edited, 200));
            assertThat(reanalysed.get("inferred").asBoolean()).isFalse();
            assertThat(reanalysed.get("report").get("issues").toString())
                    .doesNotContain("INVALID_PHONE")
                    .contains("MISSING_IDENTITY");
            // a mapping naming a column the file does not have: 400, for analysis and for a run
            String wrongColumn = "identities:\n  - {column: 会员号, type: crm_id}\n";
            assertThat(send(server, "POST", "api/imports/" + id + "/dry-run", wrongColumn, 400))
                    .contains("会员号");
            assertThat(send(server, "POST", "api/imports/" + id + "/run", wrongColumn, 400))
                    .contains("会员号");
            // back to the inferred one for the import
            send(
                    server,
                    "POST",
                    "api/imports/" + id + "/dry-run",
                    analysis.get("mapping").asText(),
                    200);

            JsonNode run = MAPPER.readTree(send(server, "POST", "api/imports/" + id + "/run", "", 200));
            assertThat(run.get("rows").asLong()).isEqualTo(5);
            assertThat(run.get("accepted").asLong()).isEqualTo(4);
            assertThat(run.get("rejected").asLong()).isEqualTo(1);
            assertThat(run.get("rejections").get(0).get("position").asText()).isEqualTo("客户.csv:6");
            assertThat(run.get("rejections").get(0).get("reason").asText()).isNotBlank();
            assertThat(run.get("eventsWritten").asLong()).isZero();

            JsonNode zhang =
                    MAPPER.readTree(send(server, "GET", "api/persons?phone=" + encode("13800138000"), null, 200));
            assertThat(zhang.get("traits").get("name").get("value").asText()).isEqualTo("张三");
            JsonNode li = MAPPER.readTree(send(server, "GET", "api/persons?crm_id=C002", null, 200));
            assertThat(li.get("traits").get("name").get("value").asText()).isEqualTo("李四");
            assertThat(li.get("identities").toString()).contains("+8613900139000", "li@example.cn");

            // the same file again: the same persons, nothing new
            JsonNode second = MAPPER.readTree(send(server, "POST", "api/imports/" + id + "/run", "", 200));
            assertThat(second.get("accepted").asLong()).isEqualTo(4);
            assertThat(MAPPER.readTree(send(server, "GET", "api/persons?phone=" + encode("13800138000"), null, 200))
                            .get("id"))
                    .isEqualTo(zhang.get("id"));
            assertThat(MAPPER.readTree(send(server, "GET", "api/imports/" + id, null, 200))
                            .get("lastRun")
                            .get("accepted")
                            .asLong())
                    .isEqualTo(4);
        }
    }

    @Test
    void eventsImportedTwiceAreWrittenOnce() throws Exception {
        String orders =
                """
                {"user_id":"u-1","event":"Order Completed","ts":"2026-02-01T10:00:00+08:00","order_id":"O-1","revenue":10}
                {"user_id":"u-2","event":"Order Completed","ts":"2026-02-02T10:00:00+08:00","order_id":"O-2","revenue":20}
                """;
        String mapping =
                """
                identities:
                  - {column: user_id, type: user_id}
                event:
                  nameColumn: event
                  timestamp: {column: ts}
                  properties:
                    - {column: order_id, name: order_id}
                    - {column: revenue, name: revenue, type: number}
                """;
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            HttpResponse<String> uploaded =
                    upload(server, "orders.jsonl", orders.getBytes(UTF_8), Map.of("mapping", mapping));
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            String id = MAPPER.readTree(uploaded.body()).get("id").asText();
            JsonNode first = MAPPER.readTree(send(server, "POST", "api/imports/" + id + "/run", "", 200));
            assertThat(first.get("eventsWritten").asLong()).isEqualTo(2);
            JsonNode second = MAPPER.readTree(send(server, "POST", "api/imports/" + id + "/run", "", 200));
            assertThat(second.get("eventsWritten").asLong()).isZero();
            assertThat(second.get("eventsSkipped").asLong()).isEqualTo(2);
        }
    }

    @Test
    void refusesWhatItCannotImport() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            HttpResponse<String> exe = upload(server, "setup.exe", new byte[] {'M', 'Z'}, Map.of());
            assertThat(exe.statusCode()).isEqualTo(400);
            assertThat(MAPPER.readTree(exe.body()).get("title").asText())
                    .contains("setup.exe", "unknown file type", ".csv", ".xlsx");
            assertThat(
                            Files.exists(data.resolve("imports"))
                                    ? Files.list(data.resolve("imports"))
                                            .filter(Files::isDirectory)
                                            .count()
                                    : 0)
                    .isZero();

            HttpResponse<String> encoding =
                    upload(server, "a.csv", CUSTOMERS.getBytes(UTF_8), Map.of("encoding", "klingon-8"));
            assertThat(encoding.statusCode()).isEqualTo(400);
            assertThat(encoding.body()).contains("klingon-8");

            HttpResponse<String> badMapping =
                    upload(server, "a.csv", CUSTOMERS.getBytes(UTF_8), Map.of("mapping", "identities: []"));
            assertThat(badMapping.statusCode()).isEqualTo(400);
            assertThat(MAPPER.readTree(badMapping.body()).get("title").asText()).startsWith("mapping");

            HttpResponse<String> broken = upload(server, "a.xlsx", "not a workbook".getBytes(UTF_8), Map.of());
            assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
            assertThat(MAPPER.readTree(broken.body()).get("title").asText()).contains("a.xlsx");

            HttpResponse<String> notMultipart = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "api/imports"))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString(CUSTOMERS))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notMultipart.statusCode()).isEqualTo(400);
            assertThat(notMultipart.body()).contains("multipart/form-data");

            send(server, "GET", "api/imports/0123456789abcdef", null, 404);
            send(server, "GET", "api/imports/..%2F..", null, 404);
            send(server, "POST", "api/imports/0123456789abcdef/run", "", 404);
        }
    }

    private static JsonNode issue(JsonNode report, String problem) {
        for (JsonNode issue : report.get("issues")) {
            if (issue.get("problem").asText().equals(problem)) {
                return issue;
            }
        }
        throw new AssertionError("no " + problem + " in " + report.get("issues"));
    }

    /** A multipart/form-data request written by hand: the file part, then text fields. */
    HttpResponse<String> upload(LodestarServer server, String fileName, byte[] content, Map<String, String> fields)
            throws Exception {
        String boundary = "----lodestar" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : new LinkedHashMap<>(fields).entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "api/imports"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private String send(LodestarServer server, String method, String path, String body, int expectedStatus)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "text/plain; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, UTF_8));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(expectedStatus);
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
