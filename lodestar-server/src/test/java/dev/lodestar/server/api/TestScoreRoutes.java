package dev.lodestar.server.api;

import static dev.lodestar.server.TestingHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFM grid, migration and value tiers over real HTTP. */
class TestScoreRoutes {
    @TempDir
    Path data;

    @Test
    void gridMigrationAndTiersCountTheBuyers() throws Exception {
        try (LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(data).withPort(0))) {
            String auth = TestingHttp.writeKeyAuth(server, "web");
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            // five buyers: buyer i orders i times in March, 100 yuan each; one visitor never buys
            for (int i = 1; i <= 5; i++) {
                for (int k = 0; k < i; k++) {
                    batch.append("{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"b")
                            .append(i)
                            .append("\",\"timestamp\":\"2026-03-")
                            .append(String.format("%02d", 1 + i + k))
                            .append("T10:00:00Z\",\"properties\":{\"revenue\":100}},");
                }
            }
            batch.append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"v\","
                    + "\"timestamp\":\"2026-03-02T10:00:00Z\"}]}");
            TestingHttp.postBatch(server, auth, batch.toString());

            JsonNode grid = get(server, "api/rfm/grid?asOf=2026-04-01T00:00:00Z", 200);
            assertThat(grid.get("cells")).hasSize(25);
            assertThat(grid.get("buyers").asLong()).isEqualTo(5);
            double revenue = 0;
            long persons = 0;
            for (JsonNode cell : grid.get("cells")) {
                revenue += cell.get("revenue").asDouble();
                persons += cell.get("persons").asLong();
            }
            assertThat(persons).isEqualTo(5);
            assertThat(revenue).isEqualTo(1500.0);

            long named = 0;
            for (JsonNode segment : grid.get("segments")) {
                named += segment.get("persons").asLong();
            }
            assertThat(grid.get("segments")).hasSize(11);
            assertThat(named).isEqualTo(5);

            // the matrix: every person in exactly one cell; each cell is a segment rule
            JsonNode matrix = TestingHttp.postJson(
                    server,
                    "api/matrix",
                    "{\"asOf\":\"2026-04-01T00:00:00Z\",\"dimensions\":[{\"field\":\"rfm.segment\"},"
                            + "{\"field\":\"activity.state\",\"top\":3}]}",
                    200);
            long inCells = 0;
            long buyersInCells = 0;
            for (JsonNode cell : matrix.get("cells")) {
                inCells += cell.get("persons").asLong();
                buyersInCells += cell.get("buyers").asLong();
                assertThat(cell.get("text").asText()).contains("rfm.segment", "activity.state");
            }
            assertThat(inCells).isEqualTo(6);
            assertThat(buyersInCells).isEqualTo(5);
            assertThat(matrix.get("dimensions").get(0).get("field").asText()).isEqualTo("rfm.segment");
            assertThat(TestingHttp.postJson(
                                    server, "api/matrix", "{\"dimensions\":[{\"field\":\"rfm.monetary\"}]}", 400)
                            .get("title")
                            .asText())
                    .contains("continuous number");

            JsonNode tiers = get(server, "api/value/tiers?asOf=2026-04-01T00:00:00Z", 200);
            long tiered = 0;
            for (JsonNode tier : tiers.get("abc")) {
                tiered += tier.get("persons").asLong();
            }
            assertThat(tiered).isEqualTo(5);
            // the top buyer (500 of 1500) is in the top decile
            assertThat(tiers.get("deciles").get(0).get("decile").asInt()).isEqualTo(1);
            assertThat(tiers.get("deciles").get(0).get("revenue").asDouble()).isEqualTo(500.0);

            // before March nobody had bought; by April all five have a segment
            JsonNode migration = get(server, "api/rfm/migration?from=2026-02-15&to=2026-03-31", 200);
            JsonNode names = migration.get("segments");
            int none = names.size() - 1;
            assertThat(names.get(none).asText()).isEqualTo("(none)");
            long entered = 0;
            for (JsonNode count : migration.get("counts").get(none)) {
                entered += count.asLong();
            }
            assertThat(entered).isEqualTo(5);

            assertThat(get(server, "api/rfm/migration?from=2026-03-31&to=2026-02-01", 400)
                            .get("title")
                            .asText())
                    .contains("must be before");
            assertThat(get(server, "api/rfm/grid?asOf=yesterday", 400)
                            .get("title")
                            .asText())
                    .contains("asOf 'yesterday' is not an instant");
        }
    }
}
