package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.IdentifierList;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.core.segment.SegmentExplain;
import dev.lodestar.core.segment.SegmentService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.server.Segmentation;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentPreview;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestar segments}: saved segments on a data directory (the server must not be running on it). */
@Command(
        name = "segments",
        description = "Preview, save, evaluate and export segments.",
        subcommands = {
            SegmentsCommand.ListSegments.class,
            SegmentsCommand.Preview.class,
            SegmentsCommand.Create.class,
            SegmentsCommand.Refresh.class,
            SegmentsCommand.Members.class,
            SegmentsCommand.Export.class,
            SegmentsCommand.Delete.class
        })
public final class SegmentsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: list, preview, create, refresh, members, export or delete");
    }

    /** Options every subcommand takes. */
    static final class Common {
        @Mixin
        DataOptions data;

        @Option(names = "--zone", description = "Project time zone (default Asia/Shanghai).")
        ZoneId zone = ServerConfig.DEFAULT_ZONE;

        @Option(names = "--json", description = "Print JSON for machines.")
        boolean json;
    }

    /** The store opened with everything segments need. */
    private record Opened(DuckDbDatabase database, PersonService persons, Segmentation segmentation)
            implements AutoCloseable {
        static Opened open(Common common) {
            DuckDbDatabase database = DuckDbDatabase.open(common.data.directory());
            DuckDbIdentityStore store = new DuckDbIdentityStore(database);
            PersonService persons = new PersonService(store, new Normalizer(IdentityConfig.defaults()));
            persons.sync();
            return new Opened(database, persons, new Segmentation(database, persons, store, common.zone));
        }

        SegmentService segments() {
            return segmentation.segments();
        }

        @Override
        public void close() {
            persons.close();
            database.close();
        }
    }

    static void printJson(Object body) throws Exception {
        System.out.println(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
    }

    static Map<String, Object> definition(SegmentService segments, SegmentDefinition d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("name", d.name());
        out.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
        out.put("description", d.description());
        out.put("text", d.condition() == null ? null : segments.text(d.condition()));
        out.put("refreshMinutes", d.refreshMinutes());
        segments.lastSize(d.id()).ifPresent(c -> {
            out.put("size", c.size());
            out.put("lastRefresh", c.at().toString());
        });
        return out;
    }

    static Map<String, Object> change(MembershipChange c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", c.segment());
        out.put("at", c.at().toString());
        out.put("size", c.size());
        out.put("entered", c.entered());
        out.put("exited", c.exited());
        return out;
    }

    @Command(name = "list", description = "List saved segments with their last size.")
    static final class ListSegments implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (SegmentDefinition d : opened.segments().list()) {
                    rows.add(definition(opened.segments(), d));
                }
                if (common.json) {
                    printJson(rows);
                    return 0;
                }
                System.out.printf("%-28s %-8s %12s  %s%n", "ID", "KIND", "SIZE", "NAME");
                for (Map<String, Object> row : rows) {
                    System.out.printf(
                            "%-28s %-8s %12s  %s%n",
                            row.get("id"),
                            row.get("kind"),
                            row.get("size") == null ? "-" : String.format("%,d", row.get("size")),
                            row.get("name"));
                }
            }
            return 0;
        }
    }

    @Command(name = "preview", description = "Size and sample of a rule, without saving it.")
    static final class Preview implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "RULE", description = "The rule as text, e.g. 'trait.city_tier <= 2'.")
        String rule;

        @Option(names = "--as-of", description = "Instant relative windows end at (default now).")
        Instant asOf;

        @Option(names = "--sample", description = "Sample size (default 10).")
        int sample = 10;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                Condition condition = opened.segments().parse(rule);
                SegmentPreview preview = opened.segments().preview(condition, asOf, sample);
                if (common.json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("text", opened.segments().text(condition));
                    out.put("size", preview.size());
                    out.put("population", preview.population());
                    out.put("sample", preview.sample());
                    out.put("millis", preview.millis());
                    printJson(out);
                    return 0;
                }
                System.out.println(SegmentExplain.explain(condition, Locale.ENGLISH));
                System.out.printf(
                        "%,d of %,d persons (%.1f%%), evaluated in %d ms%n",
                        preview.size(),
                        preview.population(),
                        preview.population() == 0 ? 0.0 : 100.0 * preview.size() / preview.population(),
                        preview.millis());
                preview.sample().forEach(id -> System.out.println("  " + id));
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Save a dynamic segment from a rule, or a static one from a list.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--name", required = true, description = "Display name, unique.")
        String name;

        @Option(names = "--description", description = "What the segment is for.")
        String description = "";

        @Option(names = "--static", description = "A static segment: its members come from --members.")
        boolean isStatic;

        @Option(
                names = "--members",
                paramLabel = "FILE",
                description =
                        "For --static: a file with one identifier per line in any format (phone, e-mail, type:value).")
        Path members;

        @Option(
                names = "--refresh-minutes",
                description = "Re-evaluate every N minutes while the server runs (default 60; 0 = on demand).")
        int refreshMinutes = 60;

        @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "The rule of a dynamic segment.")
        String rule;

        @Override
        public Integer call() throws Exception {
            if (isStatic == (rule != null)) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT, "give either a RULE (dynamic segment) or --static --members FILE");
            }
            if (isStatic && members == null) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "a static segment needs --members FILE");
            }
            try (Opened opened = Opened.open(common)) {
                SegmentService segments = opened.segments();
                Condition condition = rule == null ? null : segments.parse(rule);
                SegmentDefinition created = segments.create(new SegmentService.Draft(
                        name,
                        description,
                        isStatic ? SegmentDefinition.Kind.STATIC : SegmentDefinition.Kind.DYNAMIC,
                        condition,
                        refreshMinutes));
                Map<String, Object> out = new LinkedHashMap<>();
                if (isStatic) {
                    IdentifierList.Result result = new IdentifierList(opened.persons())
                            .resolve(Files.readAllLines(members, StandardCharsets.UTF_8));
                    segments.replaceMembers(created.id(), result.persons());
                    out.put("lines", result.lines());
                    out.put("matched", result.matched());
                    out.put("unmatched", result.unmatchedCount());
                    out.put("invalid", result.invalidCount());
                    out.put("invalidExamples", result.invalid());
                }
                out.putAll(definition(segments, segments.get(created.id())));
                if (common.json) {
                    printJson(out);
                } else {
                    System.out.printf("created %s '%s': %,d members%n", created.id(), created.name(), out.get("size"));
                    if (isStatic) {
                        System.out.printf(
                                "  %,d lines: %,d matched, %,d not found, %,d invalid%n",
                                out.get("lines"), out.get("matched"), out.get("unmatched"), out.get("invalid"));
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "refresh", description = "Re-evaluate a dynamic segment now.")
    static final class Refresh implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                MembershipChange c = opened.segments().refresh(id, null);
                if (common.json) {
                    printJson(change(c));
                } else {
                    System.out.printf(
                            "%s: %,d members (%,d entered, %,d exited)%n", id, c.size(), c.entered(), c.exited());
                }
            }
            return 0;
        }
    }

    @Command(name = "members", description = "List the current members of a segment.")
    static final class Members implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--limit", description = "At most this many (default 100).")
        int limit = 100;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                SegmentDefinition segment = opened.segments().get(id);
                List<String> members = opened.segments()
                        .engine()
                        .currentMembers(segment.id(), null, Math.max(1, Math.min(limit, 100_000)));
                if (common.json) {
                    printJson(members);
                } else {
                    members.forEach(System.out::println);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            description = "Write a segment's members as CSV or Excel, optionally hashed for ad platforms.")
    static final class Export implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--format", description = "csv or xlsx (default csv).")
        String format = "csv";

        @Option(names = "--identities", split = ",", description = "Identity types as columns (default phone,email).")
        List<String> identities = List.of("phone", "email");

        @Option(names = "--traits", split = ",", description = "Traits as columns.")
        List<String> traits = List.of();

        @Option(names = "--hashed", description = "SHA-256 of the normalised identities instead of the values.")
        boolean hashed;

        @Option(
                names = "--phone-form",
                description = "Phone form before hashing: e164, digits or national (default e164).")
        String phoneForm = "e164";

        @Option(names = "--out", required = true, description = "File to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                SegmentDefinition segment = opened.segments().get(id);
                List<IdentityType> types = new ArrayList<>();
                for (String name : identities) {
                    types.add(opened.persons()
                            .type(name)
                            .orElseThrow(() -> new LodestarException(
                                    ErrorCode.INVALID_ARGUMENT, "identity type '" + name + "' is not known")));
                }
                MemberExport.Options options = new MemberExport.Options(
                        types,
                        traits,
                        hashed,
                        enumValue(MemberExport.PhoneForm.class, phoneForm, "--phone-form"),
                        enumValue(MemberExport.Format.class, format, "--format"));
                long rows;
                try (OutputStream stream = Files.newOutputStream(out)) {
                    rows = opened.segmentation()
                            .export()
                            .write(
                                    (after, limit) ->
                                            opened.segments().engine().currentMembers(segment.id(), after, limit),
                                    options,
                                    stream);
                }
                System.out.printf("wrote %,d members of %s to %s%n", rows, segment.id(), out);
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a segment and its membership history.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.open(common)) {
                opened.segments().delete(id);
                System.out.println("deleted " + id);
            }
            return 0;
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String option) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    option + " '" + text + "' is not one of "
                            + String.join(
                                    ", ",
                                    java.util.Arrays.stream(type.getEnumConstants())
                                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                                            .toList()));
        }
    }
}
