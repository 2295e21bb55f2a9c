package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.identity.ValueKind;
import dev.lodestar.core.imports.RowIssue.Problem;
import dev.lodestar.core.ingest.MessageRejected;
import dev.lodestar.core.ingest.SegmentMessages;
import dev.lodestar.spi.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns rows into {@link ImportRecord}s or {@link RowRejection}s by a mapping bound to a header.
 *
 * <ul>
 *   <li>Identities go through the {@link Normalizer}: an invalid or blocked value is skipped with an
 *       issue; the row is rejected when no valid identity is left, or when a {@code required}
 *       identity is missing or invalid.
 *   <li>Traits, consent and event properties are typed; an unparseable value is skipped with an
 *       issue naming the column, the value and the formats tried. Empty cells give no value.
 *   <li>An event is built as a Segment track message and goes through {@link
 *       SegmentMessages#toEvent} without clock-skew correction, so imported events obey the same
 *       rules as collected ones. A missing or unparseable timestamp or name rejects the row.
 * </ul>
 *
 * Not thread-safe (one per reading thread): it keeps a digest and the last matching date format.
 */
public final class RowConverter {
    private static final HexFormat HEX = HexFormat.of();

    private final String source;
    private final String sourceIdentity;
    private final Normalizer normalizer;
    private final SegmentMessages messages;
    private final ObjectMapper mapper;
    private final Instant importTime;
    private final MessageDigest sha;
    private final List<String> header;

    private final IdentityType[] idTypes;
    private final ValueKind[] idKinds;
    private final int[] idColumns;
    private final boolean[] idRequired;
    private final String[] idNames;
    private final Field[] traits;
    private final int[] consentColumns;
    private final ImportMapping.ConsentColumn[] consents;
    private final Booleans[] consentWords;
    private final int updatedAtColumn;
    private final DateFormats updatedAtFormats;
    private final String eventName;
    private final int eventNameColumn;
    private final int eventTimeColumn;
    private final DateFormats eventTimeFormats;
    private final Field[] properties;

    /** A typed column: a trait or an event property. */
    private record Field(int column, String header, String name, TraitType type, DateFormats formats) {}

    /**
     * @param mapping the mapping
     * @param header the source's column names
     * @param sourceIdentity what identifies the source for record ids ({@link RowSource#identity()})
     * @param sourceName the default source name when the mapping names none
     * @param normalizer identity normalisation (its config declares the identity types)
     * @param mapper the JSON mapper for event messages
     * @param importTime receivedAt of imported events
     * @throws IllegalArgumentException when the mapping names a column that is not in the header or
     *     an undeclared identity type
     */
    public RowConverter(
            ImportMapping mapping,
            List<String> header,
            String sourceIdentity,
            String sourceName,
            Normalizer normalizer,
            ObjectMapper mapper,
            Instant importTime) {
        requireNonNull(mapping, "mapping is null");
        requireNonNull(header, "header is null");
        this.source = mapping.source() != null ? mapping.source() : requireNonNull(sourceName, "sourceName is null");
        this.sourceIdentity = requireNonNull(sourceIdentity, "sourceIdentity is null");
        this.normalizer = requireNonNull(normalizer, "normalizer is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.messages = new SegmentMessages(mapper);
        this.importTime = requireNonNull(importTime, "importTime is null");
        this.sha = sha256();
        this.header = List.copyOf(header);
        int n = mapping.identities().size();
        idTypes = new IdentityType[n];
        idKinds = new ValueKind[n];
        idColumns = new int[n];
        idRequired = new boolean[n];
        idNames = new String[n];
        for (int i = 0; i < n; i++) {
            ImportMapping.IdentityColumn c = mapping.identities().get(i);
            IdentityType type = new IdentityType(c.type());
            idKinds[i] = normalizer.config().requireSpec(type).kind();
            idTypes[i] = type;
            idColumns[i] = column(header, c.column(), "identity");
            idRequired[i] = c.isRequired();
            idNames[i] = c.column();
        }
        var zone = mapping.zoneId();
        traits = mapping.traits().stream()
                .map(t -> new Field(
                        column(header, t.column(), "trait"), t.column(), t.name(), t.type(), formats(t, zone)))
                .toArray(Field[]::new);
        consents = mapping.consent().toArray(new ImportMapping.ConsentColumn[0]);
        consentColumns = new int[consents.length];
        consentWords = new Booleans[consents.length];
        for (int i = 0; i < consents.length; i++) {
            consentColumns[i] = column(header, consents[i].column(), "consent");
            consentWords[i] = Booleans.DEFAULT.with(consents[i].granted(), consents[i].revoked());
        }
        if (mapping.updatedAt() != null) {
            updatedAtColumn = column(header, mapping.updatedAt().column(), "updatedAt");
            updatedAtFormats = new DateFormats(mapping.updatedAt().formats(), zone);
        } else {
            updatedAtColumn = -1;
            updatedAtFormats = null;
        }
        ImportMapping.EventMapping event = mapping.event();
        if (event != null) {
            eventName = event.name();
            eventNameColumn = event.nameColumn() == null ? -1 : column(header, event.nameColumn(), "event name");
            eventTimeColumn = column(header, event.timestamp().column(), "event timestamp");
            eventTimeFormats = new DateFormats(event.timestamp().formats(), zone);
            properties = event.properties().stream()
                    .map(p -> new Field(
                            column(header, p.column(), "event property"),
                            p.column(),
                            p.name(),
                            p.type(),
                            formats(p, zone)))
                    .toArray(Field[]::new);
        } else {
            eventName = null;
            eventNameColumn = -1;
            eventTimeColumn = -1;
            eventTimeFormats = null;
            properties = new Field[0];
        }
    }

    /** The source name records carry. */
    public String source() {
        return source;
    }

    private static DateFormats formats(ImportMapping.TraitColumn t, java.time.ZoneId zone) {
        return t.type() == TraitType.DATE || t.type() == TraitType.DATETIME ? new DateFormats(t.formats(), zone) : null;
    }

    private static int column(List<String> header, String name, String what) {
        int index = header.indexOf(name);
        if (index < 0) {
            String stripped = name.strip();
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(stripped)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(
                    what + " column '" + name + "' is not in the source (columns: " + header + ")");
        }
        return index;
    }

    /** Converts one row (the cells array is not kept). */
    public RowOutcome convert(long number, Object[] cells) {
        RowPosition position = new RowPosition(source, number);
        if (cells.length == 1 && cells[0] instanceof JsonLinesRowSource.InvalidLine invalid) {
            return new RowRejection(position, List.of(new RowIssue(null, Problem.INVALID_ROW, null, invalid.reason())));
        }
        List<RowIssue> issues = null;
        List<Identity> identities = new ArrayList<>(idTypes.length);
        boolean requiredMissing = false;
        for (int i = 0; i < idTypes.length; i++) {
            Object cell = cell(cells, idColumns[i]);
            String raw = Cells.text(cell);
            Normalized normalized =
                    normalizer.normalize(idTypes[i], idKinds[i] == ValueKind.PHONE ? plainPhone(raw) : raw);
            if (normalized instanceof Normalized.Valid valid) {
                if (!identities.contains(valid.identity())) {
                    identities.add(valid.identity());
                }
                continue;
            }
            Normalized.Invalid invalid = (Normalized.Invalid) normalized;
            if (invalid.problem() == Normalized.Problem.EMPTY) {
                if (idRequired[i]) {
                    requiredMissing = true;
                    issues = add(
                            issues,
                            new RowIssue(
                                    idNames[i],
                                    Problem.MISSING_IDENTITY,
                                    null,
                                    "required " + idTypes[i] + " is empty"));
                }
                continue;
            }
            Problem problem =
                    switch (invalid.problem()) {
                        case INVALID_PHONE -> Problem.INVALID_PHONE;
                        case INVALID_EMAIL -> Problem.INVALID_EMAIL;
                        case BLOCKED -> Problem.BLOCKED_IDENTITY;
                        default -> Problem.INVALID_IDENTITY;
                    };
            requiredMissing |= idRequired[i];
            issues = add(
                    issues, new RowIssue(idNames[i], problem, raw, idTypes[i] + " '" + raw + "' " + invalid.reason()));
        }
        if (identities.isEmpty() || requiredMissing) {
            List<RowIssue> all = issues == null ? new ArrayList<>() : issues;
            if (identities.isEmpty()) {
                all.add(new RowIssue(
                        null, Problem.MISSING_IDENTITY, null, "no valid identity in columns " + List.of(idNames)));
            }
            return new RowRejection(position, all);
        }
        List<TraitValue> traitValues = new ArrayList<>(traits.length);
        for (Field field : traits) {
            Object cell = cell(cells, field.column());
            if (Cells.isBlank(cell)) {
                continue;
            }
            Object value = typed(field, cell);
            if (value instanceof RowIssue issue) {
                issues = add(issues, issue);
            } else {
                traitValues.add(new TraitValue(field.name(), field.type(), value));
            }
        }
        List<ConsentValue> consentValues = List.of();
        for (int i = 0; i < consents.length; i++) {
            Object cell = cell(cells, consentColumns[i]);
            if (Cells.isBlank(cell)) {
                continue;
            }
            Boolean granted = consentWords[i].parse(cell);
            if (granted == null) {
                issues = add(
                        issues,
                        new RowIssue(
                                consents[i].column(),
                                Problem.UNPARSEABLE_BOOLEAN,
                                Cells.text(cell),
                                "consent '" + Cells.text(cell)
                                        + "' is neither yes nor no (expected e.g. 是/否, 1/0, 已关注/已取消关注)"));
                continue;
            }
            if (consentValues.isEmpty()) {
                consentValues = new ArrayList<>(consents.length);
            }
            consentValues.add(new ConsentValue(consents[i].channel(), granted));
        }
        Instant updatedAt = null;
        if (updatedAtColumn >= 0) {
            Object cell = cell(cells, updatedAtColumn);
            if (!Cells.isBlank(cell)) {
                updatedAt = updatedAtFormats.instant(cell);
                if (updatedAt == null) {
                    issues = add(issues, unparseableDate(cells, updatedAtColumn, updatedAtFormats));
                }
            }
        }
        String id = recordId(cells);
        Event event = null;
        if (eventTimeFormats != null) {
            EventResult result = event(id, identities, cells);
            if (result.rejection() != null) {
                List<RowIssue> all = issues == null ? new ArrayList<>() : issues;
                all.add(result.rejection());
                return new RowRejection(position, all);
            }
            for (RowIssue issue : result.issues()) {
                issues = add(issues, issue);
            }
            event = result.event();
        }
        return new ImportRecord(
                id,
                source,
                position,
                identities,
                traitValues,
                consentValues,
                event,
                updatedAt,
                issues == null ? List.of() : issues);
    }

    /** An event, or the issue that rejects the row; property issues skip only the property. */
    private record EventResult(Event event, RowIssue rejection, List<RowIssue> issues) {
        static EventResult rejected(RowIssue issue) {
            return new EventResult(null, issue, List.of());
        }
    }

    private EventResult event(String id, List<Identity> identities, Object[] cells) {
        String name = eventName;
        if (eventNameColumn >= 0) {
            name = Cells.text(cell(cells, eventNameColumn));
            if (name == null || name.isBlank()) {
                return EventResult.rejected(
                        new RowIssue(null, Problem.MISSING_VALUE, null, "the event name column is empty"));
            }
            name = name.strip();
        }
        Object timeCell = cell(cells, eventTimeColumn);
        if (Cells.isBlank(timeCell)) {
            return EventResult.rejected(
                    new RowIssue(null, Problem.MISSING_VALUE, null, "the event timestamp is empty"));
        }
        Instant timestamp = eventTimeFormats.instant(timeCell);
        if (timestamp == null) {
            return EventResult.rejected(unparseableDate(cells, eventTimeColumn, eventTimeFormats));
        }
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "track");
        message.put("event", name);
        message.put("messageId", "imp-" + id);
        message.put("timestamp", timestamp.toString());
        Identity user = null;
        for (Identity identity : identities) {
            if (identity.type().equals(IdentityType.USER_ID)) {
                user = identity;
                break;
            }
        }
        if (user != null) {
            message.put("userId", user.value());
        } else {
            // no user id: the row's strongest identity stands for the person, typed so it cannot
            // collide with a real anonymous id; every identity is in context.externalIds
            message.put("anonymousId", identities.get(0).toString());
        }
        ObjectNode props = message.putObject("properties");
        List<RowIssue> propertyIssues = new ArrayList<>(0);
        for (Field field : properties) {
            Object cell = cell(cells, field.column());
            if (Cells.isBlank(cell)) {
                continue;
            }
            Object value = typed(field, cell);
            if (value instanceof RowIssue issue) {
                propertyIssues.add(issue);
            } else if (value instanceof Double d) {
                props.put(field.name(), d);
            } else if (value instanceof Boolean b) {
                props.put(field.name(), b);
            } else {
                props.put(field.name(), value.toString());
            }
        }
        ObjectNode context = message.putObject("context");
        ArrayNode external = context.putArray("externalIds");
        for (Identity identity : identities) {
            ObjectNode e = external.addObject();
            e.put("id", identity.value());
            e.put("type", identity.type().name());
            e.put("collection", "users");
            e.put("encoding", "none");
        }
        try {
            return new EventResult(
                    messages.toEvent(message, null, null, importTime, source, false), null, propertyIssues);
        } catch (MessageRejected e) {
            return EventResult.rejected(new RowIssue(null, Problem.INVALID_EVENT, null, "event: " + e.getMessage()));
        }
    }

    private RowIssue unparseableDate(Object[] cells, int column, DateFormats formats) {
        String raw = Cells.text(cell(cells, column));
        return new RowIssue(
                header.get(column),
                Problem.UNPARSEABLE_DATE,
                raw,
                "'" + raw + "' matches none of the date formats " + formats.names());
    }

    /** A typed value, or a RowIssue when the cell does not parse. */
    private static Object typed(Field field, Object cell) {
        switch (field.type()) {
            case STRING -> {
                return Cells.text(cell).strip();
            }
            case NUMBER -> {
                Double d = number(cell);
                return d != null
                        ? d
                        : new RowIssue(
                                field.header(),
                                Problem.UNPARSEABLE_NUMBER,
                                Cells.text(cell),
                                "'" + Cells.text(cell) + "' is not a number (expected e.g. 1234.50, ¥1,234.50)");
            }
            case BOOLEAN -> {
                Boolean b = Booleans.DEFAULT.parse(cell);
                return b != null
                        ? b
                        : new RowIssue(
                                field.header(),
                                Problem.UNPARSEABLE_BOOLEAN,
                                Cells.text(cell),
                                "'" + Cells.text(cell)
                                        + "' is neither true nor false (expected e.g. 是/否, 1/0, true/false)");
            }
            case DATE -> {
                LocalDate d = field.formats().date(cell);
                return d != null ? d : dateIssue(field, cell);
            }
            case DATETIME -> {
                Instant t = field.formats().instant(cell);
                return t != null ? t : dateIssue(field, cell);
            }
        }
        throw new AssertionError(field.type());
    }

    private static RowIssue dateIssue(Field field, Object cell) {
        String raw = Cells.text(cell);
        return new RowIssue(
                field.header(),
                Problem.UNPARSEABLE_DATE,
                raw,
                "'" + raw + "' matches none of the date formats "
                        + field.formats().names());
    }

    static Double number(Object cell) {
        if (cell instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        String text = Cells.text(cell).strip();
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '¥' || c == '￥' || c == '$' || c == '元' || c == ' ' || c == '\u00a0') {
                continue;
            }
            b.append(c);
        }
        if (b.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(b.toString());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Phone text written with only digits, spaces, dashes, dots, brackets and a leading + or 00 (the
     * common export formats) reduced to {@code +digits} or {@code digits}: libphonenumber parses that
     * about a third faster, and still decides validity. Anything else (letters, full-width digits,
     * extensions, fewer than 7 digits) goes to the normaliser unchanged.
     */
    static String plainPhone(String raw) {
        if (raw == null) {
            return null;
        }
        int n = raw.length();
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return raw;
            }
        }
        if (digits.length() < 7) {
            return raw;
        }
        if (!plus && digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
            return "+" + digits.substring(2);
        }
        return plus ? "+" + digits : digits.toString();
    }

    private static Object cell(Object[] cells, int column) {
        return column < cells.length ? cells[column] : null;
    }

    private static List<RowIssue> add(List<RowIssue> issues, RowIssue issue) {
        List<RowIssue> list = issues == null ? new ArrayList<>(2) : issues;
        list.add(issue);
        return list;
    }

    /** 32 hex digits of SHA-256 over the source identity and the cells' text, separated by control characters. */
    private String recordId(Object[] cells) {
        sha.reset();
        sha.update(sourceIdentity.getBytes(StandardCharsets.UTF_8));
        for (Object cell : cells) {
            sha.update((byte) 0x1f);
            String text = Cells.text(cell);
            if (text != null) {
                sha.update(text.strip().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HEX.formatHex(sha.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Words for yes and no. */
    record Booleans(Set<String> yes, Set<String> no) {
        static final Booleans DEFAULT = new Booleans(
                Set.of(
                        "1",
                        "true",
                        "t",
                        "yes",
                        "y",
                        "是",
                        "有",
                        "已关注",
                        "关注",
                        "订阅",
                        "已订阅",
                        "同意",
                        "允许",
                        "opt-in",
                        "opted_in",
                        "opted-in",
                        "subscribed",
                        "granted",
                        "on"),
                Set.of(
                        "0",
                        "false",
                        "f",
                        "no",
                        "n",
                        "否",
                        "无",
                        "已取消关注",
                        "取消关注",
                        "未关注",
                        "退订",
                        "已退订",
                        "拒绝",
                        "不同意",
                        "opt-out",
                        "opted_out",
                        "opted-out",
                        "unsubscribed",
                        "revoked",
                        "off"));

        Booleans with(List<String> moreYes, List<String> moreNo) {
            if (moreYes.isEmpty() && moreNo.isEmpty()) {
                return this;
            }
            Set<String> y = new java.util.HashSet<>(yes);
            Set<String> n = new java.util.HashSet<>(no);
            moreYes.forEach(w -> y.add(w.strip().toLowerCase(Locale.ROOT)));
            moreNo.forEach(w -> n.add(w.strip().toLowerCase(Locale.ROOT)));
            y.removeAll(
                    moreNo.stream().map(w -> w.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
            return new Booleans(Set.copyOf(y), Set.copyOf(n));
        }

        Boolean parse(Object cell) {
            if (cell instanceof Boolean b) {
                return b;
            }
            String text = Cells.text(cell).strip().toLowerCase(Locale.ROOT);
            if (yes.contains(text)) {
                return true;
            }
            if (no.contains(text)) {
                return false;
            }
            return null;
        }
    }
}
