package dev.lodestar.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/lifecycle}, {@code /api/stickiness} and {@code /api/paths} over real HTTP, with
 * filters, validation, and saved as analyses ({@code /api/analyses}, run and checked when saved).
 */
class TestActivityRoutes {

    @TempDir
    Path data;

    @Test
    void activityOverHttp() throws Exception {
        ServerConfig config = ServerConfig.defaults(data).withPort(0);
        ZoneId zone = config.zone();
        try (LodestarServer server = LodestarServer.start(config)) {
            String auth = TestingHttp.writeKeyAuth(server);
            // two whole weeks ago: u1 on Monday (Home, Pricing, Signed Up) and Tuesday; u2 on Monday
            // (Home, Docs); last week: u1 on Wednesday (Home); u3 new last week
            LocalDate monday = LocalDate.now(zone)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .minusWeeks(2);
            String[][] rows = {
                {"u1", "page", "Home", "0", "0"},
                {"u1", "page", "Pricing", "0", "2"},
                {"u1", "track", "Signed Up", "0", "5"},
                {"u1", "page", "Home", "1", "0"},
                {"u2", "page", "Home", "0", "0"},
                {"u2", "page", "Docs", "0", "1"},
                {"u1", "page", "Home", "9", "0"},
                {"u3", "track", "Signed Up", "10", "0"}
            };
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < rows.length; i++) {
                String at = monday.plusDays(Integer.parseInt(rows[i][3]))
                        .atTime(12, Integer.parseInt(rows[i][4]))
                        .atZone(zone)
                        .toInstant()
                        .toString();
                batch.append(i == 0 ? "" : ",")
                        .append("{\"type\":\"")
                        .append(rows[i][1])
                        .append(rows[i][1].equals("page") ? "\",\"name\":\"" : "\",\"event\":\"")
                        .append(rows[i][2])
                        .append("\",\"userId\":\"")
                        .append(rows[i][0])
                        .append("\",\"timestamp\":\"")
                        .append(at)
                        .append("\",\"properties\":{\"url\":\"https://example.com/")
                        .append(rows[i][2].toLowerCase(java.util.Locale.ROOT))
                        .append("\"}}");
            }
            batch.append("]}");
            TestingHttp.postBatch(server, auth, batch.toString());
            String weeks = "\"from\":\"" + monday + "\",\"to\":\"" + monday.plusDays(13) + "\"";

            JsonNode lifecycle = post(server, "lifecycle", "{\"period\":\"week\"," + weeks + "}", 200);
            JsonNode periods = lifecycle.get("periods");
            assertThat(periods).hasSize(2);
            assertThat(periods.get(0).get("start").asText()).isEqualTo(monday.toString());
            assertThat(periods.get(0).get("new").asLong()).isEqualTo(2);
            assertThat(periods.get(1).get("new").asLong()).isEqualTo(1); // u3
            assertThat(periods.get(1).get("returning").asLong()).isEqualTo(1); // u1
            assertThat(periods.get(1).get("dormant").asLong()).isEqualTo(-1); // u2
            assertThat(post(server, "lifecycle", "{}", 200).get("periods")).hasSize(12);

            JsonNode stickiness = post(server, "stickiness", "{\"period\":\"week\"," + weeks + "}", 200);
            JsonNode first = stickiness.get("periods").get(0);
            assertThat(first.get("days").asInt()).isEqualTo(7);
            assertThat(longs(first.get("exactly"))).containsExactly(1L, 1L, 0L, 0L, 0L, 0L, 0L);
            assertThat(longs(first.get("atLeast"))).containsExactly(2L, 1L, 0L, 0L, 0L, 0L, 0L);

            // filters: only Home pages count (u3's sign-up does not), only Pricing, or only gold persons
            JsonNode home = post(
                    server,
                    "lifecycle",
                    "{\"filters\":[{\"property\":\"url\",\"operator\":\"contains\",\"values\":[\"home\"]}]," + weeks
                            + "}",
                    200);
            assertThat(home.get("periods").get(1).get("new").asLong()).isZero();
            assertThat(home.get("periods").get(1).get("returning").asLong()).isEqualTo(1);
            JsonNode pricing = post(
                    server,
                    "stickiness",
                    "{\"filters\":[{\"property\":\"url\",\"values\":[\"https://example.com/pricing\"]}]," + weeks + "}",
                    200);
            assertThat(longs(pricing.get("periods").get(0).get("exactly"))).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L);
            JsonNode gold = post(
                    server,
                    "stickiness",
                    "{\"traitFilters\":[{\"property\":\"tier\",\"values\":[\"gold\"]}]," + weeks + "}",
                    200);
            assertThat(gold.get("periods").get(0).get("persons").asLong()).isZero();
            assertThat(error(server, "lifecycle", "{\"filters\":{}}")).isEqualTo("lifecycle: filters must be an array");
            assertThat(error(
                            server, "stickiness", "{\"traitFilters\":[{\"property\":\"tier\",\"operator\":\"like\"}]}"))
                    .isEqualTo("operator 'like' is not one of equals, not_equals, in, contains");

