package dev.lodestar.server.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.core.imports.DataQualityReport;
import dev.lodestar.core.imports.Encodings;
import dev.lodestar.core.imports.ImportMapping;
import dev.lodestar.core.imports.ImportRecord;
import dev.lodestar.core.imports.ImportSink;
import dev.lodestar.core.imports.Importer;
import dev.lodestar.core.imports.MappingFiles;
import dev.lodestar.core.imports.RowRejection;
import dev.lodestar.core.imports.RowSource;
import dev.lodestar.core.imports.RowSources;
import dev.lodestar.core.imports.SourceOptions;
import dev.lodestar.core.person.PersonImportSink;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.store.EventStore;
import dev.lodestar.spi.store.ProgressListener;
import io.javalin.config.MultipartConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.util.MultipartUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard's import page over HTTP: upload a file and get its data-quality report (a dry
 * run), adjust the mapping and analyse again, then import it into the store.
 *
 * <ul>
 *   <li>{@code POST /api/imports} (multipart: {@code file}, optional {@code mapping} text in YAML or
 *       JSON, {@code encoding}, {@code sheet}) saves the file as {@code imports/<id>/<name>} under
 *       the data directory and answers {@code {id, fileName, encoding, sheet, mapping, report}}
 *   <li>{@code POST /api/imports/{id}/dry-run} (body: optional mapping text) analyses again
 *   <li>{@code POST /api/imports/{id}/run} (body: optional mapping text; default the last analysed
 *       one) imports through {@link PersonImportSink}, as {@code lodestar import} does
 *   <li>{@code GET /api/imports/{id}} answers the last analysis (and the last run, if any)
 * </ul>
 *
 * <p>Uploads up to {@value #MAX_UPLOAD_MB} MB, streamed to disk (the server's 8 MB limit on request
 * bodies does not apply to multipart parts). Runs are serialised: one import writes at a time.
 * Analysis and runs happen inside the request, so a very large file keeps the request open.
 */
public final class ImportRoutes {
    public static final long MAX_UPLOAD_MB = 200;
    /** Rows read to infer a mapping (as the CLI). */
    static final int INFERENCE_ROWS = 500;
    /** Rejected rows listed in a run's answer. */
    static final int MAX_REJECTIONS = 50;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final List<String> EXTENSIONS =
            List.of(".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls", ".jsonl", ".ndjson", ".json", ".parquet");
    private static final String EXPECTED =
            "expected .csv, .tsv, .txt, .xlsx, .xls, .jsonl, .ndjson, .json or " + ".parquet; text formats may be .gz";
    private static final String ANALYSIS = ".analysis.json"; // a dot: never an upload's name
    private static final String LAST_RUN = ".last-run.json";

    private final PersonService persons;
    private final EventStore events;
    private final ObjectMapper mapper;
    private final Path directory;
    private final Importer importer;
    private final MultipartConfig multipart;
    private final SecureRandom random = new SecureRandom();
    private final Object writer = new Object();

