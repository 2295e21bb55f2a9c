package dev.lodestar.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/retention} over real HTTP: triangle, rates, incomplete cells, average, breakdown, validation. */
class TestRetentionRoutes {

    @TempDir
    Path data;

    @Test
    void retentionOverHttp() throws Exception {
        ServerConfig config = ServerConfig.defaults(data).withPort(0);
        ZoneId zone = config.zone();
        try (LodestarServer server = LodestarServer.start(config)) {
            String auth = TestingHttp.writeKeyAuth(server);
            LocalDate day0 = LocalDate.now(zone).minusDays(6);
            // u1 and u2 sign up on day 0, u3 on day 1; u1 opens the app on days 1 and 3, u2 on day 2
            String[][] rows = {
                {"u1", "Signed Up", "0", "wechat"},
                {"u1", "App Opened", "1", "wechat"},
                {"u1", "App Opened", "3", "wechat"},
                {"u2", "Signed Up", "0", "douyin"},
                {"u2", "App Opened", "2", "douyin"},
                {"u3", "Signed Up", "1", "wechat"}
            };
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < rows.length; i++) {
                String at = day0.plusDays(Integer.parseInt(rows[i][2]))
                        .atTime(12, 0)
                        .atZone(zone)
                        .toInstant()
                        .toString();
                batch.append(i == 0 ? "" : ",")
                        .append("{\"type\":\"track\",\"event\":\"")
                        .append(rows[i][1])
                        .append("\",\"userId\":\"")
                        .append(rows[i][0])
                        .append("\",\"timestamp\":\"")
                        .append(at)
                        .append("\",\"properties\":{\"channel\":\"")
                        .append(rows[i][3])
                        .append("\"}}");
            }
            batch.append("]}");
            TestingHttp.postBatch(server, auth, batch.toString());
            // u1 and u3 are gold, u2 was gold and is silver now (the current value splits)
            TestingHttp.postBatch(
                    server,
                    auth,
                    "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"tier\":\"gold\"}},"
                            + "{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"tier\":\"gold\"},"
                            + "\"timestamp\":\"2020-01-01T00:00:00Z\"},"
                            + "{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"tier\":\"silver\"}},"
                            + "{\"type\":\"identify\",\"userId\":\"u3\",\"traits\":{\"tier\":\"gold\"}}]}");
            server.persons().sync();

            String range = "\"from\":\"" + day0 + "\",\"to\":\"" + day0.plusDays(1) + "\"";
            JsonNode table = post(
                    server,
                    "{\"cohortEvent\":\"Signed Up\",\"returnEvent\":\"App Opened\",\"period\":\"day\","
                            + "\"periods\":3," + range + "}",
                    200);
            assertThat(table.get("period").asText()).isEqualTo("day");
            assertThat(table.get("mode").asText()).isEqualTo("on");
            assertThat(table.get("persons").asLong()).isEqualTo(3);
            JsonNode cohorts = table.get("cohorts");
            assertThat(cohorts).hasSize(2);
            assertThat(cohorts.get(0).get("start").asText()).isEqualTo(day0.toString());
            assertThat(cohorts.get(0).get("size").asLong()).isEqualTo(2);
            assertThat(longs(cohorts.get(0).get("counts"))).containsExactly(2L, 1L, 1L, 1L);
            assertThat(cohorts.get(0).get("rates").get(1).asDouble()).isEqualTo(0.5);
            assertThat(longs(cohorts.get(1).get("counts"))).containsExactly(1L, 0L, 0L, 0L);
            assertThat(cohorts.get(1).get("incomplete").get(3).asBoolean()).isFalse();
            JsonNode average = table.get("average");
            assertThat(average).hasSize(4);
            assertThat(average.get(0).get("rate").asDouble()).isEqualTo(1.0);
            assertThat(average.get(1).get("rate").asDouble()).isEqualTo(1.0 / 3);
            assertThat(average.get(1).get("cohortPersons").asLong()).isEqualTo(3);

            // on or after, recurring, up to today: today's cohort is incomplete from cell 0
            JsonNode unbounded = post(
                    server,
                    "{\"cohortEvent\":\"Signed Up\",\"returnEvent\":\"App Opened\",\"period\":\"day\","
                            + "\"periods\":3,\"mode\":\"on_or_after\",\"cohortType\":\"recurring\",\"from\":\""
                            + day0 + "\"}",
                    200);
            JsonNode days = unbounded.get("cohorts");
            assertThat(days).hasSize(7);
            assertThat(longs(days.get(0).get("counts"))).containsExactly(2L, 2L, 2L, 1L);
            assertThat(days.get(6).get("incomplete").get(0).asBoolean()).isTrue();
            assertThat(days.get(6).get("size").asLong()).isZero();

            JsonNode split = post(
                    server,
                    "{\"cohortEvent\":\"Signed Up\",\"returnEvent\":\"App Opened\",\"period\":\"day\","
                            + "\"periods\":3,\"breakdown\":\"channel\",\"breakdownLimit\":1," + range + "}",
                    200);
            JsonNode values = split.get("breakdown");
            assertThat(values).hasSize(2);
            assertThat(values.get(0).get("value").asText()).isEqualTo("wechat");
            assertThat(values.get(0).get("persons").asLong()).isEqualTo(2);
            assertThat(values.get(1).get("value").asText()).isEqualTo(RetentionRoutes.OTHER);
            assertThat(split.get("breakdownValues").asInt()).isEqualTo(2);

            JsonNode byTier = post(
                    server,
                    "{\"cohortEvent\":\"Signed Up\",\"returnEvent\":\"App Opened\",\"period\":\"day\","
                            + "\"periods\":3,\"breakdown\":{\"source\":\"person\",\"property\":\"tier\"},"
                            + range + "}",
                    200);
            assertThat(byTier.get("breakdownSource").asText()).isEqualTo("person");
            JsonNode tiers = byTier.get("breakdown");
            assertThat(tiers).hasSize(2);
            assertThat(tiers.get(0).get("value").asText()).isEqualTo("gold");
            assertThat(longs(tiers.get(0).get("cohorts").get(0).get("counts"))).containsExactly(1L, 1L, 0L, 1L);
            assertThat(longs(tiers.get(0).get("cohorts").get(1).get("counts"))).containsExactly(1L, 0L, 0L, 0L);
            assertThat(tiers.get(1).get("value").asText()).isEqualTo("silver");
            assertThat(longs(tiers.get(1).get("cohorts").get(0).get("counts"))).containsExactly(1L, 0L, 1L, 0L);
            assertThat(error(server, "{\"breakdown\":{\"source\":\"group\",\"property\":\"tier\"}}"))
                    .isEqualTo("breakdown source 'group' is not one of event, person");

            JsonNode nobody =
                    post(server, "{\"cohortEvent\":\"Never\",\"period\":\"week\",\"breakdown\":\"channel\"}", 200);
            assertThat(nobody.get("cohorts")).hasSize(9);
            assertThat(nobody.get("breakdown")).isEmpty();

            assertThat(error(server, "{\"periods\":0}")).isEqualTo("periods must be a positive whole number, found 0");
            assertThat(error(server, "{\"periods\":101}")).isEqualTo("periods must be 1 to 100, found 101");
            assertThat(error(server, "{\"period\":\"hour\"}"))
                    .isEqualTo("period 'hour' is not one of day, week, month");
            assertThat(error(server, "{\"mode\":\"after\"}")).isEqualTo("mode 'after' is not one of on, on_or_after");
            assertThat(error(server, "{\"cohortType\":\"new\"}"))
                    .isEqualTo("cohort type 'new' is not one of first_time, recurring");
            assertThat(error(server, "{\"from\":\"2026-13-01\"}"))
                    .isEqualTo("from '2026-13-01' is not a date (expected e.g. 2026-01-31)");
            assertThat(error(server, "{\"cohortEvent\":3}")).isEqualTo("cohortEvent must be text, found 3");
            assertThat(error(server, "not json")).startsWith("body is not JSON");
        }
    }

    private static java.util.List<Long> longs(JsonNode array) {
        java.util.List<Long> list = new java.util.ArrayList<>();
        array.forEach(n -> list.add(n.asLong()));
        return list;
    }

    private static String error(LodestarServer server, String body) throws Exception {
        return post(server, body, 400).get("title").asText();
    }

    private static JsonNode post(LodestarServer server, String body, int status) throws Exception {
        return TestingHttp.postJson(server, "api/retention", body, status);
    }
}
