package dev.lodestar.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/trends} and {@code POST /api/distribution} over real HTTP, and their 400s. */
public class TestTrendsRoutes {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path data;

    @Test
    void trendsAndDistributionOverHttp() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            LocalDate d0 = LocalDate.now(ZONE).minusDays(5);
            LocalDate d1 = d0.plusDays(1);
            sendLog(server, d0);
            String range = "\"from\":\"" + d0 + "\",\"to\":\"" + d1 + "\"";

            JsonNode trend = post(
                    server,
                    "api/trends",
                    "{\"series\":[{\"event\":\"Order Completed\",\"measure\":\"sum\",\"property\":\"revenue\"},"
                            + "{\"event\":\"Order Completed\",\"measure\":\"persons\"}],"
                            + "\"formulas\":[\"A/B\"],\"interval\":\"day\",\"compare\":true," + range + "}",
                    200);
            assertThat(texts(trend.get("buckets"))).containsExactly(d0 + "T00:00", d1 + "T00:00");
            assertThat(trend.get("series").get(0).get("label").asText()).isEqualTo("A");
            assertThat(numbers(trend.get("series").get(0).get("values"))).containsExactly(150.0, 30.0);
            assertThat(numbers(trend.get("series").get(1).get("values"))).containsExactly(1.0, 1.0);
            assertThat(trend.get("formulas").get(0).get("expression").asText()).isEqualTo("A/B");
            assertThat(numbers(trend.get("formulas").get(0).get("values"))).containsExactly(150.0, 30.0);
            JsonNode previous = trend.get("previous");
            assertThat(previous.get("from").asText()).isEqualTo(d0.minusDays(2).toString());
            assertThat(previous.get("to").asText()).isEqualTo(d0.minusDays(1).toString());
            assertThat(numbers(previous.get("series").get(0).get("values"))).containsExactly(0.0, 0.0);
            // the formula divides by zero persons in the previous period
            assertThat(previous.get("formulas").get(0).get("values").get(0).isNull())
                    .isTrue();