    /**
     * @param dataDirectory the server's data directory; uploads go to its {@code imports/}
     */
    public ImportRoutes(PersonService persons, EventStore events, ObjectMapper mapper, Path dataDirectory) {
        this.persons = requireNonNull(persons, "persons is null");
        this.events = requireNonNull(events, "events is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.directory = requireNonNull(dataDirectory, "dataDirectory is null").resolve("imports");
        this.importer = new Importer(persons.normalizer().config(), new ObjectMapper());
        this.multipart = new MultipartConfig();
        multipart.maxFileSize(MAX_UPLOAD_MB, SizeUnit.MB);
        multipart.maxTotalRequestSize(MAX_UPLOAD_MB + 1, SizeUnit.MB);
        multipart.maxInMemoryFileSize(1, SizeUnit.MB);
        multipart.cacheDirectory(directory.toString());
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/imports", this::upload);
        routes.get("/api/imports/{id}", ctx -> ctx.json(read(folder(ctx.pathParam("id")), ANALYSIS)));
        routes.post("/api/imports/{id}/dry-run", this::analyseAgain);
        routes.post("/api/imports/{id}/run", this::run);
    }

    private void upload(Context ctx) throws IOException {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "an upload is multipart/form-data with a part 'file' (found Content-Type " + contentType + ")");
        }
        Files.createDirectories(directory);
        List<UploadedFile> files;
        Map<String, List<String>> fields;
        try {
            files = MultipartUtil.INSTANCE.uploadedFiles(ctx.req(), "file", multipart);
            fields = MultipartUtil.INSTANCE.fieldMap(ctx.req(), multipart);
        } catch (Exception e) { // Jetty's parser throws ServletException and IOException undeclared, via Kotlin
            throw tooLargeOrBad(e);
        }
        if (files.isEmpty()) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "no file uploaded (expected a part named 'file')");
        }
        UploadedFile file = files.get(0);
        String name = safeName(file.filename());
        checkFormat(name);
        String encoding = field(fields, "encoding");
        String sheet = field(fields, "sheet");
        String mappingText = field(fields, "mapping");
        if (encoding != null) {
            charset(encoding); // refuse an unknown encoding before saving anything
        }
        String id = newId();
        Path folder = Files.createDirectories(directory.resolve(id));
        Path saved = folder.resolve(name);
        try (InputStream in = file.content()) {
            Files.copy(in, saved, StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", id);
        meta.put("fileName", name);
        meta.put("size", Files.size(saved));
        meta.put("encoding", encoding);
        meta.put("sheet", sheet);
        try {
            ctx.json(analyse(folder, meta, mappingText));
        } catch (RuntimeException e) {
            deleteQuietly(folder); // nothing to come back to: the file could not be read
            throw e;
        }
    }

    private void analyseAgain(Context ctx) {
        Path folder = folder(ctx.pathParam("id"));
        JsonNode previous = read(folder, ANALYSIS);
        Map<String, Object> meta = new LinkedHashMap<>();
        for (String key : List.of("id", "fileName", "size", "encoding", "sheet")) {
            JsonNode value = previous.get(key);
            meta.put(key, value == null || value.isNull() ? null : mapper.convertValue(value, Object.class));
        }
        String body = ctx.body();
        ctx.json(analyse(folder, meta, body.isBlank() ? previous.path("mapping").asText() : body));
    }

    /** Dry-runs the file with the given mapping (inferred when null) and stores the answer. */
    private ObjectNode analyse(Path folder, Map<String, Object> meta, String mappingText) {
        String name = (String) meta.get("fileName");
        ImportMapping mapping;
        boolean inferred = mappingText == null || mappingText.isBlank();
        try {
            mapping = inferred ? importer.inferMapping(open(folder, meta), INFERENCE_ROWS) : parse(mappingText);
        } catch (LodestarException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(name, e);
        }
        DataQualityReport report;
        try {
            report = importer.dryRun(open(folder, meta), mapping, Instant.now(), ProgressListener.NONE);
        } catch (LodestarException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "mapping: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreadable(name, e);
        }
        ObjectNode answer = mapper.valueToTree(meta);
        answer.put("inferred", inferred);
        answer.put("mapping", MappingFiles.toYaml(mapping));
        try {
            answer.set("report", mapper.readTree(report.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report must be JSON", e);
        }
        JsonNode lastRun = readIfThere(folder, LAST_RUN);
        if (lastRun != null) {
            answer.set("lastRun", lastRun);
        }
        write(folder, ANALYSIS, answer);
        return answer;
    }

    private void run(Context ctx) {
        Path folder = folder(ctx.pathParam("id"));
        JsonNode analysis = read(folder, ANALYSIS);
        String body = ctx.body();
        ImportMapping mapping = parse(body.isBlank() ? analysis.path("mapping").asText() : body);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fileName", analysis.path("fileName").asText());
        meta.put(
                "encoding",
                analysis.path("encoding").isTextual() ? analysis.get("encoding").asText() : null);
        meta.put(
                "sheet",
                analysis.path("sheet").isTextual() ? analysis.get("sheet").asText() : null);
        Map<String, Object> answer = new LinkedHashMap<>();
        synchronized (writer) {
            Instant now = Instant.now();
            PersonImportSink sink = new PersonImportSink(persons, events, now);
            List<Map<String, Object>> rejections = new ArrayList<>();
            Importer.Summary summary;
            try {
                summary = importer.run(
                        open(folder, meta),
                        mapping,
                        now,
                        new ImportSink() {
                            @Override
                            public void accept(ImportRecord record) {
                                sink.accept(record);
                            }

                            @Override
                            public void reject(RowRejection rejection) {
                                if (rejections.size() < MAX_REJECTIONS) {
                                    Map<String, Object> r = new LinkedHashMap<>();
                                    r.put("position", rejection.position().toString());
                                    r.put("line", rejection.position().number());
                                    r.put("reason", rejection.reason());
                                    rejections.add(r);
                                }
                            }

                            @Override
                            public void finish() {
                                sink.finish();
                            }
                        },
                        ProgressListener.NONE);
            } catch (LodestarException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "mapping: " + e.getMessage(), e);
            }
            answer.put("id", analysis.path("id").asText());
            answer.put("fileName", summary.source());
            answer.put("rows", summary.rows());
            answer.put("accepted", summary.accepted());
            answer.put("rejected", summary.rejected());
            answer.put("eventsWritten", sink.eventsWritten());
            answer.put("eventsSkipped", sink.eventsSkipped());
            answer.put("seconds", summary.seconds());
            answer.put("finishedAt", Instant.now().toString());
            answer.put("rejections", rejections);
        }
        JsonNode tree = mapper.valueToTree(answer);
        write(folder, LAST_RUN, tree);
        ObjectNode updated = analysis.deepCopy();
        updated.set("lastRun", tree);
        write(folder, ANALYSIS, updated);
        ctx.json(tree);
    }

    private RowSource open(Path folder, Map<String, Object> meta) {
        String encoding = (String) meta.get("encoding");
        String sheet = (String) meta.get("sheet");
        return RowSources.open(
                folder.resolve((String) meta.get("fileName")),
                new SourceOptions(encoding == null ? null : charset(encoding), null, sheet),
                new ObjectMapper());
    }

    private static java.nio.charset.Charset charset(String encoding) {
        try {
            return Encodings.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    /** YAML or JSON (YAML parsing accepts JSON, but JSON parsing gives JSON's error positions). */
    private static ImportMapping parse(String text) {
        boolean json = text.stripLeading().startsWith("{");
        try {
            return MappingFiles.parse(text, json);
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "mapping: " + e.getMessage(), e);
        }
    }

    private Path folder(String id) {
        if (!ID.matcher(id).matches()) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no import " + id + " (an id is 16 hex digits)");
        }
        Path folder = directory.resolve(id);
        if (!Files.isRegularFile(folder.resolve(ANALYSIS))) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no import " + id);
        }
        return folder;
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The last segment of a browser's file name, without control or path characters. */
    static String safeName(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}:*?\"<>|]", "_").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "the uploaded file has no name (" + EXPECTED + ")");
        }
        if (name.startsWith(".")) {
            name = "_" + name; // names starting with a dot are the analysis files next to it
        }
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        return name;
    }

    static void checkFormat(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        boolean binary =
                base.endsWith(".xlsx") || base.endsWith(".xlsm") || base.endsWith(".xls") || base.endsWith(".parquet");
        if (!EXTENSIONS.stream().anyMatch(base::endsWith) || (binary && !base.equals(lower))) {
            throw new LodestarException(
                    ErrorCode.INVALID_FILE, "cannot import " + name + ": unknown file type (" + EXPECTED + ")");
        }
    }

    private static String field(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).strip();
    }

    private static LodestarException tooLargeOrBad(Exception e) {
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // Jetty: "max file size exceeded: 209715200" (an IllegalStateException inside a BadMessageException)
            if (m.contains("exceeded") || m.contains("too large")) {
                return new LodestarException(
                        ErrorCode.MESSAGE_TOO_LARGE,
                        "the upload is larger than " + MAX_UPLOAD_MB
                                + " MB, the limit of the dashboard (import larger files with lodestar import)",
                        e);
            }
        }
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, "cannot read the upload: " + message, e);
    }

    private static LodestarException unreadable(String name, RuntimeException e) {
        return new LodestarException(ErrorCode.INVALID_FILE, "cannot read " + name + ": " + e.getMessage(), e);
    }

    private JsonNode read(Path folder, String file) {
        JsonNode node = readIfThere(folder, file);
        if (node == null) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no " + file + " for import " + folder.getFileName());
        }
        return node;
    }

    private JsonNode readIfThere(Path folder, String file) {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            return mapper.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private void write(Path folder, String file, JsonNode node) {
        try {
            Path temp = folder.resolve(file + ".tmp");
            mapper.writeValue(temp.toFile(), node);
            Files.move(temp, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(file), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a failed upload's folder is only disk space, never read again
        }
    }
}
