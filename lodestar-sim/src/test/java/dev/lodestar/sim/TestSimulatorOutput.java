package dev.lodestar.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.LodestarException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The event stream's contract with the bulk loader, determinism, and the separation of truth. */
class TestSimulatorOutput {
    private final SimFixture f = SimFixture.shared();

    @Test
    void eventsHaveTheLoaderSchema() {
        List<Object[]> columns = SimFixture.query("DESCRIBE SELECT * FROM " + f.events());
        assertThat(columns.stream().map(c -> c[0] + " " + c[1]).toList())
                .containsExactly(
                        "messageId VARCHAR",
                        "type VARCHAR",
                        "event VARCHAR",
                        "name VARCHAR",
                        "userId VARCHAR",
                        "anonymousId VARCHAR",
                        "timestamp TIMESTAMP WITH TIME ZONE",
                        "sentAt TIMESTAMP WITH TIME ZONE",
                        "properties VARCHAR",
                        "traits VARCHAR",
                        "context VARCHAR",
                        "previousId VARCHAR",
                        "groupId VARCHAR");
    }

    @Test
    void everyEventIsValid() {
        Object[] row = SimFixture.query("SELECT count(*), count(DISTINCT messageId), "
                        + "count(*) FILTER (WHERE userId IS NULL AND anonymousId IS NULL), "
                        + "count(*) FILTER (WHERE json_type(properties) <> 'OBJECT' OR json_type(traits) <> 'OBJECT' "
                        + "OR json_type(context) <> 'OBJECT'), "
                        + "min(timestamp) >= TIMESTAMPTZ '" + SimFixture.END.minusDays(180) + " 00:00:00+08', "
                        + "max(timestamp) < TIMESTAMPTZ '" + SimFixture.END + " 00:00:00+08', "
                        + "count(*) FILTER (WHERE type = 'page' AND json_extract_string(properties, '$.url') IS NULL), "
                        + "count(*) FILTER (WHERE event = 'Order Completed' AND (json_extract_string(properties, '$.order_id') IS NULL "
                        + "OR json_type(properties, '$.products') <> 'ARRAY' OR userId IS NULL)) "
                        + "FROM " + f.events())
                .get(0);
        assertThat(((Number) row[0]).longValue()).isEqualTo(f.summary.events());
        assertThat(((Number) row[1]).longValue()).isEqualTo(f.summary.events());
        assertThat(((Number) row[2]).longValue()).isZero();
        assertThat(((Number) row[3]).longValue()).isZero();
        assertThat(row[4]).isEqualTo(true);
        assertThat(row[5]).isEqualTo(true);
        assertThat(((Number) row[6]).longValue()).isZero();
        assertThat(((Number) row[7]).longValue()).isZero();
    }

    @Test
    void eventVocabularyAndChannels() {
        List<Object[]> names = SimFixture.query("SELECT DISTINCT coalesce(event, type) FROM " + f.events());
        assertThat(names.stream().map(r -> (String) r[0]).toList())
                .contains(
                        "page",
                        "screen",
                        "identify",
                        "alias",
                        "Application Opened",
                        "Product Viewed",
                        "Product Added",
                        "Checkout Started",
                        "Order Completed",
                        "Signed Up",
                        "NPS Survey Submitted");
        List<Object[]> sources =
                SimFixture.query("SELECT DISTINCT json_extract_string(context, '$.campaign.source') AS s FROM "
                        + f.events() + " WHERE s IS NOT NULL");
        assertThat(sources).hasSize(6);
        // every person's first event carries the acquisition channel
        double share =
                SimFixture.number("SELECT avg(CASE WHEN json_extract_string(context, '$.campaign.source') IS NOT NULL "
                        + "THEN 1 ELSE 0 END) FROM (SELECT context, row_number() OVER (PARTITION BY anonymousId ORDER BY timestamp) AS n "
                        + "FROM " + f.events() + " WHERE anonymousId IS NOT NULL) WHERE n = 1");
        assertThat(share).isGreaterThan(0.85);
    }

