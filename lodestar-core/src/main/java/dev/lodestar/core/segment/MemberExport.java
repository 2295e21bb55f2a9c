package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.person.PersonService.Person;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.identity.IdentityStore;
import dev.lodestar.spi.identity.TraitValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the members of a segment as CSV (UTF-8 with a byte order mark, so Excel shows Chinese
 * text) or as an Excel workbook: one row per person with the chosen identity types and traits.
 *
 * <p>A person with several values of one identity type gets them all in its cell, separated by
 * {@code " | "}, in a stable order. With {@link Options#hashed()} every identity value is replaced
 * by the lower-case hex SHA-256 of its normalised form (e-mails trimmed and lower-cased; phones in
 * the chosen {@link PhoneForm}), the form ad platforms accept for custom audiences.
 */
public final class MemberExport {
    /** Most rows one export writes (an Excel sheet holds 1,048,575 data rows). */
    public static final int MAX_ROWS = 1_048_575;

    private static final int BATCH = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The file format. */
    public enum Format {
        CSV,
        XLSX
    }

    /**
     * How a phone number (stored as E.164, e.g. {@code +8613800138000}) is written before hashing:
     * {@code E164} keeps it ({@code +8613800138000}, Google Customer Match), {@code DIGITS} drops
     * the plus ({@code 8613800138000}, Meta), {@code NATIONAL} keeps the national number ({@code
     * 13800138000}, Tencent Ads and most Chinese platforms).
     */
    public enum PhoneForm {
        E164,
        DIGITS,
        NATIONAL
    }

    /** What to export. */
    public record Options(
            List<IdentityType> identities, List<String> traits, boolean hashed, PhoneForm phoneForm, Format format) {
        public Options {
            identities = List.copyOf(requireNonNull(identities, "identities is null"));
            traits = List.copyOf(requireNonNull(traits, "traits is null"));
            requireNonNull(phoneForm, "phoneForm is null");
            requireNonNull(format, "format is null");
            if (identities.size() + traits.size() > 200) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "at most 200 columns can be exported");
            }
        }
    }

    /** Pages of person ids, in order: the ids after {@code after} (null for the first page). */
    @FunctionalInterface
    public interface Pages {
        List<String> next(String after, int limit);
    }

    private final PersonService persons;
    private final IdentityStore store;

    public MemberExport(PersonService persons, IdentityStore store) {
        this.persons = requireNonNull(persons, "persons is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** The header row for these options. */
    public static List<String> header(Options options) {
        List<String> header = new ArrayList<>();
        header.add("person_id");
        for (IdentityType type : options.identities()) {
            header.add(options.hashed() ? type.name() + "_sha256" : type.name());
        }
        for (String trait : options.traits()) {
            header.add("trait." + trait);
        }
        return header;
    }

    /** The columns of a person summary in a list of persons. */
    private static final Options SUMMARY = new Options(
            List.of(IdentityType.PHONE, IdentityType.EMAIL, IdentityType.USER_ID),
            List.of("name"),
            false,
            PhoneForm.E164,
            Format.CSV);

    /**
     * A short summary of each person for lists in the API (segment members and previews, funnel
     * drill-downs): {@code id}, and {@code phone}, {@code email}, {@code user_id}, {@code name} when
     * the person has them.
     */
    public List<Map<String, Object>> summaries(List<String> ids) {
        List<String> header = header(SUMMARY);
        List<Map<String, Object>> out = new ArrayList<>(ids.size());
        for (List<String> row : rows(ids, SUMMARY)) {
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("id", row.get(0));
            for (int i = 1; i < header.size(); i++) {
                if (!row.get(i).isEmpty()) {
                    person.put(header.get(i).replace("trait.", ""), row.get(i));
                }
            }
            out.add(person);
        }
        return out;
    }

    /** Writes every member; returns the number of persons written. */
    public long write(Pages pages, Options options, OutputStream out) {
        try {
            return options.format() == Format.CSV ? writeCsv(pages, options, out) : writeXlsx(pages, options, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the export failed", e);
        }
    }

    private long writeCsv(Pages pages, Options options, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        printer.printRecord(header(options));
        long rows = forEachRow(pages, options, printer::printRecord);
        printer.flush();
        return rows;
    }

    private long writeXlsx(Pages pages, Options options, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet sheet = workbook.createSheet("members");
            int[] next = {0};
            RowWriter writeRow = values -> {
                Row row = sheet.createRow(next[0]++);
                for (int i = 0; i < values.size(); i++) {
                    row.createCell(i).setCellValue(values.get(i));
                }
            };
            writeRow.accept(header(options));
            long rows = forEachRow(pages, options, writeRow);
            workbook.write(out);
            out.flush();
            return rows;
        }
    }

    @FunctionalInterface
    private interface RowWriter {
        void accept(List<String> values) throws IOException;
    }

    private long forEachRow(Pages pages, Options options, RowWriter rows) throws IOException {
        long written = 0;
        String after = null;
        while (written < MAX_ROWS) {
            List<String> ids = pages.next(after, (int) Math.min(BATCH, MAX_ROWS - written));
            if (ids.isEmpty()) {
                break;
            }
            for (List<String> row : rows(ids, options)) {
                rows.accept(row);
            }
            written += ids.size();
            after = ids.get(ids.size() - 1);
        }
        return written;
    }

    /** The rows of a batch of persons, in the batch's order. */
    public List<List<String>> rows(List<String> ids, Options options) {
        Map<String, Person> found = new LinkedHashMap<>();
        List<String> identityKeys = new ArrayList<>();
        for (String id : ids) {
            persons.find(id).ifPresent(person -> {
                found.put(id, person);
                identityKeys.addAll(person.identityKeys());
            });
        }
        Map<String, Map<String, TraitValue>> traitsByIdentity = new HashMap<>();
        if (!options.traits().isEmpty() && !identityKeys.isEmpty()) {
            // newest first: the first value of a name seen for a person is its current one
            for (TraitValue value : store.traits(identityKeys)) {
                traitsByIdentity
                        .computeIfAbsent(value.identity(), k -> new LinkedHashMap<>())
                        .putIfAbsent(value.name(), value);
            }
        }
        List<List<String>> rows = new ArrayList<>(ids.size());
        for (String id : ids) {
            Person person = found.get(id);
            List<String> row = new ArrayList<>();
            row.add(id);
            for (IdentityType type : options.identities()) {
                row.add(person == null ? "" : identityCell(person, type, options));
            }
            for (String trait : options.traits()) {
                row.add(person == null ? "" : traitCell(person, trait, traitsByIdentity));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String identityCell(Person person, IdentityType type, Options options) {
        return person.identities().stream()
                .filter(i -> i.type().equals(type))
                .map(i -> options.hashed() ? sha256(hashForm(i, options.phoneForm())) : i.value())
                .sorted()
                .distinct()
                .reduce((a, b) -> a + " | " + b)
                .orElse("");
    }

    /** The person's current value: the newest among its identities (the first identity on a tie). */
    private static String traitCell(
            Person person, String trait, Map<String, Map<String, TraitValue>> traitsByIdentity) {
        TraitValue best = null;
        for (String key : person.identityKeys()) {
            Map<String, TraitValue> traits = traitsByIdentity.get(key);
            TraitValue value = traits == null ? null : traits.get(trait);
            if (value != null && (best == null || value.updatedAt().isAfter(best.updatedAt()))) {
                best = value;
            }
        }
        return best == null ? "" : text(best.valueJson());
    }

    /** A JSON value as a cell: strings without quotes, anything else as its JSON text. */
    private static String text(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node.isTextual() ? node.textValue() : node.isNull() ? "" : node.toString();
        } catch (IOException e) {
            return json;
        }
    }

    /** The normalised text of an identity that is hashed. */
    static String hashForm(Identity identity, PhoneForm form) {
        String value = identity.value();
        if (identity.type().equals(IdentityType.EMAIL)) {
            return value.strip().toLowerCase(Locale.ROOT);
        }
        if (identity.type().equals(IdentityType.PHONE) && value.startsWith("+")) {
            return switch (form) {
                case E164 -> value;
                case DIGITS -> value.substring(1);
                case NATIONAL -> national(value);
            };
        }
        return value;
    }

    private static String national(String e164) {
        try {
            var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
            var number = util.parse(e164, null);
            return util.getNationalSignificantNumber(number);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return e164.substring(1);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
