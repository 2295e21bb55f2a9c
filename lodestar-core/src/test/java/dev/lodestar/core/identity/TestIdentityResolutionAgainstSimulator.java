package dev.lodestar.core.identity;

import static dev.lodestar.core.identity.IdentityType.ANONYMOUS_ID;
import static dev.lodestar.core.identity.IdentityType.CRM_ID;
import static dev.lodestar.core.identity.IdentityType.EMAIL;
import static dev.lodestar.core.identity.IdentityType.PHONE;
import static dev.lodestar.core.identity.IdentityType.USER_ID;
import static dev.lodestar.core.identity.IdentityType.WECHAT_OPENID;
import static dev.lodestar.core.identity.IdentityType.WECHAT_UNIONID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolves the simulator's event stream plus its CRM, WeChat and orders exports and measures
 * pairwise precision and recall against the ground truth ({@code truth/identities.parquet}).
 */
class TestIdentityResolutionAgainstSimulator {
    private static final int PERSONS = 2_000;
    private static final Instant IMPORTED_AT = Instant.parse("2026-03-02T00:00:00Z");
    private static final Map<String, IdentityType> TRUTH_TYPES = Map.of(
            "user_id", USER_ID,
            "crm_id", CRM_ID,
            "phone", PHONE,
            "email", EMAIL,
            "anonymous_id", ANONYMOUS_ID,
            "wechat_miniprogram_openid", WECHAT_OPENID,
            "wechat_official_openid", WECHAT_OPENID,
            "wechat_unionid", WECHAT_UNIONID);

    private final Normalizer normalizer = new Normalizer(IdentityConfig.defaults());
    private int invalidValues;

    @Test
    void precisionAndRecallOnEventsAndExports(@TempDir Path out) throws Exception {
        new Simulator()
                .run(
                        SimulationConfig.defaults()
                                .withPersons(PERSONS)
                                .withSeed(11)
                                .withEndDate(LocalDate.of(2026, 3, 1))
                                .withSources(true),
                        out,
                        (fraction, message) -> {});
        List<Observation> observations = new ArrayList<>();
        int events = readEvents(out, observations);
        int crm = readCrm(out.resolve("sources/crm_customers.csv"), observations);
        int wechat = readWechat(out.resolve("sources/wechat_followers.csv"), observations);
        int orders = readOrders(out.resolve("sources/orders.xlsx"), observations);
        Map<Identity, String> truth = readTruth(out);

        IdentityGraph graph = new IdentityGraph(IdentityConfig.defaults());
        graph.addAll(observations);
        Resolution resolved = graph.resolve();

        // the evidence ceiling: every observed link, no guardrails, then split by the truth
        IdentityConfig unlimited = IdentityConfig.defaults().withSharedThreshold(Integer.MAX_VALUE);
        for (IdentityTypeSpec spec : IdentityConfig.defaults().types().values()) {
            unlimited = unlimited.withType(
                    new IdentityTypeSpec(spec.type(), spec.priority(), Short.MAX_VALUE, spec.unique(), spec.kind()));
        }
        IdentityGraph raw = new IdentityGraph(unlimited);
        raw.addAll(observations);
        Resolution connected = raw.resolve();

        Map<Identity, String> predicted = new HashMap<>();
        Map<Identity, String> component = new HashMap<>();
        int unknown = 0;
        for (Observation o : observations) {
            for (Identity i : o.identities()) {
                if (truth.containsKey(i)) {
                    predicted.put(i, resolved.personOf(i).orElseThrow());
                    component.put(i, connected.personOf(i).orElseThrow());
                } else {
                    unknown++;
                }
            }
        }
        Map<String, Long> truthSizes = new HashMap<>();
        Map<String, Long> predictedSizes = new HashMap<>();
        Map<String, Long> both = new HashMap<>();
        Map<String, Long> linkable = new HashMap<>();
        predicted.forEach((identity, person) -> {
            String truePerson = truth.get(identity);
            truthSizes.merge(truePerson, 1L, Long::sum);
            predictedSizes.merge(person, 1L, Long::sum);
            both.merge(person + "|" + truePerson, 1L, Long::sum);
            linkable.merge(component.get(identity) + "|" + truePerson, 1L, Long::sum);
        });
        long truePairs = pairs(truthSizes);
        long predictedPairs = pairs(predictedSizes);
        long correct = pairs(both);
        long linkablePairs = pairs(linkable);
        double precision = (double) correct / predictedPairs;
        double recall = (double) correct / truePairs;
        double recallOfLinkable = (double) correct / linkablePairs;
        System.out.printf(
                "identity evaluation: %d persons simulated; observations: %d events-derived, %d CRM rows, %d WeChat rows,"
                        + " %d order rows (%d distinct identity sets); %d identities evaluated (%d observed identities not"
                        + " in the truth, %d raw values refused by the normaliser); %d resolved persons, %d merges,"
                        + " %d refused merges, %d shared identifiers%n",
                PERSONS,
                events,
                crm,
                wechat,
                orders,
                graph.observationCount(),
                predicted.size(),
                unknown,
                invalidValues,
                resolved.personCount(),
                resolved.merges().size(),
                resolved.refusals().size(),
                resolved.sharedIdentifiers().size());
        System.out.printf(
                "identity evaluation: pairwise precision %.6f (%d/%d), recall %.6f (%d/%d), recall of the pairs the"
                        + " evidence links at all %.6f (%d/%d)%n",
                precision,
                correct,
                predictedPairs,
                recall,
                correct,
                truePairs,
                recallOfLinkable,
                correct,
                linkablePairs);
        assertThat(resolved.refusals()).isEmpty();
        assertThat(precision).isGreaterThanOrEqualTo(0.995);
        assertThat(recallOfLinkable).isGreaterThanOrEqualTo(0.995);
        assertThat(recall).isGreaterThanOrEqualTo(0.80);
        assertThat(invalidValues)
                .as("the CRM export's invalid phones are refused")
                .isPositive();
    }

