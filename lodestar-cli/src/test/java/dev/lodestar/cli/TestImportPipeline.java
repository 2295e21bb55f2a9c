package dev.lodestar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.SimulationSummary;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.store.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole identity pipeline on the simulator's data: its event stream loaded, then its messy
 * exports imported with inferred mappings, and the resulting persons compared with the ground
 * truth (pairwise precision and recall over the identities that appear in the data).
 */
class TestImportPipeline {
    private static final Map<String, IdentityType> TRUTH_TYPES = Map.of(
            "user_id", IdentityType.USER_ID,
            "crm_id", IdentityType.CRM_ID,
            "phone", IdentityType.PHONE,
            "email", IdentityType.EMAIL,
            "anonymous_id", IdentityType.ANONYMOUS_ID,
            "wechat_official_openid", IdentityType.WECHAT_OPENID,
            "wechat_miniprogram_openid", IdentityType.WECHAT_OPENID,
            "wechat_unionid", IdentityType.WECHAT_UNIONID);

    @TempDir
    Path dir;

    @Test
    void eventsPlusExportsResolveToTheTruePersons() throws Exception {
        SimulationSummary sim = new Simulator()
                .run(
                        SimulationConfig.defaults()
                                .withPersons(800)
                                .withSeed(5)
                                .withSources(true)
                                .withEndDate(LocalDate.of(2026, 3, 1)),
                        dir.resolve("sim"),
                        ProgressListener.NONE);
        Path data = dir.resolve("data");
        try (DuckDbDatabase database = DuckDbDatabase.open(data)) {
            assertThat(FileIngest.ingest(database, sim.eventFiles(), "sim", ProgressListener.NONE)
                            .rejectedCount())
                    .isZero();
        }
        Path sources = dir.resolve("sim/sources");
        for (String file :
                List.of("crm_customers.csv", "wechat_followers.csv", "orders.xlsx", "offline_store_sales.xlsx")) {
            String out = run("import", sources.resolve(file).toString(), "--data", data.toString());
            assertThat(out).contains("rejected 0");
        }
        // importing an export again adds no events and changes no person
        String again = run("import", sources.resolve("orders.xlsx").toString(), "--data", data.toString());
        assertThat(again).contains("events written 0");

        Normalizer normalizer = new Normalizer(IdentityConfig.defaults());
        Map<Identity, String> truth = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT person_id, identity_type, value FROM read_parquet('"
                        + dir.resolve("sim/truth/identities.parquet") + "')")) {
            while (rs.next()) {
                IdentityType type = TRUTH_TYPES.get(rs.getString(2));
                if (type != null && normalizer.normalize(type, rs.getString(3)) instanceof Normalized.Valid valid) {
                    truth.put(valid.identity(), rs.getString(1));
                }
            }
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(data);
                DuckDbEventStore ignored = new DuckDbEventStore(database);
                PersonService persons = new PersonService(new DuckDbIdentityStore(database), normalizer)) {
            Map<Identity, String> predicted = new HashMap<>();
            for (Identity identity : truth.keySet()) {
                if (persons.find(identity).isPresent()) {
                    predicted.put(identity, persons.personOf(identity));
                }
            }
            long truePairs = pairs(group(predicted.keySet(), truth));
            long predictedPairs = pairs(group(predicted.keySet(), predicted));
            Map<String, Long> both = new HashMap<>();
            for (Identity identity : predicted.keySet()) {
                both.merge(truth.get(identity) + "|" + predicted.get(identity), 1L, Long::sum);
            }
            long correct = pairs(both);
            double precision = (double) correct / predictedPairs;
            double recall = (double) correct / truePairs;
            System.out.printf(
                    "identities in data %d of %d; pairs: true %d, predicted %d, correct %d; precision %.6f recall %.6f%n",
                    predicted.size(), truth.size(), truePairs, predictedPairs, correct, precision, recall);
            // where recall is lost: identities not in the largest cluster of their true person, by type
            Map<String, Map<String, Long>> clusters = new HashMap<>();
            for (Identity identity : predicted.keySet()) {
                clusters.computeIfAbsent(truth.get(identity), k -> new HashMap<>())
                        .merge(predicted.get(identity), 1L, Long::sum);
            }
            Map<String, Long> strays = new java.util.TreeMap<>();
            for (Identity identity : predicted.keySet()) {
                Map<String, Long> c = clusters.get(truth.get(identity));
                String main = c.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
                if (!predicted.get(identity).equals(main)) {
                    strays.merge(identity.type().name(), 1L, Long::sum);
                }
            }
            System.out.println("identities apart from their person's main cluster, by type: " + strays);
            assertThat(precision).isGreaterThanOrEqualTo(0.999);
            assertThat(recall).isGreaterThanOrEqualTo(0.90);
        }
    }

    private static Map<String, Long> group(java.util.Set<Identity> identities, Map<Identity, String> by) {
        Map<String, Long> sizes = new HashMap<>();
        for (Identity identity : identities) {
            sizes.merge(by.get(identity), 1L, Long::sum);
        }
        return sizes;
    }

    private static long pairs(Map<String, Long> sizes) {
        return sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
    }

    private static String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Main.execute(args);
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
