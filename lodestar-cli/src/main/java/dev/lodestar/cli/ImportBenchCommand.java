package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.imports.CsvRowSource;
import dev.lodestar.core.imports.DataQualityReport;
import dev.lodestar.core.imports.ImportMapping;
import dev.lodestar.core.imports.ImportRecord;
import dev.lodestar.core.imports.ImportSink;
import dev.lodestar.core.imports.Importer;
import dev.lodestar.core.imports.MappingFiles;
import dev.lodestar.core.imports.RowRejection;
import dev.lodestar.core.person.PersonImportSink;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.spi.store.ProgressListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lodestar bench import}: reading and converting a generated GBK CRM-style CSV (phones in
 * several formats, e-mails, dates, a few bad rows), then the full dry run with the identity graph,
 * and with {@code --store} the import into a fresh data directory. Each figure comes with the
 * process CPU time and the load average, since the machine may be shared. A figure, not a test. Also runnable on its own through {@link #main}.
 */
@Command(
        name = "import",
        description = "Import benchmark: CSV read + row conversion, the dry-run report, and with --store the import.")
public final class ImportBenchCommand implements Callable<Integer> {
    @Option(names = "--rows", description = "Rows in the generated CSV (default 1,000,000).")
    int rows = 1_000_000;

    @Option(names = "--runs", description = "Timed runs of read + convert after one warm-up (default 3).")
    int runs = 3;

    @Option(
            names = "--store",
            description =
                    "Also import end to end into a fresh data directory (identities, traits), as `lodestar import` does.")
    boolean store;

    static final String MAPPING =
            """
            source: bench_crm
            identities:
              - {column: 客户编号, type: crm_id}
              - {column: 手机号码, type: phone}
              - {column: 电子邮箱, type: email}
            traits:
              - {column: 姓名, name: name}
              - {column: 性别, name: gender}
              - {column: 所在城市, name: city}
              - {column: 注册时间, name: created_at, type: datetime, formats: ["yyyy/M/d H:mm", "yyyy-MM-dd HH:mm:ss"]}
              - {column: 积分, name: points, type: number}
            """;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImportBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path directory = Files.createTempDirectory("lodestar-bench-import");
        try {
            Path file = directory.resolve("crm.csv");
            long start = System.nanoTime();
            generate(file, rows);
            System.out.printf(
                    Locale.ROOT,
                    "generated %,d rows, %.1f MB (GBK) in %.1f s; %s%n",
                    rows,
                    Files.size(file) / 1e6,
                    (System.nanoTime() - start) / 1e9,
                    BenchCommand.machine());
            ImportMapping mapping = MappingFiles.parse(MAPPING, false);
            Importer importer = new Importer(IdentityConfig.defaults(), new ObjectMapper());
            Instant now = Instant.now();
            for (int run = 0; run <= runs; run++) {
                long cpu = cpuNanos();
                long[] counts = new long[2];
                ImportSink counting = new ImportSink() {
                    @Override
                    public void accept(ImportRecord record) {
                        counts[0] += record.traits().size();
                    }

                    @Override
                    public void reject(RowRejection rejection) {
                        counts[1]++;
                    }

                    @Override
                    public void finish() {}
                };
                Importer.Summary summary =
                        importer.run(new CsvRowSource(file, null, null), mapping, now, counting, ProgressListener.NONE);
                double cpuSeconds = (cpuNanos() - cpu) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%s read + convert: %,d rows (%,d rejected) in %.2f s = %,.0f rows/s; %.2f CPU s = %,.0f rows"
                                + " per CPU second; load %s%n",
                        run == 0 ? "warm-up" : "run " + run,
                        summary.rows(),
                        summary.rejected(),
                        summary.seconds(),
                        summary.rowsPerSecond(),
                        cpuSeconds,
                        summary.rows() / cpuSeconds,
                        load());
            }
            DataQualityReport report =
                    importer.dryRun(new CsvRowSource(file, null, null), mapping, now, ProgressListener.NONE);
            System.out.printf(
                    Locale.ROOT,
                    "dry run with report and identity graph: %,d rows in %.2f s = %,.0f rows/s, %,d persons%n",
                    report.rows(),
                    report.seconds(),
                    report.rows() / report.seconds(),
                    report.identities().persons());
            if (store) {
                importIntoStore(importer, file, mapping, directory.resolve("data"));
            }
            return 0;
        } finally {
            BenchCommand.deleteTree(directory);
        }
    }

    /** The full import into a fresh data directory, through the same sink as {@code lodestar import}. */
    private static void importIntoStore(Importer importer, Path file, ImportMapping mapping, Path data) {
        Instant now = Instant.now();
        long start = System.nanoTime();
        long cpu = cpuNanos();
        try (DuckDbDatabase database = DuckDbDatabase.open(data);
                DuckDbEventStore events = new DuckDbEventStore(database);
                PersonService persons = new PersonService(
                        new DuckDbIdentityStore(database), new Normalizer(IdentityConfig.defaults()))) {
            PersonImportSink sink = new PersonImportSink(persons, events, now);
            ImportSink store = new ImportSink() {
                @Override
                public void accept(ImportRecord record) {
                    sink.accept(record);
                }

                @Override
                public void reject(RowRejection rejection) {}

                @Override
                public void finish() {
                    sink.finish();
                }
            };
            Importer.Summary summary =
                    importer.run(new CsvRowSource(file, null, null), mapping, now, store, ProgressListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpu) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "import into the store: %,d rows (%,d imported, %,d rejected) in %.2f s = %,.0f rows/s; %.2f CPU s"
                            + " = %,.0f rows per CPU second; load %s%n",
                    summary.rows(),
                    sink.records(),
                    summary.rejected(),
                    seconds,
                    summary.rows() / seconds,
                    cpuSeconds,
                    summary.rows() / cpuSeconds,
                    load());
        }
    }

    /**
     * CPU time of the whole process (all threads, DuckDB's native ones too): on a shared machine the
     * wall-clock figure says more about the neighbours than about the import.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        return String.format(
                Locale.ROOT,
                "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军"};
    private static final String[] CITIES = {"上海", "北京", "广州", "深圳", "成都", "杭州", "武汉", "西安", "苏州", "长沙"};
    private static final String[] PREFIXES = {"138", "139", "150", "151", "186", "187", "177", "135", "158", "199"};

    /** A CRM export like the simulator's: GBK, CRLF, phones in several formats, 1% bad phones, 0.5% bad dates. */
    static void generate(Path file, int rows) throws IOException {
        SplittableRandom rng = new SplittableRandom(42);
        DateTimeFormatter slash = DateTimeFormatter.ofPattern("yyyy/M/d H:mm");
        DateTimeFormatter dash = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, java.nio.charset.Charset.forName("GB18030"))) {
            out.write("客户编号,姓名,性别,手机号码,电子邮箱,所在城市,注册时间,积分\r\n");
            for (int i = 0; i < rows; i++) {
                String digits = PREFIXES[rng.nextInt(PREFIXES.length)] + String.format("%08d", i);
                String phone =
                        switch (rng.nextInt(6)) {
                            case 0 -> digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
                            case 1 ->
                                "+86-" + digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-"
                                        + digits.substring(7);
                            case 2 -> "+86" + digits;
                            default -> digits;
                        };
                if (rng.nextInt(100) == 0) {
                    phone = "12" + digits.substring(2, 10);
                }
                String email = rng.nextInt(3) == 0 ? "user" + i + "@example.com" : "";
                LocalDateTime created = base.plusMinutes(rng.nextInt(60 * 24 * 700));
                String time = rng.nextInt(200) == 0
                        ? "last tuesday"
                        : rng.nextBoolean() ? created.format(slash) : created.format(dash);
                out.write("CRM" + String.format("%08d", i) + ","
                        + SURNAMES[rng.nextInt(SURNAMES.length)] + GIVEN[rng.nextInt(GIVEN.length)] + ","
                        + (rng.nextBoolean() ? "女" : "男") + "," + phone + "," + email + ","
                        + CITIES[rng.nextInt(CITIES.length)] + "," + time + "," + rng.nextInt(5000) + "\r\n");
            }
        }
    }
}