    private static long pairs(Map<String, Long> sizes) {
        long total = 0;
        for (long n : sizes.values()) {
            total += n * (n - 1) / 2;
        }
        return total;
    }

    private void add(List<Observation> out, ObservationKind kind, String source, Instant at, Object... typeValues) {
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < typeValues.length; i += 2) {
            String value = (String) typeValues[i + 1];
            if (value == null || value.isEmpty()) {
                continue;
            }
            Normalized n = normalizer.normalize((IdentityType) typeValues[i], value);
            if (n instanceof Normalized.Valid valid) {
                identities.add(valid.identity());
            } else {
                invalidValues++;
            }
        }
        if (!identities.isEmpty()) {
            out.add(new Observation(kind, source, at, identities));
        }
    }

    private int readEvents(Path out, List<Observation> observations) throws SQLException {
        String events = "read_parquet('" + out.resolve("events").toAbsolutePath() + "/*.parquet')";
        int before = observations.size();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            // identify: user id, anonymous id and the identifying traits
            try (ResultSet rs = s.executeQuery("SELECT \"userId\", \"anonymousId\", epoch_ms(\"timestamp\"),"
                    + " json_extract_string(traits, '$.phone'), json_extract_string(traits, '$.email'),"
                    + " json_extract_string(traits, '$.wechat_openid'), json_extract_string(traits, '$.wechat_unionid')"
                    + " FROM " + events + " WHERE type = 'identify'")) {
                while (rs.next()) {
                    add(
                            observations,
                            ObservationKind.IDENTIFY,
                            "events",
                            Instant.ofEpochMilli(rs.getLong(3)),
                            USER_ID,
                            rs.getString(1),
                            ANONYMOUS_ID,
                            rs.getString(2),
                            PHONE,
                            rs.getString(4),
                            EMAIL,
                            rs.getString(5),
                            WECHAT_OPENID,
                            rs.getString(6),
                            WECHAT_UNIONID,
                            rs.getString(7));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT \"previousId\", \"userId\", epoch_ms(\"timestamp\") FROM "
                    + events + " WHERE type = 'alias'")) {
                while (rs.next()) {
                    add(
                            observations,
                            ObservationKind.ALIAS,
                            "events",
                            Instant.ofEpochMilli(rs.getLong(3)),
                            ANONYMOUS_ID,
                            rs.getString(1),
                            USER_ID,
                            rs.getString(2));
                }
            }
            // every other event: who sent it (one observation per distinct pair, at its first time)
            try (ResultSet rs = s.executeQuery("SELECT \"userId\", \"anonymousId\", min(epoch_ms(\"timestamp\")) FROM "
                    + events + " WHERE type NOT IN ('identify', 'alias') GROUP BY ALL")) {
                while (rs.next()) {
                    add(
                            observations,
                            ObservationKind.EVENT,
                            "events",
                            Instant.ofEpochMilli(rs.getLong(3)),
                            USER_ID,
                            rs.getString(1),
                            ANONYMOUS_ID,
                            rs.getString(2));
                }
            }
        }
        return observations.size() - before;
    }

    private int readCrm(Path file, List<Observation> observations) throws IOException {
        int rows = 0;
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), Charset.forName("GBK"))) {
            for (CSVRecord r : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(reader)) {
                add(
                        observations,
                        ObservationKind.IMPORT,
                        "crm_customers.csv",
                        IMPORTED_AT,
                        CRM_ID,
                        r.get("客户编号"),
                        PHONE,
                        r.get("手机号码"),
                        EMAIL,
                        r.get("电子邮箱"));
                rows++;
            }
        }
        return rows;
    }

    private int readWechat(Path file, List<Observation> observations) throws IOException {
        int rows = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bom = in.readNBytes(3);
            assertThat(bom).containsExactly(0xEF, 0xBB, 0xBF);
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            for (CSVRecord r : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(reader)) {
                add(
                        observations,
                        ObservationKind.IMPORT,
                        "wechat_followers.csv",
                        IMPORTED_AT,
                        WECHAT_OPENID,
                        r.get("openid"),
                        WECHAT_UNIONID,
                        r.get("unionid"));
                rows++;
            }
        }
        return rows;
    }

    private int readOrders(Path file, List<Observation> observations) throws IOException {
        int rows = 0;
        DataFormatter formatter = new DataFormatter();
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(file))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    if (row.getRowNum() == 0) {
                        continue;
                    }
                    Cell user = row.getCell(2);
                    Cell phone = row.getCell(3);
                    add(
                            observations,
                            ObservationKind.IMPORT,
                            "orders.xlsx",
                            IMPORTED_AT,
                            USER_ID,
                            user == null ? null : formatter.formatCellValue(user),
                            PHONE,
                            phone == null ? null : formatter.formatCellValue(phone));
                    rows++;
                }
            }
        }
        return rows;
    }

    private Map<Identity, String> readTruth(Path out) throws SQLException {
        Map<Identity, String> truth = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT person_id, identity_type, value FROM read_parquet('"
                        + out.resolve("truth/identities.parquet").toAbsolutePath() + "')")) {
            while (rs.next()) {
                IdentityType type = TRUTH_TYPES.get(rs.getString(2));
                assertThat(type).as("truth identity type %s", rs.getString(2)).isNotNull();
                Identity identity = normalizer.identity(type, rs.getString(3));
                String previous = truth.put(identity, rs.getString(1));
                assertThat(previous == null || previous.equals(rs.getString(1)))
                        .as("%s belongs to one true person", identity)
                        .isTrue();
            }
        }
        return truth;
    }
}