            JsonNode byTier = post(
                    server,
                    "api/trends",
                    "{\"series\":[{\"measure\":\"events\"},{\"measure\":\"dau\"}],"
                            + "\"breakdown\":{\"source\":\"person\",\"property\":\"tier\",\"limit\":1}," + range
                            + "}",
                    200);
            JsonNode lines = byTier.get("series");
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0).get("breakdownValue").asText()).isEqualTo("gold");
            assertThat(numbers(lines.get(0).get("values"))).containsExactly(2.0, 1.0);
            assertThat(lines.get(1).get("other").asBoolean()).isTrue();
            assertThat(numbers(lines.get(1).get("values"))).containsExactly(2.0, 2.0);
            assertThat(numbers(lines.get(3).get("values"))).containsExactly(2.0, 2.0); // DAU of other: u2, u3

            JsonNode filtered = post(
                    server,
                    "api/trends",
                    "{\"series\":[{\"measure\":\"persons\",\"traitFilters\":[{\"property\":\"tier\","
                            + "\"operator\":\"not_equals\",\"values\":[\"gold\"]}],\"filters\":[{\"property\":"
                            + "\"channel\",\"operator\":\"equals\",\"values\":[\"wechat\"]}]}]," + range + "}",
                    200);
            assertThat(numbers(filtered.get("series").get(0).get("values"))).containsExactly(1.0, 0.0);

            JsonNode distribution = post(
                    server,
                    "api/distribution",
                    "{\"metric\":\"events_per_person\",\"event\":\"Order Completed\"," + range + "}",
                    200);
            assertThat(distribution.get("count").asLong()).isEqualTo(2);
            assertThat(distribution.get("mean").asDouble()).isEqualTo(1.5);
            assertThat(distribution.get("percentiles").get("p50").asDouble()).isEqualTo(1.5);
            assertThat(distribution.get("percentiles").get("p90").asDouble()).isEqualTo(1.9);
            JsonNode histogram = distribution.get("histogram");
            assertThat(histogram).hasSize(2);
            assertThat(histogram.get(0).get("from").asDouble()).isEqualTo(1.0);
            assertThat(histogram.get(1).get("count").asLong()).isEqualTo(1);
            JsonNode revenue = post(
                    server,
                    "api/distribution",
                    "{\"metric\":\"sum_per_person\",\"event\":\"Order Completed\",\"property\":\"revenue\"," + range
                            + "}",
                    200);
            assertThat(revenue.get("max").asDouble()).isEqualTo(150.0);
            assertThat(revenue.get("min").asDouble()).isEqualTo(30.0);

            assertThat(error(server, "api/trends", "{}"))
                    .isEqualTo("series are missing (expected an array of 1 to 10 series)");
            assertThat(error(server, "api/trends", "{\"series\":[]}"))
                    .isEqualTo("a trend needs 1 to 10 series, found 0");
            assertThat(error(server, "api/trends", "{\"series\":[{\"measure\":\"average\"}]}"))
                    .startsWith("measure 'average' is not one of events, persons, dau, wau, mau, sum, avg");
            assertThat(error(server, "api/trends", "{\"series\":[{\"measure\":\"sum\"}]}"))
                    .isEqualTo("series A: measure sum needs a numeric property (e.g. revenue)");
            assertThat(error(server, "api/trends", "{\"series\":[{},{}],\"formulas\":[\"A/C\"]}"))
                    .isEqualTo("formula 'A/C' uses series C but there are 2 series (A to B)");
            assertThat(error(server, "api/trends", "{\"series\":[{}],\"formulas\":[\"A/\"]}"))
                    .isEqualTo("formula 'A/': expected a series letter, a number or '(' at position 3, found the end");
            assertThat(error(server, "api/trends", "{\"series\":[{\"measure\":\"wau\"}],\"interval\":\"hour\"}"))
                    .isEqualTo("measure wau needs a day, week or month interval, not hour");
            assertThat(error(server, "api/trends", "{\"series\":[{}],\"interval\":\"year\"}"))
                    .isEqualTo("interval 'year' is not one of hour, day, week, month");
            assertThat(error(
                            server,
                            "api/trends",
                            "{\"series\":[{}],\"breakdown\":{\"source\":\"group\"," + "\"property\":\"x\"}}"))
                    .isEqualTo("breakdown source 'group' is not one of event, person");
            assertThat(error(server, "api/trends", "{\"series\":[{}],\"compare\":\"yes\"}"))
                    .isEqualTo("compare must be true or false, found \"yes\"");
            assertThat(error(server, "api/trends", "{\"series\":[{}],\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}"))
                    .isEqualTo("from 2026-02-01 is after to 2026-01-01");
            assertThat(error(server, "api/trends", "[1]")).isEqualTo("body must be a JSON object with \"series\"");
            assertThat(error(server, "api/distribution", "{}")).isEqualTo("metric is missing");
            assertThat(error(server, "api/distribution", "{\"metric\":\"median\"}"))
                    .startsWith("metric 'median' is not one of events_per_person");
            assertThat(error(server, "api/distribution", "{\"metric\":\"sum_per_person\"}"))
                    .isEqualTo("metric sum_per_person needs a numeric property (e.g. revenue)");
            assertThat(error(server, "api/distribution", "not json")).startsWith("body is not JSON");
        }
    }

    /**
     * u1 (gold): two orders (100, 50) on d0, a view on d1; u2 (silver): a view on d0 (wechat), an
     * order (30) on d1; u3 (no tier): a view on each day.
     */
    public static void sendLog(LodestarServer server, LocalDate d0) throws Exception {
        String auth = TestingHttp.writeKeyAuth(server);
        String[][] rows = {
            {"identify", "u1", "0", "8", "{\"tier\":\"gold\"}"},
            {"identify", "u2", "0", "8", "{\"tier\":\"silver\"}"},
            {"Order Completed", "u1", "0", "10", "{\"revenue\":100}"},
            {"Order Completed", "u1", "0", "11", "{\"revenue\":50}"},
            {"Product Viewed", "u1", "1", "9", "{}"},
            {"Product Viewed", "u2", "0", "9", "{\"channel\":\"wechat\"}"},
            {"Order Completed", "u2", "1", "10", "{\"revenue\":30}"},
            {"Product Viewed", "u3", "0", "12", "{}"},
            {"Product Viewed", "u3", "1", "12", "{}"}
        };
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < rows.length; i++) {
            String at = d0.plusDays(Integer.parseInt(rows[i][2]))
                    .atTime(Integer.parseInt(rows[i][3]), 0)
                    .atZone(ZONE)
                    .toInstant()
                    .toString();
            boolean identify = rows[i][0].equals("identify");
            batch.append(i == 0 ? "" : ",")
                    .append(
                            identify
                                    ? "{\"type\":\"identify\""
                                    : "{\"type\":\"track\",\"event\":\"" + rows[i][0] + "\"")
                    .append(",\"userId\":\"")
                    .append(rows[i][1])
                    .append("\",\"timestamp\":\"")
                    .append(at)
                    .append(identify ? "\",\"traits\":" : "\",\"properties\":")
                    .append(rows[i][4])
                    .append("}");
        }
        batch.append("]}");
        TestingHttp.postBatch(server, auth, batch.toString());
        server.persons().sync();
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.isNull() ? null : v.asDouble()));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String error(LodestarServer server, String path, String body) throws Exception {
        return post(server, path, body, 400).get("title").asText();
    }

    private static JsonNode post(LodestarServer server, String path, String body, int status) throws Exception {
        return TestingHttp.postJson(server, path, body, status);
    }
}
