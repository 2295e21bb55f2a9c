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

/** The dashboard's REST API over real HTTP: figures, empty buckets, the data's last day, bad parameters. */
class TestApiRoutes {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path data;

    @Test
    void figuresBucketsAndErrors() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server);
            LocalDate day = LocalDate.now(ZONE).minusDays(10);
            String at = day.atTime(9, 0).atZone(ZONE).toInstant().toString();
            String body = "{\"batch\":["
                    + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"timestamp\":\"" + at
                    + "\",\"properties\":{\"revenue\":120}},"
                    + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u2\",\"timestamp\":\"" + at
                    + "\",\"properties\":{\"revenue\":30}},"
                    + "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a1\",\"timestamp\":\"" + at + "\"}]}";
            TestingHttp.postBatch(server, auth, body);

            JsonNode config = get(server, "api/config", 200);
            assertThat(config.get("zone").asText()).isEqualTo("Asia/Shanghai");
            assertThat(config.get("lastEventDay").asText()).isEqualTo(day.toString());

            JsonNode overview = get(server, "api/overview?from=" + day.minusDays(2) + "&to=" + day, 200);
            assertThat(overview.get("events").asLong()).isEqualTo(3);
            assertThat(overview.get("persons").asLong()).isEqualTo(3);
            assertThat(overview.get("orders").asLong()).isEqualTo(2);
            assertThat(overview.get("revenue").asDouble()).isEqualTo(150.0);
            assertThat(overview.get("buyers").asLong()).isEqualTo(2);
            assertThat(overview.get("conversionRate").asDouble()).isEqualTo(2.0 / 3);
            assertThat(overview.get("averageOrderValue").asDouble()).isEqualTo(75.0);
            assertThat(overview.get("dau").asLong()).isEqualTo(3);

            JsonNode trend = get(
                    server,
                    "api/trend?event=Order%20Completed&measure=persons&interval=day&from=" + day.minusDays(2) + "&to="
                            + day.plusDays(1),
                    200);
            assertThat(trend.get("points")).hasSize(4);
            assertThat(trend.get("points").get(0).get("value").asLong()).isZero();
            assertThat(trend.get("points").get(2).get("start").asText()).isEqualTo(day + "T00:00");
            assertThat(trend.get("points").get(2).get("value").asLong()).isEqualTo(2);

            assertThat(get(server, "api/trend?interval=fortnight", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("interval 'fortnight' is not one of hour, day, week, month");
            assertThat(get(server, "api/overview?from=2026-13-01", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("from '2026-13-01' is not a date (expected e.g. 2026-01-31)");
            assertThat(get(server, "api/overview?from=2026-02-01&to=2026-01-01", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("from 2026-02-01 is after to 2026-01-01");
            assertThat(get(server, "api/i18n/fr", 404).get("title").asText()).contains("no messages for locale 'fr'");
            assertThat(get(server, "api/i18n/zh-CN", 200).size()).isPositive();
        }
    }

    private static JsonNode get(LodestarServer server, String path, int status) throws Exception {
        return TestingHttp.get(server, path, status);
    }
}
