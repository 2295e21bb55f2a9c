package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityConfigFile;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.imports.DataQualityReport;
import dev.lodestar.core.imports.Encodings;
import dev.lodestar.core.imports.ImportMapping;
import dev.lodestar.core.imports.ImportRecord;
import dev.lodestar.core.imports.ImportSink;
import dev.lodestar.core.imports.Importer;
import dev.lodestar.core.imports.JdbcRowSource;
import dev.lodestar.core.imports.MappingFiles;
import dev.lodestar.core.imports.RowRejection;
import dev.lodestar.core.imports.RowSource;
import dev.lodestar.core.imports.RowSources;
import dev.lodestar.core.imports.SourceOptions;
import dev.lodestar.core.person.PersonImportSink;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lodestar import}: persons and events from CSV/TSV, Excel, JSON lines, Parquet or a SQL
 * query, by a mapping (see docs/imports.md).
 */
@Command(
        name = "import",
        description = {
            "Import persons or events from a file (CSV/TSV, .xlsx/.xls, JSON lines, Parquet) or a SQL query.",
            "--infer-mapping prints a proposed mapping (YAML) to edit; --dry-run prints a data-quality report."
        })
public final class ImportCommand implements Callable<Integer> {
    /** Rows read to infer a mapping. */
    static final int INFERENCE_ROWS = 500;

    @Mixin
    DataOptions data;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The file to import.")
    Path file;

    @Option(names = "--jdbc", paramLabel = "URL", description = "A JDBC URL (jdbc:postgresql://..., jdbc:mysql://...).")
    String jdbcUrl;

    @Option(names = "--query", paramLabel = "SQL", description = "The query whose rows are imported (with --jdbc).")
    String query;

    @Option(names = "--user", paramLabel = "U", description = "Database user (with --jdbc).")
    String user;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "Environment variable holding the database password (never on the command line).")
    String passwordEnv;

    @Option(names = "--mapping", paramLabel = "MAPPING", description = "Mapping file (.yaml, .yml or .json).")
    Path mapping;

    @Option(names = "--infer-mapping", description = "Print a proposed mapping as YAML and stop.")
    boolean inferMapping;

    @Option(
            names = "--dry-run",
            description = "Read and check everything, print the data-quality report, write nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: print the report as JSON.")
    boolean json;

    @Option(
            names = "--encoding",
            paramLabel = "E",
            description = "Text encoding of CSV/TSV (default: detected; e.g. utf-8, gbk).")
    String encoding;

    @Option(names = "--delimiter", paramLabel = "C", description = "CSV delimiter (default: detected; \\t for tab).")
    String delimiter;

    @Option(
            names = "--sheet",
            paramLabel = "S",
            description = "Excel sheet name or 1-based index (default: the first).")
    String sheet;

    @Override
    public Integer call() {
        RowSource source = source();
        ObjectMapper mapper = new ObjectMapper();
        IdentityConfig config = IdentityConfigFile.load(data.directory());
        Importer importer = new Importer(config, mapper);
        if (inferMapping) {
            ImportMapping proposed = importer.inferMapping(source, INFERENCE_ROWS);
            System.out.println("# Proposed mapping for " + source.name() + ": check it, edit it, then run");
            System.out.println("#   lodestar import ... --mapping THIS_FILE.yaml --dry-run");
            System.out.print(MappingFiles.toYaml(proposed));
            return 0;
        }
        ImportMapping chosen;
        if (mapping != null) {
            chosen = MappingFiles.read(mapping);
        } else {
            chosen = importer.inferMapping(source, INFERENCE_ROWS);
            System.err.println("no --mapping given: using the inferred mapping (print it with --infer-mapping)");
        }
        if (!dryRun) {
            return write(importer, source, chosen, config);
        }
        DataQualityReport report;
        try (ProgressBar bar = new ProgressBar("import")) {
            report = importer.dryRun(source, chosen, Instant.now(), bar);
        }
        System.out.print(json ? report.toJson() + "\n" : report.toText());
        return 0;
    }

    /** Imports into the data directory: evidence, traits and consent, and events. */
    private int write(Importer importer, RowSource source, ImportMapping chosen, IdentityConfig config) {
        Instant now = Instant.now();
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory());
                DuckDbEventStore events = new DuckDbEventStore(database);
                PersonService persons = new PersonService(new DuckDbIdentityStore(database), new Normalizer(config));
                ProgressBar bar = new ProgressBar("import")) {
            PersonImportSink sink = new PersonImportSink(persons, events, now);
            List<RowRejection> rejected = new ArrayList<>();
            Importer.Summary summary = importer.run(
                    source,
                    chosen,
                    now,
                    new ImportSink() {
                        @Override
                        public void accept(ImportRecord record) {
                            sink.accept(record);
                        }

                        @Override
                        public void reject(RowRejection rejection) {
                            rejected.add(rejection);
                        }

                        @Override
                        public void finish() {
                            sink.finish();
                        }
                    },
                    bar);
            System.out.printf(
                    "%s: rows %,d  imported %,d  rejected %,d  events written %,d (%,d already there)  in %.1f s (%,.0f rows/s)%n",
                    summary.source(),
                    summary.rows(),
                    summary.accepted(),
                    summary.rejected(),
                    sink.eventsWritten(),
                    sink.eventsSkipped(),
                    summary.seconds(),
                    summary.rowsPerSecond());
            for (RowRejection rejection : rejected.subList(0, Math.min(20, rejected.size()))) {
                System.out.println("  " + rejection.position() + ": " + rejection.reason());
            }
            return rejected.isEmpty() ? 0 : 1;
        }
    }

    private RowSource source() {
        if ((file == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("give either FILE or --jdbc URL --query SQL");
        }
        if (jdbcUrl != null) {
            if (query == null) {
                throw new IllegalArgumentException("--jdbc needs --query SQL (e.g. --query 'SELECT * FROM customers')");
            }
            String password = null;
            if (passwordEnv != null) {
                password = System.getenv(passwordEnv);
                if (password == null) {
                    throw new IllegalArgumentException("environment variable " + passwordEnv + " is not set");
                }
            }
            return new JdbcRowSource(jdbcUrl, user, password, query);
        }
        if (query != null || user != null || passwordEnv != null) {
            throw new IllegalArgumentException("--query, --user and --password-env go with --jdbc");
        }
        Character delimiterChar = null;
        if (delimiter != null) {
            String d = delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new IllegalArgumentException(
                        "--delimiter must be one character or \\t, found '" + delimiter + "'");
            }
            delimiterChar = d.charAt(0);
        }
        return RowSources.open(
                file,
                new SourceOptions(encoding == null ? null : Encodings.forName(encoding), delimiterChar, sheet),
                new ObjectMapper());
    }
}
