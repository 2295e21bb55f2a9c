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

/** {@code POST /api/funnel} over real HTTP: counts, rates, time to convert, breakdown, validation. */
class TestFunnelRoutes {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path data;

    @Test
    void funnelOverHttp() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server);
            LocalDate day = LocalDate.now(ZONE).minusDays(5);
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            // u1: view, add (1 h), order (3 h); u2: view, add (2 h); u3: view; u4: view, coupon removed, add
            String[][] rows = {
                {"u1", "Product Viewed", "9", "wechat"},
                {"u1", "Product Added", "10", "wechat"},
                {"u1", "Order Completed", "12", "wechat"},
                {"u2", "Product Viewed", "9", "douyin"},
                {"u2", "Product Added", "11", "douyin"},
                {"u3", "Product Viewed", "9", "wechat"},
                {"u4", "Product Viewed", "9", "baidu"},
                {"u4", "Coupon Removed", "10", "baidu"},
                {"u4", "Product Added", "11", "baidu"}
            };
            for (int i = 0; i < rows.length; i++) {
                String at = day.atTime(Integer.parseInt(rows[i][2]), 0)
                        .atZone(ZONE)
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

            String range = "\"from\":\"" + day.minusDays(1) + "\",\"to\":\"" + day + "\"";
            JsonNode funnel = post(
                    server,
                    "{\"steps\":[\"Product Viewed\",{\"event\":\"Product Added\"},\"Order Completed\"],"
                            + "\"window\":\"P1D\"," + range + "}",
                    200);
            JsonNode steps = funnel.get("steps");
            assertThat(steps).hasSize(3);
            assertThat(steps.get(0).get("persons").asLong()).isEqualTo(4);
            assertThat(steps.get(1).get("persons").asLong()).isEqualTo(3);
            assertThat(steps.get(1).get("conversionFromFirst").asDouble()).isEqualTo(0.75);
            assertThat(steps.get(1).get("dropOff").asLong()).isEqualTo(1);
            assertThat(steps.get(2).get("persons").asLong()).isEqualTo(1);
            assertThat(steps.get(2).get("conversionFromPrevious").asDouble()).isEqualTo(1.0 / 3);
            JsonNode ttc = steps.get(1).get("timeToConvert");
            assertThat(ttc.get("count").asLong()).isEqualTo(3);
            assertThat(ttc.get("averageSeconds").asDouble()).isEqualTo((3600 + 7200 + 7200) / 3.0);
            assertThat(ttc.get("medianSeconds").asDouble()).isBetween(3600.0, 7200.0 * 1.19);
            assertThat(steps.get(2).get("timeToConvert").get("averageSeconds").asDouble())
                    .isEqualTo(3 * 3600.0);

            JsonNode excluded = post(
                    server,
                    "{\"steps\":[\"Product Viewed\",\"Product Added\"],\"order\":\"strict\","
                            + "\"exclusions\":[{\"event\":\"Coupon Removed\",\"fromStep\":1,\"toStep\":2}],"
                            + "\"breakdown\":{\"property\":\"channel\",\"attribution\":\"first_touch\"},"
                            + "\"breakdownLimit\":2," + range + "}",
                    200);
            assertThat(excluded.get("steps").get(1).get("persons").asLong()).isEqualTo(2);
            JsonNode values = excluded.get("breakdown");
            assertThat(values).hasSize(3);
            assertThat(values.get(0).get("value").asText()).isEqualTo("wechat");
            assertThat(values.get(0).get("steps").get(0).get("persons").asLong())
                    .isEqualTo(2);
            assertThat(values.get(2).get("value").asText()).isEqualTo(FunnelRoutes.OTHER);
            assertThat(excluded.get("breakdownValues").asInt()).isEqualTo(3);

            assertThat(error(server, "{\"steps\":[\"Product Viewed\"]}")).isEqualTo("steps must be 2 to 20, found 1");
            assertThat(error(server, "{\"steps\":[\"A\",\"B\"],\"order\":\"sideways\"}"))
                    .isEqualTo("order 'sideways' is not one of ordered, strict, unordered");
            assertThat(error(server, "{\"steps\":[\"A\",\"B\"],\"windowSeconds\":0}"))
                    .isEqualTo("window must be positive, found PT0S");
            assertThat(error(server, "{\"steps\":[\"A\",\"B\"],\"window\":\"7 days\"}"))
                    .isEqualTo("window '7 days' is not an ISO-8601 duration (expected e.g. P14D or PT30M)");
            assertThat(error(
                            server,
                            "{\"steps\":[\"A\",\"B\"],\"exclusions\":[{\"event\":\"X\",\"fromStep\":2,"
                                    + "\"toStep\":1}]}"))
                    .isEqualTo("exclusion steps must satisfy 1 <= from < to, found from 2 to 1");
            assertThat(error(
                            server,
                            "{\"steps\":[{\"event\":\"A\",\"filters\":[{\"property\":\"p\","
                                    + "\"operator\":\"like\",\"values\":[\"x\"]}]},\"B\"]}"))
                    .isEqualTo("operator 'like' is not one of equals, not_equals, in, contains");
            assertThat(error(server, "not json")).startsWith("body is not JSON");
            assertThat(error(server, "{}")).isEqualTo("steps are missing (expected an array of 2 to 20 steps)");
        }
    }

    private static String error(LodestarServer server, String body) throws Exception {
        return post(server, body, 400).get("title").asText();
    }

    private static JsonNode post(LodestarServer server, String body, int status) throws Exception {
        return TestingHttp.postJson(server, "api/funnel", body, status);
    }
}
