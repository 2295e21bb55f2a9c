package dev.lodestar.server.api;

import static dev.lodestar.server.TestingHttp.get;
import static dev.lodestar.server.TestingHttp.postJson;
import static dev.lodestar.server.TestingHttp.putJson;
import static dev.lodestar.server.TestingHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import dev.lodestar.spi.event.PersonIds;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real HTTP: the funnel drill-down ({@code /api/funnel/persons}, its CSV) and saved analyses
 * ({@code /api/analyses}: CRUD, run, a saved funnel's drill-down).
 */
class TestAnalysisRoutes {
    private static final ZoneId ZONE = ServerConfig.DEFAULT_ZONE;

    @TempDir
    Path data;

    private LocalDate day;

    @Test
    void drillDownOverHttp() throws Exception {
        try (LodestarServer server = start()) {
            String u1 = server.persons().personOf(new Identity(IdentityType.USER_ID, "u1"));
            assertThat(server.persons().personOf(new Identity(IdentityType.ANONYMOUS_ID, "a1")))
                    .as("u1 and its anonymous views are one person")
                    .isEqualTo(u1);
            String u2 = PersonIds.of("user_id:u2");
            String u3 = PersonIds.of("user_id:u3");
            String u4 = PersonIds.of("user_id:u4");
            String funnel = "\"steps\":[\"Product Viewed\",\"Product Added\",\"Order Completed\"],\"window\":\"P1D\","
                    + range();

            JsonNode completed = drill(server, "{" + funnel + ",\"step\":3}");
            assertThat(completed.get("event").asText()).isEqualTo("Order Completed");
            assertThat(completed.get("persons")).hasSize(1);
            JsonNode person = completed.get("persons").get(0);
            assertThat(person.get("id").asText()).isEqualTo(u1);
            assertThat(person.get("name").asText()).isEqualTo("张三");
            assertThat(person.get("phone").asText()).isEqualTo("+8613800138000");
            assertThat(completed.get("next").isNull()).isTrue();
            assertThat(ids(drill(server, "{" + funnel + ",\"step\":2,\"dropped\":true}")))
                    .containsExactlyElementsOf(sorted(u2, u4));
            assertThat(ids(drill(server, "{" + funnel + ",\"step\":1,\"dropped\":true}")))
                    .containsExactly(u3);

            // pages in person id order, the cursor from the previous page
            JsonNode first = drill(server, "{" + funnel + ",\"step\":1,\"limit\":3}");
            assertThat(ids(first))
                    .containsExactlyElementsOf(sorted(u1, u2, u3, u4).subList(0, 3));
            JsonNode second = drill(
                    server,
                    "{" + funnel + ",\"step\":1,\"limit\":3,\"after\":\""
                            + first.get("next").asText() + "\"}");
            assertThat(ids(second))
                    .containsExactlyElementsOf(sorted(u1, u2, u3, u4).subList(3, 4));
            assertThat(second.get("next").isNull()).isTrue();

            // one breakdown value; with the exclusion u4's add does not count
            String byChannel = "\"breakdown\":\"channel\"";
            assertThat(ids(drill(
                            server, "{" + funnel + "," + byChannel + ",\"step\":1,\"breakdownValue\":\"wechat\"}")))
                    .containsExactlyElementsOf(sorted(u1, u3));
            String excluded = "\"exclusions\":[{\"event\":\"Coupon Removed\",\"fromStep\":1,\"toStep\":2}]";
            assertThat(ids(drill(server, "{" + funnel + "," + excluded + ",\"step\":1,\"dropped\":true}")))
                    .containsExactlyElementsOf(sorted(u3, u4));

            HttpResponse<String> csv = text(
                    server,
                    "api/funnel/persons.csv",
                    "{" + funnel + ",\"step\":2,\"traits\":[\"name\",\"city\"]}",
                    200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("funnel-step-2-reached.csv");
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo("\uFEFFperson_id,user_id,phone,email,trait.name,trait.city");
            assertThat(lines).hasSize(4);
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line).isEqualTo(u1 + ",u1,+8613800138000,zhang@example.cn,张三,杭州"));

            assertThat(error(server, "{" + funnel + ",\"step\":3,\"dropped\":true}"))
                    .isEqualTo("step 3 is the last step: nobody drops off after it (use a step from 1 to 2)");
            assertThat(error(server, "{" + funnel + ",\"step\":0}"))
                    .isEqualTo("step must be a positive whole number, found 0");
            assertThat(error(server, "{" + funnel + "}")).isEqualTo("step is missing");
            assertThat(error(server, "{" + funnel + ",\"step\":4}")).isEqualTo("step must be 1 to 3, found 4");
            assertThat(error(server, "{" + funnel + ",\"step\":1,\"limit\":5000}"))
                    .isEqualTo("limit must be 1 to 1000, found 5000");
            assertThat(error(server, "{" + funnel + ",\"step\":1,\"dropped\":\"yes\"}"))
                    .isEqualTo("dropped must be true or false, found \"yes\"");
            assertThat(postJson(server, "api/funnel/persons.csv", "{" + funnel + ",\"step\":1,\"hashed\":1}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("hashed must be true or false, found 1");
            HttpResponse<String> hashed = text(
                    server,
                    "api/funnel/persons.csv",
                    "{" + funnel + ",\"step\":3,\"hashed\":true,\"identities\":[\"phone\"],\"traits\":[]}",
                    200);
            assertThat(hashed.body().lines().toList())
                    .containsExactly(
                            "\uFEFFperson_id,phone_sha256",
                            u1 + "," + dev.lodestar.core.segment.MemberExport.sha256("+8613800138000"));
            assertThat(error(server, "{" + funnel + ",\"step\":1,\"breakdownValue\":\"wechat\"}"))
                    .isEqualTo("a breakdown value is given but the funnel has no breakdown");
            assertThat(error(server, "{\"steps\":[\"A\"],\"step\":1}")).isEqualTo("steps must be 2 to 20, found 1");
        }
    }

    @Test
    void conversionOverTimeOverHttp() throws Exception {
        try (LodestarServer server = start()) {
            String funnel = "\"steps\":[\"Product Viewed\",\"Order Completed\"]," + range();
            JsonNode daily = postJson(server, "api/funnel/trend", "{" + funnel + "}", 200);
            assertThat(daily.get("interval").asText()).isEqualTo("day");
            JsonNode points = daily.get("points");
            assertThat(points).hasSize(2);
            assertThat(points.get(0).get("start").asText())
                    .isEqualTo(day.minusDays(1).toString());
            assertThat(points.get(0).get("persons").toString()).isEqualTo("[0,0]");
            assertThat(points.get(0).get("conversion").isNull()).isTrue();
            assertThat(points.get(1).get("persons").toString()).isEqualTo("[4,1]");
            assertThat(points.get(1).get("conversion").asDouble()).isEqualTo(0.25);
            JsonNode weekly = postJson(server, "api/funnel/trend", "{" + funnel + ",\"interval\":\"week\"}", 200);
            long persons = 0;
            for (JsonNode point : weekly.get("points")) {
                persons += point.get("persons").get(0).asLong();
            }
            assertThat(persons).isEqualTo(4);
            assertThat(postJson(server, "api/funnel/trend", "{" + funnel + ",\"interval\":\"hour\"}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("interval must be day, week or month for a funnel over time");
            assertThat(postJson(server, "api/funnel/trend", "{" + funnel + ",\"breakdown\":\"channel\"}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("a funnel over time has no breakdown; remove \"breakdown\"");
        }
    }

    @Test
    void savedAnalysesOverHttp() throws Exception {
        try (LodestarServer server = start()) {
            String spec = "{\"steps\":[\"Product Viewed\",\"Product Added\",\"Order Completed\"],\"window\":\"P1D\","
                    + range() + "}";
            JsonNode saved = postJson(
                    server, "api/analyses", "{\"kind\":\"funnel\",\"name\":\"浏览未购买\",\"spec\":" + spec + "}", 201);
            long id = saved.get("id").asLong();
            assertThat(saved.get("spec").get("window").asText()).isEqualTo("P1D");
            JsonNode retention = postJson(
                    server,
                    "api/analyses",
                    "{\"kind\":\"retention\",\"name\":\"weekly\",\"spec\":{\"period\":\"day\",\"periods\":3}}",
                    201);

            assertThat(postJson(
                                    server,
                                    "api/analyses",
                                    "{\"kind\":\"funnel\",\"name\":\" 浏览未购买\",\"spec\":" + spec + "}",
                                    409)
                            .get("title")
                            .asText())
                    .contains("a funnel named '浏览未购买' is already saved");
            assertThat(postJson(
                                    server,
                                    "api/analyses",
                                    "{\"kind\":\"funnel\",\"name\":\"bad\",\"spec\":{\"steps\":[\"A\"]}}",
                                    400)
                            .get("title")
                            .asText())
                    .isEqualTo("steps must be 2 to 20, found 1");
            assertThat(postJson(server, "api/analyses", "{\"kind\":\"report\",\"name\":\"x\",\"spec\":{}}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("kind 'report' is not one of funnel, retention, trend, distribution, lifecycle,"
                            + " stickiness, paths");
            assertThat(postJson(server, "api/analyses", "{\"kind\":\"funnel\",\"name\":\"x\",\"spec\":[1]}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("spec must be a JSON object (the body of the funnel route)");
            assertThat(postJson(server, "api/analyses", "{\"kind\":\"trend\",\"name\":\" \",\"spec\":{}}", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("name must be 1 to 200 characters, found 0");

            assertThat(get(server, "api/analyses", 200)).hasSize(2);
            JsonNode funnels = get(server, "api/analyses?kind=funnel", 200);
            assertThat(funnels).hasSize(1);
            assertThat(funnels.get(0).get("name").asText()).isEqualTo("浏览未购买");
            assertThat(get(server, "api/analyses/" + id, 200).get("kind").asText())
                    .isEqualTo("funnel");

            JsonNode run = get(server, "api/analyses/" + id + "/run", 200);
            JsonNode steps = run.get("result").get("steps");
            assertThat(steps.get(0).get("persons").asLong()).isEqualTo(4);
            assertThat(steps.get(1).get("persons").asLong()).isEqualTo(3);
            assertThat(steps.get(2).get("persons").asLong()).isEqualTo(1);
            JsonNode table = get(server, "api/analyses/" + retention.get("id").asLong() + "/run", 200);
            assertThat(table.get("result").get("cohorts")).isNotEmpty();

            JsonNode dropped = get(server, "api/analyses/" + id + "/persons?step=2&dropped=true", 200);
            assertThat(ids(dropped))
                    .containsExactlyElementsOf(sorted(PersonIds.of("user_id:u2"), PersonIds.of("user_id:u4")));
            HttpResponse<String> csv = text(
                    server, "api/analyses/" + id + "/persons.csv?step=1&dropped=true&identities=user_id", null, 200);
            assertThat(csv.body().lines().toList())
                    .containsExactly("\uFEFFperson_id,user_id,trait.name", PersonIds.of("user_id:u3") + ",u3,");
            assertThat(get(server, "api/analyses/" + id + "/persons?step=x", 400)
                            .get("title")
                            .asText())
                    .isEqualTo("step 'x' is not a whole number");

            JsonNode renamed = putJson(
                    server,
                    "api/analyses/" + id,
                    "{\"name\":\"View to order\",\"spec\":" + spec.replace("P1D", "PT1H") + "}",
                    200);
            assertThat(renamed.get("name").asText()).isEqualTo("View to order");
            assertThat(get(server, "api/analyses/" + id + "/run", 200)
                            .get("result")
                            .get("steps")
                            .get(1)
                            .get("persons")
                            .asLong())
                    .as("u1 added within the hour, the others later")
                    .isEqualTo(1);
            assertThat(putJson(server, "api/analyses/" + id, "{\"name\":\"weekly\",\"kind\":\"retention\"}", 400)
                            .get("title")
                            .asText())
                    .contains("kind cannot change");
            assertThat(get(server, "api/analyses/" + retention.get("id").asLong() + "/persons?step=1", 400)
                            .get("title")
                            .asText())
                    .endsWith("is a retention, not a funnel");

            TestingHttp.delete(server, "api/analyses/" + id, 204);
            assertThat(get(server, "api/analyses/" + id, 404).get("title").asText())
                    .isEqualTo("no saved analysis with id " + id);
            TestingHttp.delete(server, "api/analyses/" + id, 404);
            assertThat(get(server, "api/analyses/abc", 400).get("title").asText())
                    .isEqualTo("analysis id 'abc' is not a number");
        }
    }

    private LodestarServer start() throws Exception {
        LodestarServer server = LodestarServer.start(ServerConfig.defaults(data).withPort(0));
        String auth = TestingHttp.writeKeyAuth(server);
        day = LocalDate.now(ZONE).minusDays(5);
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        batch.append(message(
                "identify",
                null,
                "u1",
                "a1",
                8,
                "\"traits\":{\"name\":\"张三\",\"phone\":\"+86 138 0013 8000\","
                        + "\"email\":\"Zhang@Example.cn\",\"city\":\"杭州\"}"));
        // a1 (then u1): view, add (1 h), order (3 h); u2: view, add (2 h); u3: view; u4: view, coupon removed, add
        String[][] rows = {
            {null, "a1", "Product Viewed", "9", "wechat"},
            {"u1", null, "Product Added", "10", "wechat"},
            {"u1", null, "Order Completed", "12", "wechat"},
            {"u2", null, "Product Viewed", "9", "douyin"},
            {"u2", null, "Product Added", "11", "douyin"},
            {"u3", null, "Product Viewed", "9", "wechat"},
            {"u4", null, "Product Viewed", "9", "baidu"},
            {"u4", null, "Coupon Removed", "10", "baidu"},
            {"u4", null, "Product Added", "11", "baidu"}
        };
        for (String[] row : rows) {
            batch.append(',')
                    .append(message(
                            "track",
                            row[2],
                            row[0],
                            row[1],
                            Integer.parseInt(row[3]),
                            "\"properties\":{\"channel\":\"" + row[4] + "\"}"));
        }
        TestingHttp.postBatch(server, auth, batch.append("]}").toString());
        server.persons().sync();
        return server;
    }

    private String message(String type, String event, String user, String anonymous, int hour, String extra) {
        return "{\"type\":\"" + type + "\"" + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + (user == null ? "" : ",\"userId\":\"" + user + "\"")
                + (anonymous == null ? "" : ",\"anonymousId\":\"" + anonymous + "\"")
                + ",\"timestamp\":\"" + day.atTime(hour, 0).atZone(ZONE).toInstant() + "\"," + extra + "}";
    }

    private String range() {
        return "\"from\":\"" + day.minusDays(1) + "\",\"to\":\"" + day + "\"";
    }

    private static JsonNode drill(LodestarServer server, String body) throws Exception {
        return postJson(server, "api/funnel/persons", body, 200);
    }

    private static String error(LodestarServer server, String body) throws Exception {
        return postJson(server, "api/funnel/persons", body, 400).get("title").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode person : page.get("persons")) {
            ids.add(person.get("id").asText());
        }
        return ids;
    }

    private static List<String> sorted(String... ids) {
        List<String> list = new ArrayList<>(List.of(ids));
        list.sort(null);
        return list;
    }
}
