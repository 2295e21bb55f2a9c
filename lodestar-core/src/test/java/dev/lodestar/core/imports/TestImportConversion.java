package dev.lodestar.core.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.imports.RowIssue.Problem;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.store.ProgressListener;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImportConversion {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    static final String MAPPING =
            """
            source: crm
            zone: Asia/Shanghai
            identities:
              - {column: 客户编号, type: crm_id}
              - {column: 手机号码, type: phone}
              - {column: 电子邮箱, type: email}
            traits:
              - {column: 姓名, name: name}
              - {column: 生日, name: birthday, type: date, formats: ["yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日", "excel"]}
              - {column: 积分, name: points, type: number}
            consent:
              - {column: 短信订阅, channel: sms}
            updatedAt: {column: 更新时间, formats: ["yyyy-MM-dd HH:mm:ss"]}
            """;

    static final String CSV =
            """
            客户编号,姓名,手机号码,电子邮箱,生日,积分,短信订阅,更新时间
            CRM1,王芳,138 0013 8000,Wang@QQ.com,1990-05-01,"1,200",是,2026-01-01 10:00:00
            CRM2,李娜,+86-139-0013-9000,,1991/6/2,￥30,否,2026-01-02 10:00:00
            ,无名,12345,bad@,1992年7月3日,x,也许,
            CRM3,张伟,12345,,05/13/1990,10,,
            CRM4,赵敏,0086 13700137000,a@b.cn,33000,0,1,yesterday
            ,,,,,,,
            CRM1,王芳,138 0013 8000,Wang@QQ.com,1990-05-01,"1,200",是,2026-01-01 10:00:00
            """;

    private Path csv(String text) throws Exception {
        Path file = dir.resolve("crm.csv");
        Files.writeString(file, text, Charset.forName("GBK"));
        return file;
    }

    private static List<RowOutcome> convert(RowSource source, ImportMapping mapping, int threads) {
        List<RowOutcome> out = new ArrayList<>();
        new Importer(IdentityConfig.defaults(), MAPPER, threads)
                .run(
                        source,
                        mapping,
                        NOW,
                        new ImportSink() {
                            @Override
                            public void accept(ImportRecord record) {
                                out.add(record);
                            }

                            @Override
                            public void reject(RowRejection rejection) {
                                out.add(rejection);
                            }

                            @Override
                            public void finish() {}
                        },
                        ProgressListener.NONE);
        return out;
    }

    @Test
    void convertsGoodRowsAndReportsBadOnesWithLineAndReason() throws Exception {
        ImportMapping mapping = MappingFiles.parse(MAPPING, false);
        List<RowOutcome> out = convert(new CsvRowSource(csv(CSV), null, null), mapping, 1);
        assertThat(out).hasSize(7);
        ImportRecord first = (ImportRecord) out.get(0);
        assertThat(first.position()).isEqualTo(new RowPosition("crm", 2));
        assertThat(first.identities())
                .containsExactly(
                        Identity.of(IdentityType.CRM_ID, "CRM1"),
                        Identity.of(IdentityType.PHONE, "+8613800138000"),
                        Identity.of(IdentityType.EMAIL, "wang@qq.com"));
        assertThat(first.traits())
                .containsExactly(
                        new TraitValue("name", TraitType.STRING, "王芳"),
                        new TraitValue("birthday", TraitType.DATE, LocalDate.of(1990, 5, 1)),
                        new TraitValue("points", TraitType.NUMBER, 1200.0));
        assertThat(first.consents()).containsExactly(new ConsentValue(ConsentChannel.SMS, true));
        assertThat(first.updatedAt()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(first.issues()).isEmpty();

        ImportRecord second = (ImportRecord) out.get(1);
        assertThat(second.traits()).extracting(TraitValue::value).containsExactly("李娜", LocalDate.of(1991, 6, 2), 30.0);
        assertThat(second.consents()).containsExactly(new ConsentValue(ConsentChannel.SMS, false));

        RowRejection third = (RowRejection) out.get(2);
        assertThat(third.position().number()).isEqualTo(4);
        assertThat(third.issues())
                .extracting(RowIssue::problem)
                .containsExactly(Problem.INVALID_PHONE, Problem.INVALID_EMAIL, Problem.MISSING_IDENTITY);
        assertThat(third.reason()).contains("手机号码").contains("12345");

        ImportRecord fourth = (ImportRecord) out.get(3); // the CRM id carries the row; bad values are skipped
        assertThat(fourth.identities()).containsExactly(Identity.of(IdentityType.CRM_ID, "CRM3"));
        assertThat(fourth.issues())
                .extracting(RowIssue::problem)
                .containsExactly(Problem.INVALID_PHONE, Problem.UNPARSEABLE_DATE);
        assertThat(fourth.issues().get(1).reason())
                .contains("05/13/1990")
                .contains("[yyyy-MM-dd, yyyy/M/d, yyyy年M月d日, excel]");

        ImportRecord fifth = (ImportRecord) out.get(4);
        assertThat(fifth.identities()).contains(Identity.of(IdentityType.PHONE, "+8613700137000"));
        assertThat(fifth.traits())
                .contains(new TraitValue("birthday", TraitType.DATE, LocalDate.of(1990, 5, 7))); // Excel serial 33000
        assertThat(fifth.updatedAt()).isNull();
        assertThat(fifth.issues()).extracting(RowIssue::column).containsExactly("更新时间");

        assertThat(((RowRejection) out.get(5)).issues())
                .extracting(RowIssue::problem)
                .containsExactly(Problem.MISSING_IDENTITY);
        ImportRecord duplicate = (ImportRecord) out.get(6);
        assertThat(duplicate.id()).isEqualTo(first.id());
        assertThat(duplicate.position().number()).isEqualTo(8);
    }

    @Test
    void reimportGivesTheSameIdsOnAnyNumberOfThreads() throws Exception {
        ImportMapping mapping = MappingFiles.parse(MAPPING, false);
        StringBuilder big = new StringBuilder(CSV);
        for (int i = 0; i < 3000; i++) {
            big.append("CRM9")
                    .append(i)
                    .append(",某,1380013")
                    .append(String.format("%04d", i))
                    .append(",,,,,\n");
        }
        Path file = csv(big.toString());
        List<RowOutcome> once = convert(new CsvRowSource(file, null, null), mapping, 1);
        List<RowOutcome> again = convert(new CsvRowSource(file, null, null), mapping, 3);
        assertThat(again).isEqualTo(once);
        Set<String> ids = new HashSet<>();
        once.stream().filter(o -> o instanceof ImportRecord).forEach(o -> ids.add(((ImportRecord) o).id()));
        assertThat(ids).hasSize(3000 + 4); // the duplicate row shares its id
    }

    @Test
    void eventsGoThroughTheSegmentRules() throws Exception {
        String mapping =
                """
                source: orders
                identities:
                  - {column: 会员ID, type: user_id}
                  - {column: 手机号, type: phone}
                event:
                  name: Order Completed
                  timestamp: {column: 下单时间, formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm", "iso"]}
                  properties:
                    - {column: 订单编号, name: order_id}
                    - {column: 实付金额(元), name: revenue, type: number}
                """;
        String csv = "订单编号,下单时间,会员ID,手机号,实付金额(元)\n"
                + "DD1,2026-01-31 20:15:00,u1,13800138000,199.50\n"
                + "DD2,2026/2/1 8:30,,13900139000,abc\n"
                + "DD3,31.01.2026,u3,,10\n"
                + "DD4,1999-01-01 00:00:00,u4,,10\n";
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, csv);
        List<RowOutcome> out = convert(new CsvRowSource(file, null, null), MappingFiles.parse(mapping, false), 1);
        ImportRecord first = (ImportRecord) out.get(0);
        assertThat(first.event().name()).isEqualTo("Order Completed");
        assertThat(first.event().userId()).isEqualTo("u1");
        assertThat(first.event().timestamp()).isEqualTo(Instant.parse("2026-01-31T12:15:00Z"));
        assertThat(first.event().common().revenue()).isEqualTo(199.5);
        assertThat(first.event().common().orderId()).isEqualTo("DD1");
        assertThat(first.event().messageId()).isEqualTo("imp-" + first.id());
        ImportRecord second = (ImportRecord) out.get(1);
        assertThat(second.event().anonymousId()).isEqualTo("phone:+8613900139000");
        assertThat(second.issues()).extracting(RowIssue::problem).containsExactly(Problem.UNPARSEABLE_NUMBER);
        assertThat(((RowRejection) out.get(2)).issues().get(0).problem()).isEqualTo(Problem.UNPARSEABLE_DATE);
        assertThat(((RowRejection) out.get(3)).reason()).contains("before 2000-01-01");
    }

    @Test
    void infersMappingsFromChineseHeadersAndTheSimulatorsSources() throws Exception {
        Path sim = dir.resolve("sim");
        new Simulator()
                .run(
                        SimulationConfig.defaults()
                                .withPersons(500)
                                .withEndDate(LocalDate.of(2026, 3, 1))
                                .withSources(true),
                        sim,
                        ProgressListener.NONE);
        Importer importer = new Importer(IdentityConfig.defaults(), MAPPER);
        RowSource crm = RowSources.open(sim.resolve("sources/crm_customers.csv"), SourceOptions.DETECT, MAPPER);
        ImportMapping crmMapping = importer.inferMapping(crm, 500);
        assertThat(crmMapping.identities())
                .extracting(ImportMapping.IdentityColumn::column, ImportMapping.IdentityColumn::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("客户编号", "crm_id"),
                        org.assertj.core.groups.Tuple.tuple("手机号码", "phone"),
                        org.assertj.core.groups.Tuple.tuple("电子邮箱", "email"));
        assertThat(crmMapping.traits())
                .extracting(ImportMapping.TraitColumn::name)
                .contains("name", "gender", "province", "city", "created_at", "member_level");
        assertThat(crmMapping.event()).isNull();
        // the YAML a user would edit reads back to the same mapping
        assertThat(MappingFiles.parse(MappingFiles.toYaml(crmMapping), false)).isEqualTo(crmMapping);

        DataQualityReport report = importer.dryRun(crm, crmMapping, NOW, ProgressListener.NONE);
        List<String> lines = Files.readAllLines(sim.resolve("sources/crm_customers.csv"), Charset.forName("GBK"));
        assertThat(report.rows()).isEqualTo(lines.size() - 1);
        assertThat(report.issueCount(Problem.INVALID_PHONE) + report.issueCount(Problem.BLOCKED_IDENTITY))
                .isPositive();
        assertThat(report.rejected()).isZero(); // every CRM row has its CRM id
        // the CRM's re-exported customers (same CRM id, another phone format) merge
        assertThat(report.identities().personsFromSeveralRows()).isPositive();
        assertThat(report.toText()).contains("手机号码").contains("persons to create");

        RowSource orders = RowSources.open(sim.resolve("sources/orders.xlsx"), SourceOptions.DETECT, MAPPER);
        ImportMapping ordersMapping = importer.inferMapping(orders, 500);
        assertThat(ordersMapping.event().name()).isEqualTo("Order Completed");
        assertThat(ordersMapping.event().timestamp().column()).isEqualTo("下单时间");
        assertThat(ordersMapping.event().properties())
                .extracting(ImportMapping.TraitColumn::name)
                .contains("order_id", "revenue", "discount", "coupon", "quantity");
        DataQualityReport ordersReport = importer.dryRun(orders, ordersMapping, NOW, ProgressListener.NONE);
        assertThat(ordersReport.rows()).isPositive();
        assertThat(ordersReport.issueCount(Problem.UNPARSEABLE_DATE)).isZero();
        assertThat(ordersReport.rejected()).isZero();
    }

    @Test
    void reportNumbersMatchBruteForceCounts() throws Exception {
        // random rows over a small pool of identities, so that rows share values and merge
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        StringBuilder csv = new StringBuilder("手机,邮箱,城市\n");
        int rows = 2000;
        for (int i = 0; i < rows; i++) {
            String phone =
                    switch (rng.nextInt(10)) {
                        case 0 -> "";
                        case 1 -> "123";
                        default -> "1380013" + String.format("%04d", rng.nextInt(1500));
                    };
            String email = rng.nextInt(3) == 0 ? "" : rng.nextInt(50) == 0 ? "nope" : "u" + rng.nextInt(1500) + "@x.cn";
            csv.append(phone)
                    .append(',')
                    .append(email)
                    .append(',')
                    .append(rng.nextInt(4) == 0 ? "" : "上海")
                    .append('\n');
        }
        Path file = dir.resolve("r.csv");
        Files.writeString(file, csv);
        ImportMapping mapping = new ImportMapping(
                null,
                null,
                List.of(
                        new ImportMapping.IdentityColumn("手机", "phone", null),
                        new ImportMapping.IdentityColumn("邮箱", "email", null)),
                List.of(new ImportMapping.TraitColumn("城市", "city", TraitType.STRING, null)),
                null,
                null,
                null);
        IdentityConfig config = IdentityConfig.defaults().withSharedThreshold(1_000_000);
        DataQualityReport report = new Importer(config, MAPPER)
                .dryRun(new CsvRowSource(file, null, null), mapping, NOW, ProgressListener.NONE);

        // brute force
        List<String> lines = Files.readAllLines(file);
        Normalizer normalizer = new Normalizer(config);
        long invalidPhones = 0, invalidEmails = 0, rejected = 0, duplicates = 0, cityFilled = 0;
        Set<String> seenRows = new HashSet<>();
        Map<String, String> parent = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            cityFilled += c[2].isEmpty() ? 0 : 1;
            List<String> ids = new ArrayList<>();
            if (!c[0].isEmpty()) {
                if (normalizer.normalize(IdentityType.PHONE, c[0]).isValid()) {
                    ids.add("phone:"
                            + normalizer.identity(IdentityType.PHONE, c[0]).value());
                } else {
                    invalidPhones++;
                }
            }
            if (!c[1].isEmpty()) {
                if (normalizer.normalize(IdentityType.EMAIL, c[1]).isValid()) {
                    ids.add("email:" + c[1]);
                } else {
                    invalidEmails++;
                }
            }
            if (ids.isEmpty()) {
                rejected++;
                continue;
            }
            if (!seenRows.add(line)) {
                duplicates++;
                continue;
            }
            for (String id : ids) {
                parent.putIfAbsent(id, id);
            }
            for (int k = 1; k < ids.size(); k++) {
                parent.put(find(parent, ids.get(k)), find(parent, ids.get(0)));
            }
        }
        long persons =
                parent.keySet().stream().filter(k -> find(parent, k).equals(k)).count();
        assertThat(report.rows()).isEqualTo(rows);
        assertThat(report.rejected()).isEqualTo(rejected);
        assertThat(report.accepted()).isEqualTo(rows - rejected);
        assertThat(report.duplicateRows()).isEqualTo(duplicates);
        assertThat(report.issueCount(Problem.INVALID_PHONE)).isEqualTo(invalidPhones);
        assertThat(report.issueCount(Problem.INVALID_EMAIL)).isEqualTo(invalidEmails);
        assertThat(report.columns().get(2).filled()).isEqualTo(cityFilled);
        assertThat(report.identities().distinct()).isEqualTo(parent.size());
        if (report.identities().refusedMerges() == 0) {
            assertThat(report.identities().persons()).isEqualTo(persons);
        } else {
            assertThat(report.identities().persons()).isGreaterThan(persons);
        }
        assertThat(report.toJson()).contains("\"duplicateRows\" : " + duplicates);
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.get(x);
        return p.equals(x) ? x : find(parent, p);
    }
}