            // saved: checked when saved, run as the route answers
            String homeSpec = "{\"filters\":[{\"property\":\"url\",\"operator\":\"contains\",\"values\":[\"home\"]}],"
                    + weeks + "}";
            for (String kind : List.of("lifecycle", "stickiness", "paths")) {
                JsonNode saved = TestingHttp.postJson(
                        server,
                        "api/analyses",
                        "{\"kind\":\"" + kind + "\",\"name\":\"首页 " + kind + "\",\"spec\":" + homeSpec + "}",
                        201);
                JsonNode run = TestingHttp.get(
                        server, "api/analyses/" + saved.get("id").asLong() + "/run", 200);
                assertThat(run.get("kind").asText()).isEqualTo(kind);
                assertThat(run.get("result")).isEqualTo(post(server, kind, homeSpec, 200));
            }
            assertThat(TestingHttp.postJson(
                                    server,
                                    "api/analyses",
                                    "{\"kind\":\"stickiness\",\"name\":\"x\",\"spec\":{\"period\":\"day\"}}",
                                    400)
                            .get("title")
                            .asText())
                    .isEqualTo("stickiness period must be week or month, found day");
            assertThat(TestingHttp.postJson(
                                    server,
                                    "api/analyses",
                                    "{\"kind\":\"paths\",\"name\":\"x\",\"spec\":{\"steps\":11}}",
                                    400)
                            .get("title")
                            .asText())
                    .isEqualTo("steps must be 2 to 10, found 11");

            JsonNode paths = post(
                    server,
                    "paths",
                    "{\"startPoint\":\"Home\",\"steps\":3,\"from\":\"" + monday + "\",\"to\":\"" + monday + "\"}",
                    200);
            assertThat(paths.get("persons").asLong()).isEqualTo(2);
            assertThat(paths.get("sankeyNodes")).hasSize(4);
            assertThat(paths.get("sankeyLinks").get(0).get("persons").asLong()).isEqualTo(1);
            assertThat(longs(paths.get("dropOff"))).containsExactly(0L, 1L, 1L);
            JsonNode urls = post(
                    server,
                    "paths",
                    "{\"nodes\":\"urls\",\"endPoint\":\"https://example.com/pricing\",\"from\":\"" + monday
                            + "\",\"to\":\"" + monday.plusDays(13) + "\"}",
                    200);
            assertThat(urls.get("topPaths").get(0).get("nodes").get(0).asText()).isEqualTo("https://example.com/home");

            assertThat(error(server, "lifecycle", "{\"period\":\"hour\"}"))
                    .isEqualTo("period 'hour' is not one of day, week, month");
            assertThat(error(server, "lifecycle", "{\"event\":\" \"}"))
                    .isEqualTo("event name is blank (use null for any event)");
            assertThat(error(server, "lifecycle", "{\"from\":\"2026-02-30\"}"))
                    .isEqualTo("from '2026-02-30' is not a date (expected e.g. 2026-01-31)");
            assertThat(error(server, "stickiness", "{\"period\":\"day\"}"))
                    .isEqualTo("stickiness period must be week or month, found day");
            assertThat(error(server, "stickiness", "{\"from\":\"2026-03-02\",\"to\":\"2026-03-01\"}"))
                    .isEqualTo("from 2026-03-02 is after to 2026-03-01");
            assertThat(error(server, "paths", "{\"steps\":11}")).isEqualTo("steps must be 2 to 10, found 11");
            assertThat(error(server, "paths", "{\"startPoint\":\"a\",\"endPoint\":\"b\"}"))
                    .isEqualTo("give a start point or an end point, not both");
            assertThat(error(server, "paths", "{\"nodes\":\"screens\"}"))
                    .isEqualTo("nodes 'screens' is not one of events, urls");
            assertThat(error(server, "paths", "{\"edgeLimit\":0}"))
                    .isEqualTo("edgeLimit must be a positive whole number, found 0");
            assertThat(error(server, "paths", "[1]")).isEqualTo("body must be a JSON object");
            assertThat(error(server, "paths", "not json")).startsWith("body is not JSON");
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asLong()));
        return list;
    }

    private static String error(LodestarServer server, String analysis, String body) throws Exception {
        return post(server, analysis, body, 400).get("title").asText();
    }

    private static JsonNode post(LodestarServer server, String analysis, String body, int status) throws Exception {
        return TestingHttp.postJson(server, "api/" + analysis, body, status);
    }
}
