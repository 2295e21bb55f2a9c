package dev.lodestar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.cli.TestingCli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lodestar lifecycle} and {@code lodestar stickiness} on an ingested file: JSON, tables,
 * event property and person trait filters, errors.
 */
class TestActivityCli {
    @TempDir
    Path dir;

    @Test
    void lifecycleAndStickinessFromTheCommandLine() throws Exception {
        Path jsonl = dir.resolve("events.jsonl");
        // Shanghai weeks from Monday 2026-02-02: u1 orders (pro) on Monday and (free) on Tuesday and
        // again (free) the next Tuesday; u2 (gold) orders (pro) on Tuesday only
        Files.writeString(
                jsonl,
                String.join(
                        "\n",
                        "{\"messageId\":\"i\",\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"tier\":\"gold\"},\"timestamp\":\"2026-01-20T04:00:00Z\"}",
                        order("a", "u1", "2026-02-02", "pro"),
                        order("b", "u1", "2026-02-03", "free"),
                        order("c", "u2", "2026-02-03", "pro"),
                        order("d", "u1", "2026-02-10", "free")),
                StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        assertThat(TestingCli.run("ingest", "--data", data.toString(), jsonl.toString())
                        .exitCode())
                .isEqualTo(0);
        String range = "--data=" + data + " --from=2026-02-02 --to=2026-02-15";

        JsonNode lifecycle = json("lifecycle --event=Order_Completed --json " + range);
        assertThat(lifecycle.get("from").asText()).isEqualTo("2026-02-02");
        assertThat(lifecycle.get("zone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(lifecycle.get("periods").toString())
                .isEqualTo("[{\"start\":\"2026-02-02\",\"new\":2,\"returning\":0,\"resurrecting\":0,\"dormant\":0,"
                        + "\"active\":2},{\"start\":\"2026-02-09\",\"new\":0,\"returning\":1,\"resurrecting\":0,"
                        + "\"dormant\":-1,\"active\":1}]");
        // plan=pro: u1's orders of the second week do not count, so both are dormant then
        JsonNode pro = json("lifecycle --where=plan=pro --json " + range);
        assertThat(pro.get("periods").get(1).get("dormant").asLong()).isEqualTo(-2);
        // tier=gold: only u2
        JsonNode gold = json("lifecycle --where-trait=tier=gold --json " + range);
        assertThat(gold.get("periods").get(0).get("new").asLong()).isEqualTo(1);
        assertThat(gold.get("periods").get(1).get("active").asLong()).isZero();

        Run table = run("lifecycle " + range);
        assertThat(table.exitCode()).as(table.err()).isEqualTo(0);
        assertThat(table.out())
                .contains("any event by week (Asia/Shanghai)")
                .containsPattern("2026-02-09 +0 +1 +0 +-1 +1");

        JsonNode stickiness = json("stickiness --json " + range);
        assertThat(stickiness.get("periods").get(0).get("exactly").toString()).isEqualTo("[1,1,0,0,0,0,0]");
        JsonNode stickyPro = json("stickiness --where=plan=pro --json " + range);
        assertThat(stickyPro.get("periods").get(0).get("exactly").toString()).isEqualTo("[2,0,0,0,0,0,0]");
        Run stickyTable = run("stickiness --where=plan!=pro " + range);
        assertThat(stickyTable.exitCode()).as(stickyTable.err()).isEqualTo(0);
        assertThat(stickyTable.out()).containsPattern("2026-02-02 +1 +1 +0").containsPattern("2026-02-09 +1 +1 +0");

        Run badPeriod = run("stickiness --period=day " + range);
        assertThat(badPeriod.exitCode()).isEqualTo(1);
        assertThat(badPeriod.err()).startsWith("lodestar: stickiness period must be week or month, found day");
        Run badFilter = run("lifecycle --where=plan " + range);
        assertThat(badFilter.err()).startsWith("lodestar: filter 'plan' is not PROPERTY=VALUES");
    }

    private static String order(String id, String user, String day, String plan) {
        return "{\"messageId\":\"" + id + "\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"" + user
                + "\",\"timestamp\":\"" + day + "T04:00:00Z\",\"properties\":{\"plan\":\"" + plan + "\"}}";
    }

    /** Runs a command line split on spaces; {@code _} in an argument stands for a space. */
    private static Run run(String line) {
        String[] args = line.split(" ");
        for (int i = 0; i < args.length; i++) {
            args[i] = args[i].replace('_', ' ');
        }
        return TestingCli.run(args);
    }

    private static JsonNode json(String line) throws Exception {
        Run run = run(line);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        return new ObjectMapper().readTree(run.out());
    }
}
