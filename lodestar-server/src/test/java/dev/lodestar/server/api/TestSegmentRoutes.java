package dev.lodestar.server.api;

import static dev.lodestar.server.TestingHttp.get;
import static dev.lodestar.server.TestingHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments over real HTTP: parse, preview, save, evaluate, members, export, static lists, overlap. */
class TestSegmentRoutes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void theWholeLifecycleOfSegments() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server, "crm");
            // ten persons: u0..u9; city_tier = i % 3 + 1; even ones bought; u0..u3 viewed 母婴 products
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 10; i++) {
                batch.append("{\"type\":\"identify\",\"userId\":\"u")
                        .append(i)
                        .append("\",\"timestamp\":\"2026-03-01T00:00:00Z\",\"traits\":{\"city_tier\":")
                        .append(i % 3 + 1)
                        .append(",\"phone\":\"138 0013 800")
                        .append(i)
                        .append("\",\"name\":\"会员")
                        .append(i)
                        .append("\"}},");
                if (i % 2 == 0) {
                    batch.append("{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u")
                            .append(i)
                            .append("\",\"timestamp\":\"2026-03-02T00:00:00Z\",\"properties\":{\"revenue\":50}},");
                }
                if (i < 4) {
                    batch.append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u")
                            .append(i)
                            .append("\",\"timestamp\":\"2026-03-03T00:00:00Z\",\"properties\":{\"category\":\"母婴\"}},");
                }
            }
            batch.setLength(batch.length() - 1);
            TestingHttp.postBatch(server, auth, batch.append("]}").toString());
            server.persons().sync();

            // parse: canonical text, JSON and explanations; errors carry their position
            JsonNode parsed = postJson(
                    server,
                    "api/segments/parse",
                    "{\"text\":\"trait.city_tier <= 2 AND did('Order Completed')\"}",
                    200);
            assertThat(parsed.get("text").asText()).isEqualTo("trait.city_tier <= 2 and did(\"Order Completed\")");
            assertThat(parsed.get("condition").has("and")).isTrue();
            assertThat(parsed.get("explain").get("zh-CN").asText()).isNotBlank();
            JsonNode typo = postJson(server, "api/segments/parse", "{\"text\":\"trait.ctiy_tier <= 2\"}", 400);
            assertThat(typo.get("title").asText())
                    .contains("unknown trait 'ctiy_tier' at 1:7", "did you mean 'city_tier'?");
            assertThat(typo.get("details").get("line").asInt()).isEqualTo(1);
            assertThat(typo.get("details").get("column").asInt()).isEqualTo(7);

            // preview: tiers 1-2 (i % 3 != 2: u0,u1,u3,u4,u6,u7,u9) who bought (u0,u4,u6)
            JsonNode preview = postJson(
                    server,
                    "api/segments/preview",
                    "{\"text\":\"trait.city_tier <= 2 and did(\\\"Order Completed\\\")\",\"sample\":2}",
                    200);
            assertThat(preview.get("size").asLong()).isEqualTo(3);
            assertThat(preview.get("population").asLong()).isEqualTo(10);
            assertThat(preview.get("sample")).hasSize(2);
            assertThat(preview.get("sample").get(0).get("phone").asText()).startsWith("+86138001380");
            assertThat(preview.get("sample").get(0).get("name").asText()).startsWith("会员");
            // the same rule as JSON
            JsonNode asJson =
                    postJson(server, "api/segments/preview", "{\"condition\":" + parsed.get("condition") + "}", 200);
            assertThat(asJson.get("size").asLong()).isEqualTo(3);
            // a hostile literal is a literal
            JsonNode hostile = postJson(
                    server,
                    "api/segments/preview",
                    "{\"text\":\"trait.name = \\\"'; DROP TABLE events; --\\\" or did(\\\"x\\\\\\\" OR 1=1 --\\\")\"}",
                    200);
            assertThat(hostile.get("size").asLong()).isZero();
            assertThat(postJson(server, "api/segments/preview", "{\"text\":\"did(\\\"Order Completed\\\")\"}", 200)
                            .get("size")
                            .asLong())
                    .isEqualTo(5);

            // a dynamic segment is evaluated at once
            JsonNode created = postJson(
                    server,
                    "api/segments",
                    "{\"name\":\"低线城市买家\",\"text\":\"trait.city_tier <= 2 and did(\\\"Order Completed\\\")\"}",
                    201);
            String id = created.get("id").asText();
            assertThat(id).startsWith("seg-");
            assertThat(created.get("size").asLong()).isEqualTo(3);
            assertThat(get(server, "api/segments", 200).toString()).contains(id, "低线城市买家");
            assertThat(postJson(server, "api/segments", "{\"name\":\"低线城市买家\",\"text\":\"did('x')\"}", 400)
                            .get("title")
                            .asText())
                    .contains("exists already");

            // members, paged
            JsonNode page = get(server, "api/segments/" + id + "/members?limit=2", 200);
            assertThat(page.get("members")).hasSize(2);
            JsonNode rest = get(
                    server,
                    "api/segments/" + id + "/members?limit=2&after="
                            + page.get("next").asText(),
                    200);
            assertThat(rest.get("members")).hasSize(1);
            assertThat(rest.get("next").isNull()).isTrue();

            // a changed rule: u0 leaves (tier 1 only: u0, u3, u6, u9 -> buyers u0, u6; then require u6 only)
            JsonNode updated = TestingHttp.putJson(
                    server,
                    "api/segments/" + id,
                    "{\"name\":\"低线城市买家\",\"text\":\"trait.city_tier = 1 and did(\\\"Order Completed\\\") and"
                            + " trait.name != \\\"会员0\\\"\"}",
                    200);
            assertThat(updated.get("size").asLong()).isEqualTo(1);
            JsonNode history = get(server, "api/segments/" + id + "/history", 200);
            long exited = 0;
            for (JsonNode stay : history) {
                if (!stay.get("exitedAt").isNull()) {
                    exited++;
                }
            }
            assertThat(exited).isEqualTo(2);
            JsonNode sizes = get(server, "api/segments/" + id + "/sizes", 200);
            assertThat(sizes).hasSize(2);
            assertThat(sizes.get(1).get("exited").asLong()).isEqualTo(2);
            assertThat(postJson(server, "api/segments/" + id + "/refresh", "", 200)
                            .get("size")
                            .asLong())
                    .isEqualTo(1);

            // a static segment from a list of phones in any format
            String list = postJson(server, "api/segments", "{\"name\":\"CRM list\",\"kind\":\"static\"}", 201)
                    .get("id")
                    .asText();
            JsonNode upload = TestingHttp.postJson(
                    server,
                    "api/segments/" + list + "/members",
                    "手机号\n+86-138-0013-8001\n１３８００１３８００２\n138 0013 8003\n12345\n139 0000 0000\n",
                    200);
            assertThat(upload.get("lines").asLong()).isEqualTo(5);
            assertThat(upload.get("matched").asLong()).isEqualTo(3);
            assertThat(upload.get("invalidCount").asLong()).isEqualTo(1);
            assertThat(upload.get("unmatchedCount").asLong()).isEqualTo(1);
            assertThat(upload.get("size").asLong()).isEqualTo(3);
            assertThat(postJson(server, "api/segments/" + list + "/refresh", "", 400)
                            .get("title")
                            .asText())
                    .contains("is static");

            // overlap: the list (u1,u2,u3) and all buyers (u0,u2,u4,u6,u8)
            String buyers = postJson(
                            server, "api/segments", "{\"name\":\"buyers\",\"text\":\"did('Order Completed')\"}", 201)
                    .get("id")
                    .asText();
            JsonNode overlap = get(server, "api/segments/overlap?ids=" + list + "," + buyers, 200);
            assertThat(cell(overlap, list)).isEqualTo(2);
            assertThat(cell(overlap, buyers)).isEqualTo(4);
            assertThat(cell(overlap, list, buyers)).isEqualTo(1);

            // export: hashed phones, CSV with a BOM; and Excel
            HttpResponse<byte[]> csv = download(
                    server,
                    "api/segments/" + list
                            + "/export?identities=phone&traits=city_tier&hashed=true&phoneForm=national");
            assertThat(csv.statusCode()).isEqualTo(200);
            String text = new String(csv.body(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("\uFEFFperson_id,phone_sha256,trait.city_tier");
            assertThat(text).contains(MemberExport.sha256("13800138001"));
            assertThat(text.strip().split("\r\n")).hasSize(4);
            HttpResponse<byte[]> xlsx = download(
                    server, "api/segments/" + buyers + "/export?format=xlsx&identities=user_id,phone&traits=name");
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = workbook.getSheetAt(0);
                assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("user_id");
                Set<String> users = new HashSet<>();
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    users.add(sheet.getRow(r).getCell(1).getStringCellValue());
                }
                assertThat(users).containsExactlyInAnyOrder("u0", "u2", "u4", "u6", "u8");
            }
            assertThat(get(server, "api/segments/" + list + "/export?format=pdf", 400)
                            .get("title")
                            .asText())
                    .contains("format 'pdf' is not one of csv, xlsx");

            // the profile lists the person's segments and, once computed, its scores
            get(server, "api/rfm/grid", 200);
            JsonNode profile = get(server, "api/persons?user_id=u6", 200);
            List<String> in = new ArrayList<>();
            profile.get("segments").forEach(s -> in.add(s.get("id").asText()));
            assertThat(in).containsExactlyInAnyOrder(id, buyers);
            assertThat(profile.get("scores").get("rfm").get("frequency").asLong())
                    .isEqualTo(1);
            assertThat(profile.get("scores").get("rfm").get("segment").asText()).isNotBlank();
            assertThat(profile.get("scores").get("activity").asText()).isIn("active", "silent", "churned");
            JsonNode viewer = get(server, "api/persons?user_id=u1", 200);
            assertThat(viewer.get("scores").get("rfm").get("segment").isNull()).isTrue();
            assertThat(viewer.get("scores").get("interests").get(0).get("value").asText())
                    .isEqualTo("母婴");

            // a funnel's drop-off list saved as a static segment: u0..u3 viewed after their orders
            JsonNode fromFunnel = postJson(
                    server,
                    "api/funnel/persons/segment",
                    "{\"steps\":[{\"event\":\"Product Viewed\"},{\"event\":\"Order Completed\"}],"
                            + "\"from\":\"2026-03-01\",\"to\":\"2026-03-31\",\"step\":1,\"dropped\":true,"
                            + "\"name\":\"近30天看了没买\"}",
                    201);
            assertThat(fromFunnel.get("size").asLong()).isEqualTo(4);
            // digits alone make no id: a name without Latin letters gets seg-N
            assertThat(fromFunnel.get("id").asText()).matches("seg-[0-9]+");
            JsonNode snapshot =
                    get(server, "api/segments/" + fromFunnel.get("id").asText(), 200);
            assertThat(snapshot.get("kind").asText()).isEqualTo("static");
            assertThat(snapshot.get("size").asLong()).isEqualTo(4);
            assertThat(postJson(
                                    server,
                                    "api/funnel/persons/segment",
                                    "{\"steps\":[{\"event\":\"Product Viewed\"},{\"event\":\"Order Completed\"}],"
                                            + "\"step\":1,\"dropped\":true}",
                                    400)
                            .get("title")
                            .asText())
                    .contains("a segment needs a name");

            // delete
            TestingHttp.delete(server, "api/segments/" + list, 204);
            get(server, "api/segments/" + list, 404);
            List<String> left = new ArrayList<>();
            get(server, "api/segments", 200).forEach(s -> left.add(s.get("id").asText()));
            assertThat(left)
                    .containsExactlyInAnyOrder(id, buyers, fromFunnel.get("id").asText());
        }
    }

    private static long cell(JsonNode overlap, String... segments) {
        for (JsonNode cell : overlap.get("cells")) {
            List<String> in = new ArrayList<>();
            cell.get("segments").forEach(s -> in.add(s.asText()));
            if (in.equals(List.of(segments))) {
                return cell.get("persons").asLong();
            }
        }
        return 0;
    }

    private static HttpResponse<byte[]> download(LodestarServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
