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

/** {@code lodestar trends} and {@code lodestar distribution} on an ingested file: JSON, tables, errors. */
class TestTrendsCli {
    @TempDir
    Path dir;

    private static Run run(String... args) {
        return TestingCli.run(args);
    }

    @Test
    void trendsAndDistributionFromTheCommandLine() throws Exception {
        Path jsonl = dir.resolve("events.jsonl");
        // Shanghai days: u1 orders 10 and 30 on Feb 1, u2 orders 5 on Feb 2 (00:30 local = Feb 1 16:30Z)
        Files.writeString(
                jsonl,
                String.join(
                        "\n",
                        "{\"messageId\":\"a\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"timestamp\":\"2026-02-01T02:00:00Z\",\"properties\":{\"revenue\":10}}",
                        "{\"messageId\":\"b\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"timestamp\":\"2026-02-01T03:00:00Z\",\"properties\":{\"revenue\":30}}",
                        "{\"messageId\":\"c\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u2\",\"timestamp\":\"2026-02-01T16:30:00Z\",\"properties\":{\"revenue\":5}}",
                        "{\"messageId\":\"d\",\"type\":\"page\",\"name\":\"首页\",\"userId\":\"u3\",\"timestamp\":\"2026-02-02T01:00:00Z\"}"),
                StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        assertThat(run("ingest", "--data", data.toString(), jsonl.toString()).exitCode())
                .isEqualTo(0);
        String[] range = {"--data", data.toString(), "--from", "2026-02-01", "--to", "2026-02-02"};

        Run json = run(concat(
                new String[] {"trends", "--series", "Order Completed:sum:revenue", "--series", "*:persons"},
                range,
                new String[] {"--formula", "A/B", "--json"}));
        assertThat(json.exitCode()).as(json.err()).isEqualTo(0);
        JsonNode trend = new ObjectMapper().readTree(json.out());
        assertThat(trend.get("buckets").toString()).isEqualTo("[\"2026-02-01T00:00\",\"2026-02-02T00:00\"]");
        assertThat(trend.get("series").get(0).get("values").toString()).isEqualTo("[40.0,5.0]");
        assertThat(trend.get("series").get(1).get("values").toString()).isEqualTo("[1.0,2.0]");
        assertThat(trend.get("formulas").get(0).get("values").toString()).isEqualTo("[40.0,2.5]");

        Run table =
                run(concat(new String[] {"trends", "--series", "Order Completed"}, range, new String[] {"--compare"}));
        assertThat(table.exitCode()).as(table.err()).isEqualTo(0);
        assertThat(table.out())
                .contains("2026-02-01 to 2026-02-02, by day (Asia/Shanghai)")
                .containsPattern("2026-02-01 00:00 +2")
                .containsPattern("2026-02-02 00:00 +1")
                .contains("previous 2026-01-30 to 2026-01-31");

        Run distribution = run(concat(
                new String[] {
                    "distribution", "--metric", "sum_per_person", "--event", "Order Completed", "--property", "revenue"
                },
                range,
                new String[0]));
        assertThat(distribution.exitCode()).as(distribution.err()).isEqualTo(0);
        assertThat(distribution.out())
                .containsPattern("count +2")
                .containsPattern("mean +22.50")
                .containsPattern("p50 +22.50")
                .containsPattern("max +40");
        Run distributionJson = run(
                concat(new String[] {"distribution", "--event", "Order Completed", "--json"}, range, new String[0]));
        JsonNode d = new ObjectMapper().readTree(distributionJson.out());
        assertThat(d.get("count").asLong()).isEqualTo(2);
        assertThat(d.get("histogram")).hasSize(2);

        Run bad = run(concat(new String[] {"trends", "--series", "*:average"}, range, new String[0]));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("lodestar: measure 'average' is not one of events, persons");
        Run badFormula = run(concat(new String[] {"trends", "--formula", "A/B"}, range, new String[0]));
        assertThat(badFormula.err()).contains("formula 'A/B' uses series B but there is 1 series (A to A)");
    }

    private static String[] concat(String[] a, String[] b, String[] c) {
        String[] all = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }
}
