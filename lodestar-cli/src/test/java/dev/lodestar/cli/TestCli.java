package dev.lodestar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.cli.TestingCli.Run;
import dev.lodestar.core.auth.WriteKeys;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, summaries, and what ends up in the store. */
class TestCli {
    @TempDir
    Path dir;

    private static Run run(String... args) {
        return TestingCli.run(args);
    }

    @Test
    void badUsageExitsWithTwoAndShowsTheUsage() {
        Run unknown = run("stats", "--bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'").contains("Usage: lodestar stats");
        Run badValue = run("bench", "ingest", "--clients", "many");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).contains("'many' is not an int");
        Run missing = run();
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("missing command");
    }

    @Test
    void ingestLoadsValidRowsReportsBadOnesAndIsIdempotent() throws Exception {
        Path jsonl = dir.resolve("events.jsonl");
        Files.writeString(
                jsonl,
                String.join(
                        "\n",
                        "{\"messageId\":\"j1\",\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"timestamp\":\"2026-01-31T12:00:00Z\",\"properties\":{\"revenue\":10}}",
                        "{\"messageId\":\"j2\",\"type\":\"page\",\"name\":\"首页\",\"anonymousId\":\"a1\",\"timestamp\":\"2026-01-31T12:00:00Z\"}",
                        "{not json",
                        "{\"messageId\":\"j4\",\"type\":\"track\",\"userId\":\"u1\"}",
                        "",
                        "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"name\":\"张三\"},\"timestamp\":\"2026-01-31T12:00:00Z\"}"),
                StandardCharsets.UTF_8);
        Path csv = dir.resolve("events.csv");
        Files.writeString(
                csv,
                "messageId,type,event,userId,timestamp,properties.revenue,properties.category\n"
                        + "c1,track,Order Completed,u2,2026-02-01T08:00:00+08:00,25.5,母婴\n"
                        + "c2,track,,u2,2026-02-01T08:00:00Z,,\n"
                        + "c3,track,Product Viewed,u3,1999-01-01T00:00:00Z,,数码\n",
                StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        Run first = run("ingest", "--data", data.toString(), jsonl.toString(), csv.toString());
        assertThat(first.exitCode()).as(first.err()).isEqualTo(1); // some rows were rejected
        assertThat(first.out())
                .contains("rows read 8")
                .contains("loaded 4")
                .contains("rejected 4")
                .contains(jsonl + ":3: malformed JSON")
                .contains(jsonl + ":4: track message has no 'event' name")
                .contains(csv + ":3: track message has no 'event' name")
                .contains(csv + ":4: timestamp 1999-01-01T00:00:00Z is before 2000-01-01");

        Run second = run("ingest", "--data", data.toString(), jsonl.toString(), csv.toString());
        assertThat(second.out()).contains("loaded 0").contains("duplicates skipped 4");

        try (DuckDbDatabase database = DuckDbDatabase.open(data);
                Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), sum(revenue), count(*) FILTER (WHERE category = '母婴'), count(DISTINCT person_key) FROM events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(4);
            assertThat(rs.getDouble(2)).isEqualTo(35.5);
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).isEqualTo(3);
        }
        Run stats = run("stats", "--data", data.toString(), "--json");
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out()).contains("\"totalEvents\" : 4").contains("首页");
    }

    @Test
    void ingestRefusesUnknownFormatsAndMissingFiles() {
        Run missing = run(
                "ingest",
                "--data",
                dir.resolve("d").toString(),
                dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
        Run unknown = run("ingest", "--data", dir.resolve("d").toString(), dir.toString() + "/x.xml");
        assertThat(unknown.exitCode()).isEqualTo(1);
    }

    @Test
    void keysCanBeCreatedListedAndRevoked() {
        Path data = dir.resolve("keys");
        Run created = run("keys", "create", "--source", "web", "--data", data.toString());
        String key = created.out().strip();
        assertThat(key).startsWith("lsk_");
        assertThat(run("keys", "list", "--data", data.toString()).out())
                .contains(key)
                .contains("web");
        assertThat(run("keys", "revoke", key, "--data", data.toString()).out()).contains("revoked " + key);
        assertThat(new WriteKeys(data).find(key).orElseThrow().revoked()).isTrue();
        Run unknown = run("keys", "revoke", "lsk_nope", "--data", data.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no write key 'lsk_nope'");
    }

    @Test
    void demoSimulatesAndLoadsTheShop() throws Exception {
        Path data = dir.resolve("demo");
        Run demo = run("demo", "--data", data.toString(), "--persons", "300", "--no-serve");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("simulated 300 persons")
                .contains("rejected 0")
                .contains("write key lsk_");
        long events;
        try (DuckDbDatabase database = DuckDbDatabase.open(data);
                Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), count(*) FILTER (WHERE event = 'Order Completed' AND revenue > 0) FROM events")) {
            rs.next();
            events = rs.getLong(1);
            assertThat(events).isGreaterThan(1000);
            assertThat(rs.getLong(2)).isPositive();
        }
        // a second run reuses the data instead of simulating again
        Run again = run("demo", "--data", data.toString(), "--persons", "300", "--no-serve");
        assertThat(again.out()).contains("reusing").doesNotContain("simulated");
        assertThat(List.of(new WriteKeys(data).list().size())).containsExactly(1);

        // the demo saved example segments; the segments commands work on its data
        assertThat(demo.out()).contains("segment 高价值流失风险");
        Run list = run("segments", "list", "--data", data.toString(), "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("\"name\" : \"已流失用户\"", "activity.state = \\\"churned\\\"");
        Run preview = run("segments", "preview", "--data", data.toString(), "did(\"Order Completed\")");
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).containsPattern("[0-9,]+ of [0-9,]+ persons");
        Run typo = run("segments", "preview", "--data", data.toString(), "trait.ctiy_tier <= 2");
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.err()).contains("unknown trait 'ctiy_tier' at 1:7 (did you mean 'city_tier'?)");
        Run created = run(
                "segments",
                "create",
                "--data",
                data.toString(),
                "--name",
                "buyers",
                "--refresh-minutes",
                "0",
                "did(\"Order Completed\")");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("created buyers 'buyers'");
        Path xlsx = dir.resolve("buyers.xlsx");
        Run export = run(
                "segments",
                "export",
                "buyers",
                "--data",
                data.toString(),
                "--format",
                "xlsx",
                "--identities",
                "user_id,phone",
                "--hashed",
                "--out",
                xlsx.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.size(xlsx)).isPositive();
        Run members = run("segments", "members", "buyers", "--data", data.toString(), "--limit", "3");
        assertThat(members.out().strip().split("\n")).hasSize(3);
        assertThat(run("segments", "delete", "buyers", "--data", data.toString())
                        .out())
                .contains("deleted buyers");
        assertThat(run("segments", "refresh", "buyers", "--data", data.toString())
                        .err())
                .contains("no segment 'buyers'");
    }

    @Test
    void personsCanBeExportedAndErasedByAnyIdentifier() throws Exception {
        Path jsonl = dir.resolve("people.jsonl");
        Files.writeString(
                jsonl,
                "{\"messageId\":\"p1\",\"type\":\"identify\",\"userId\":\"u7\",\"anonymousId\":\"d7\","
                        + "\"timestamp\":\"2026-01-31T12:00:00Z\",\"traits\":{\"phone\":\"0086 13800138000\",\"name\":\"李四\"}}\n"
                        + "{\"messageId\":\"p2\",\"type\":\"track\",\"event\":\"Product Viewed\",\"anonymousId\":\"d7\","
                        + "\"timestamp\":\"2026-01-31T11:00:00Z\"}\n"
                        + "{\"messageId\":\"p3\",\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"other\","
                        + "\"timestamp\":\"2026-01-31T11:00:00Z\"}\n",
                StandardCharsets.UTF_8);
        Path data = dir.resolve("people");
        assertThat(run("ingest", "--data", data.toString(), jsonl.toString()).exitCode())
                .isZero();

        Path out = dir.resolve("export.json");
        Run export = run(
                "persons",
                "export",
                "--data",
                data.toString(),
                "--identity",
                "phone=138 0013 8000",
                "--out",
                out.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readString(out))
                .contains("李四")
                .contains("+8613800138000")
                .contains("\"p1\"")
                .contains("\"p2\"")
                .doesNotContain("\"p3\"");

        Run unconfirmed = run("persons", "erase", "--data", data.toString(), "--identity", "user_id=u7");
        assertThat(unconfirmed.exitCode()).isEqualTo(1);
        assertThat(unconfirmed.out()).contains("--yes");
        Run erase = run("persons", "erase", "--data", data.toString(), "--identity", "user_id=u7", "--yes");
        assertThat(erase.exitCode()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("2 events");
        Run gone = run("persons", "export", "--data", data.toString(), "--identity", "phone=13800138000");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no person has phone:+8613800138000");
        try (DuckDbDatabase database = DuckDbDatabase.open(data);
                Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), (SELECT count(*) FROM audit_log WHERE action = 'erase') FROM events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1); // the other person's event
            assertThat(rs.getLong(2)).isEqualTo(1);
        }
    }
}
