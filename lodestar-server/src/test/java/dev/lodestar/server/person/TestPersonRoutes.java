package dev.lodestar.server.person;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 360° profile over real HTTP: lookup in any format, merged history, export, erasure. */
class TestPersonRoutes {

    @TempDir
    Path data;

    @Test
    void lookupProfileExportAndErase() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server, "web");
            post(
                    server,
                    auth,
                    "{\"batch\":["
                            + "{\"type\":\"page\",\"name\":\"首页\",\"anonymousId\":\"dev-1\",\"timestamp\":\"2026-03-01T01:00:00Z\"},"
                            + "{\"type\":\"track\",\"event\":\"Product Viewed\",\"anonymousId\":\"dev-1\",\"timestamp\":\"2026-03-01T01:01:00Z\"},"
                            + "{\"type\":\"identify\",\"userId\":\"u-9\",\"anonymousId\":\"dev-1\",\"timestamp\":\"2026-03-01T01:02:00Z\","
                            + "\"traits\":{\"phone\":\"+86-138-0013-8000\",\"email\":\" Zhang@Example.CN \",\"name\":\"张三\",\"consent_sms\":true}},"
                            + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u-9\",\"timestamp\":\"2026-03-01T01:05:00Z\","
                            + "\"properties\":{\"revenue\":88.5}},"
                            + "{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"someone-else\",\"timestamp\":\"2026-03-01T01:05:00Z\"}"
                            + "]}");

            JsonNode byPhone = get(server, "api/persons?phone=" + encode("138 0013 8000"), 200);
            String id = byPhone.get("id").asText();
            assertThat(byPhone.get("events").asLong()).isEqualTo(4);
            assertThat(byPhone.get("orders").asLong()).isEqualTo(1);
            assertThat(byPhone.get("revenue").asDouble()).isEqualTo(88.5);
            assertThat(byPhone.get("firstSeen").asText()).isEqualTo("2026-03-01T01:00:00Z");
            assertThat(byPhone.get("identities").toString())
                    .contains("\"user_id\"", "u-9", "dev-1", "+8613800138000", "zhang@example.cn");
            assertThat(byPhone.get("traits").get("name").get("value").asText()).isEqualTo("张三");
            assertThat(byPhone.get("traits").get("name").get("source").asText()).isEqualTo("web");
            assertThat(byPhone.get("consent").get("sms").get("value").asBoolean())
                    .isTrue();
            assertThat(byPhone.get("timeline")).hasSize(4);
            assertThat(byPhone.get("timeline").get(0).get("name").asText()).isEqualTo("Order Completed");
            assertThat(byPhone.get("merges")).isNotEmpty();

            // the same person by any identifier, in any format, and by id
            assertThat(get(server, "api/persons?email=" + encode("ZHANG@example.cn"), 200)
                            .get("id")
                            .asText())
                    .isEqualTo(id);
            assertThat(get(server, "api/persons?anonymous_id=dev-1", 200)
                            .get("id")
                            .asText())
                    .isEqualTo(id);
            assertThat(get(server, "api/persons/" + id, 200).get("events").asLong())
                    .isEqualTo(4);
            JsonNode page = get(server, "api/persons/" + id + "/timeline?limit=3", 200);
            assertThat(page.get("events")).hasSize(3);
            JsonNode rest = get(
                    server,
                    "api/persons/" + id + "/timeline?limit=3&before="
                            + page.get("nextBefore").asText(),
                    200);
            assertThat(rest.get("events")).hasSize(1);

            // events with equal timestamps are paged without loss or repetition
            post(
                    server,
                    auth,
                    "{\"batch\":["
                            + "{\"type\":\"track\",\"event\":\"A\",\"userId\":\"tie\",\"timestamp\":\"2026-03-02T00:00:00Z\"},"
                            + "{\"type\":\"track\",\"event\":\"B\",\"userId\":\"tie\",\"timestamp\":\"2026-03-02T00:00:00Z\"},"
                            + "{\"type\":\"track\",\"event\":\"C\",\"userId\":\"tie\",\"timestamp\":\"2026-03-02T00:00:00Z\"}]}");
            String tie = get(server, "api/persons?user_id=tie", 200).get("id").asText();
            JsonNode first = get(server, "api/persons/" + tie + "/timeline?limit=2", 200);
            JsonNode second = get(
                    server,
                    "api/persons/" + tie + "/timeline?limit=2&before="
                            + encode(first.get("nextBefore").asText()),
                    200);
            java.util.Set<String> names = new java.util.HashSet<>();
            first.get("events").forEach(e -> names.add(e.get("name").asText()));
            second.get("events").forEach(e -> names.add(e.get("name").asText()));
            assertThat(second.get("events")).hasSize(1);
            assertThat(names).containsExactlyInAnyOrder("A", "B", "C");
            assertThat(get(server, "api/persons/" + tie + "/timeline", 200).get("events"))
                    .hasSize(3);
            assertThat(get(server, "api/persons/" + tie + "/timeline?limit=0", 400)
                            .get("title")
                            .asText())
                    .contains("limit '0' is not a number between 1 and 1000");

            // search by name: contains, case-insensitive, the best match's profile
            assertThat(get(server, "api/persons?name=" + encode("张"), 200)
                            .get("id")
                            .asText())
                    .isEqualTo(id);
            assertThat(get(server, "api/persons?name=" + encode("张三"), 200).get("otherMatches"))
                    .isEmpty();
            assertThat(get(server, "api/persons?name=" + encode("王五"), 404)
                            .get("title")
                            .asText())
                    .isEqualTo("no person has name 王五");

            assertThat(get(server, "api/persons?phone=12345", 400).get("title").asText())
                    .contains("phone '12345' is not valid");
            assertThat(get(server, "api/persons?shoe_size=42", 400).get("title").asText())
                    .contains("unknown identifier type 'shoe_size'");
            assertThat(get(server, "api/persons?phone=" + encode("139 0000 1111"), 404)
                            .get("title")
                            .asText())
                    .contains("no person has phone +8613900001111");

            JsonNode export = get(server, "api/persons/" + id + "/export", 200);
            assertThat(export.get("events")).hasSize(4);
            assertThat(export.get("traits").toString()).contains("张三");

            JsonNode erased = TestingHttp.delete(server, "api/persons/" + id, 200);
            assertThat(erased.get("events").asLong()).isEqualTo(4);
            get(server, "api/persons?phone=" + encode("138 0013 8000"), 404);
            get(server, "api/persons?user_id=u-9", 404);
            // other persons are untouched
            assertThat(get(server, "api/persons?user_id=someone-else", 200)
                            .get("events")
                            .asLong())
                    .isEqualTo(1);
        }
    }

    @Test
    void engagementShowsActiveHoursInTheProjectZoneAndThePreferredChannel() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server, "web");
            // Asia/Shanghai: 12:30Z is 20:30, 01:00Z is 09:00
            post(
                    server,
                    auth,
                    "{\"batch\":["
                            + "{\"type\":\"track\",\"event\":\"Email Opened\",\"userId\":\"e\",\"timestamp\":\"2026-03-01T12:30:00Z\"},"
                            + "{\"type\":\"track\",\"event\":\"Email Link Clicked\",\"userId\":\"e\",\"timestamp\":\"2026-03-02T12:40:00Z\"},"
                            + "{\"type\":\"track\",\"event\":\"Push Notification Tapped\",\"userId\":\"e\",\"timestamp\":\"2026-03-03T12:50:00Z\"},"
                            + "{\"type\":\"page\",\"name\":\"活动页\",\"userId\":\"e\",\"timestamp\":\"2026-03-04T01:00:00Z\","
                            + "\"context\":{\"campaign\":{\"medium\":\"SMS\"}}}"
                            + "]}");
            JsonNode engagement = get(server, "api/persons?user_id=e", 200).get("engagement");
            assertThat(engagement.get("hours").get(20).asLong()).isEqualTo(3);
            assertThat(engagement.get("hours").get(9).asLong()).isEqualTo(1);
            assertThat(engagement.get("peakHours").toString()).isEqualTo("[20,9]");
            assertThat(engagement.get("channels").toString()).isEqualTo("{\"email\":2,\"sms\":1,\"app_push\":1}");
            assertThat(engagement.get("preferredChannel").asText()).isEqualTo("email");
        }
    }

    @Test
    void customIdentityTypesFromIdentityYamlLinkAndLookUp() throws Exception {
        java.nio.file.Files.writeString(
                data.resolve("identity.yaml"),
                "types:\n  - name: douyin_openid\n    priority: 55\n    maxPerPerson: 3\n");
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server, "web");
            // two anonymous visitors identified by the same custom identifier are one person
            post(
                    server,
                    auth,
                    "{\"batch\":["
                            + "{\"type\":\"identify\",\"anonymousId\":\"a-1\",\"timestamp\":\"2026-03-01T01:00:00Z\","
                            + "\"traits\":{\"douyin_openid\":\"DY-77\"}},"
                            + "{\"type\":\"identify\",\"anonymousId\":\"a-2\",\"timestamp\":\"2026-03-01T02:00:00Z\","
                            + "\"traits\":{\"douyin_openid\":\" DY-77 \"}}"
                            + "]}");
            JsonNode person = get(server, "api/persons?douyin_openid=DY-77", 200);
            assertThat(person.get("identities").toString()).contains("a-1", "a-2", "douyin_openid");
            assertThat(get(server, "api/persons?anonymous_id=a-2", 200)
                            .get("id")
                            .asText())
                    .isEqualTo(person.get("id").asText());
        }
    }

    private static void post(LodestarServer server, String auth, String body) throws Exception {
        TestingHttp.postBatch(server, auth, body);
    }

    private static JsonNode get(LodestarServer server, String path, int status) throws Exception {
        return TestingHttp.get(server, path, status);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