    @Test
    void groundTruthStaysOutOfTheEvents() throws IOException {
        try (Stream<Path> files = Files.list(f.out.resolve("events"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .allMatch(name -> name.matches("part-\\d{5}\\.parquet"));
        }
        assertThat(f.summary.truthFiles()).allMatch(p -> p.startsWith(f.out.resolve("truth")));
        double leaks = SimFixture.number("SELECT count(*) FROM " + f.events()
                + " WHERE properties LIKE '%purchase_rate%' OR properties LIKE '%dropout%' OR traits LIKE '%satisfaction%'"
                + " OR properties LIKE '%\"p0000%' OR traits LIKE '%segment%'");
        assertThat(leaks).isZero();
    }

    @Test
    void sameSeedSameBytesWhateverTheThreads() throws IOException {
        SimulationConfig config = SimulationConfig.defaults()
                .withPersons(700)
                .withEndDate(SimFixture.END)
                .withSeed(11)
                .withPersonsPerPart(250);
        SimFixture one = SimFixture.run(config.withThreads(1));
        SimFixture three = SimFixture.run(config.withThreads(3));
        assertThat(one.summary.eventFiles()).hasSize(3);
        for (String file : List.of(
                "events/part-00000.parquet",
                "events/part-00002.parquet",
                "truth/persons.parquet",
                "truth/identities.parquet",
                "truth/model.json")) {
            assertThat(Files.readAllBytes(one.out.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(three.out.resolve(file)));
        }
        SimFixture other = SimFixture.run(config.withSeed(12));
        assertThat(Files.readAllBytes(other.out.resolve("events/part-00000.parquet")))
                .isNotEqualTo(Files.readAllBytes(one.out.resolve("events/part-00000.parquet")));
    }

    @Test
    void jsonLinesCarryTheSameEvents() throws IOException {
        SimulationConfig config = SimulationConfig.defaults()
                .withPersons(300)
                .withEndDate(SimFixture.END)
                .withSeed(5)
                .withPersonsPerPart(250);
        SimFixture parquet = SimFixture.run(config);
        SimFixture jsonl = SimFixture.run(config.withFormat(OutputFormat.JSONL).withGzip(true));
        SimFixture again = SimFixture.run(config.withFormat(OutputFormat.JSONL).withGzip(true));
        assertThat(jsonl.summary.eventFiles()).hasSize(2).allMatch(p -> p.toString()
                .endsWith(".jsonl.gz"));
        assertThat(Files.readAllBytes(jsonl.summary.eventFiles().get(0)))
                .isEqualTo(Files.readAllBytes(again.summary.eventFiles().get(0)));
        long lines = 0;
        String first = null;
        for (Path file : jsonl.summary.eventFiles()) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    first = first == null ? line : first;
                    lines++;
                }
            }
        }
        assertThat(lines).isEqualTo(parquet.summary.events());
        assertThat(first)
                .startsWith("{\"messageId\":\"")
                .contains("\"timestamp\":\"")
                .contains("+08:00\"");
        String glob = jsonl.out.resolve("events").toAbsolutePath() + "/*.jsonl.gz";
        Object[] same = SimFixture.query(
                        "SELECT count(*) FROM (SELECT messageId, type, event, name, userId, anonymousId, "
                                + "CAST(timestamp AS TIMESTAMPTZ) AS ts FROM read_json('" + glob
                                + "', format = 'newline_delimited', "
                                + "columns = {messageId: 'VARCHAR', type: 'VARCHAR', event: 'VARCHAR', name: 'VARCHAR', "
                                + "userId: 'VARCHAR', anonymousId: 'VARCHAR', timestamp: 'VARCHAR'}) "
                                + "EXCEPT SELECT messageId, type, event, name, userId, anonymousId, timestamp FROM "
                                + parquet.events() + ")")
                .get(0);
        assertThat(((Number) same[0]).longValue()).isZero();
    }

    @Test
    void refusesToOverwriteEarlierOutput() {
        SimulationConfig config = SimulationConfig.defaults()
                .withPersons(250)
                .withEndDate(SimFixture.END)
                .withPersonsPerPart(250);
        assertThatThrownBy(() -> new Simulator().run(config, f.out, (fraction, message) -> {}))
                .isInstanceOf(LodestarException.class)
                .hasMessageContaining("already holds simulated data");
    }

    @Test
    void progressGoesFromZeroToOne() throws IOException {
        double[] last = {-1};
        boolean[] monotonic = {true};
        Path out = Files.createTempDirectory("lodestar-sim-progress");
        new Simulator()
                .run(
                        SimulationConfig.defaults()
                                .withPersons(600)
                                .withEndDate(SimFixture.END)
                                .withPersonsPerPart(250),
                        out,
                        (fraction, message) -> {
                            monotonic[0] &= fraction >= last[0];
                            last[0] = fraction;
                        });
        assertThat(monotonic[0]).isTrue();
        assertThat(last[0]).isEqualTo(1.0);
    }
}
