package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;
import static dev.lodestar.engine.duckdb.DuckDbSegmentSql.invalid;
import static dev.lodestar.engine.duckdb.Jdbc.instant;
import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.ConditionCodec;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.FunnelPersons;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.ScoresRefresher;
import dev.lodestar.spi.segment.SegmentCatalog;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentEngine;
import dev.lodestar.spi.segment.SegmentPreview;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments on DuckDB. A condition compiles ({@link DuckDbSegmentSql}) to one query over the
 * derived person tables ({@link DuckDbSegmentPersons}), which are brought up to date first. Saved
 * segments keep one row per stay of a person in {@code segment_members} (entered, and exited once
 * they leave) and one row per refresh in {@code segment_sizes}.
 */
public final class DuckDbSegmentEngine implements SegmentEngine {
    private static final Logger log = LoggerFactory.getLogger(DuckDbSegmentEngine.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_PAGE = 100_000;

    private final DuckDbDatabase database;
    private final ConditionCodec codec;
    private final ScoresRefresher scores;
    private final FunnelPersons funnels;
    private final DuckDbSegmentPersons persons;

    /**
     * @param scores computes the person scores before a condition uses them; null when this store
     *     has no scores engine (conditions on computed fields then read {@code person_scores} as it is,
     *     and fail when it does not exist)
     * @param funnels the persons who dropped off a saved funnel; null when there are no saved funnels
     */
    public DuckDbSegmentEngine(
            DuckDbDatabase database, ConditionCodec codec, ScoresRefresher scores, FunnelPersons funnels) {
        this(database, codec, scores, funnels, Duration.ZERO);
    }

    /**
     * @param reuse how long the derived person tables are taken as current after a check, without
     *     looking at the store again: under a steady stream of events, previews and refreshes then
     *     rebuild them at most once per {@code reuse} (they see new events and traits up to that
     *     late); zero checks on every evaluation. Snapshots always check.
     */
    public DuckDbSegmentEngine(
            DuckDbDatabase database,
            ConditionCodec codec,
            ScoresRefresher scores,
            FunnelPersons funnels,
            Duration reuse) {
        this.database = requireNonNull(database, "database is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.scores = scores;
        this.funnels = funnels;
        this.persons = new DuckDbSegmentPersons(database, requireNonNull(reuse, "reuse is null"));
    }

    // ---- evaluation

    @Override
    public SegmentPreview preview(Condition condition, EvaluationContext context, int sampleSize) {
        if (sampleSize < 0 || sampleSize > MAX_PAGE) {
            throw invalid("sample size must be 0 to " + MAX_PAGE + ", got " + sampleSize);
        }
        long started = System.nanoTime();
        Compiled compiled = compile(condition, null, context);
        List<Object> parameters = new ArrayList<>(compiled.parameters());
        long[] counts = new long[2];
        List<String> sample = new ArrayList<>();
        // the sample size is an int of ours, so it can be part of the text: min(x, n) wants a constant
        String sql = "SELECT count(*), min(u.person, " + Math.max(1, sampleSize) + "),"
                + " (SELECT count(*) FROM segment_persons) FROM segment_persons u WHERE " + compiled.where();
        query(sql, parameters, rs -> {
            counts[0] = rs.getLong(1);
            Array array = rs.getArray(2);
            if (array != null) {
                for (Object person : (Object[]) array.getArray()) {
                    if (sample.size() < sampleSize) {
                        sample.add((String) person);
                    }
                }
            }
            counts[1] = rs.getLong(3);
        });
        return new SegmentPreview(counts[0], counts[1], sample, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public List<String> members(Condition condition, EvaluationContext context, String afterPerson, int limit) {
        checkLimit(limit);
        Compiled compiled = compile(condition, null, context);
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT u.person FROM segment_persons u WHERE ");
        if (afterPerson != null) {
            sql.append("u.person > ? AND ");
            parameters.add(afterPerson);
        }
        sql.append(compiled.where()).append(" ORDER BY u.person LIMIT ?");
        parameters.addAll(compiled.parameters());
        parameters.add(limit);
        List<String> members = new ArrayList<>();
        query(sql.toString(), parameters, rs -> members.add(rs.getString(1)));
        return members;
    }

    private record Compiled(String where, List<Object> parameters) {}

    /** Brings the person tables up to date, compiles, and runs the hooks the condition needs. */
    private Compiled compile(Condition condition, String id, EvaluationContext context) {
        requireNonNull(condition, "condition is null");
        requireNonNull(context, "context is null");
        persons.ensureCurrent();
        DuckDbSegmentSql sql = new DuckDbSegmentSql(this::get, funnels, context);
        String where = sql.compile(condition, id);
        if (sql.usesScores() && scores != null) {
            scores.ensureScores(context);
        }
        if (sql.usesScores() && !tableExists("person_scores")) {
            throw invalid("computed fields (rfm.*, value.*, activity.*, lifecycle.*, person.*) need person scores,"
                    + " which this store has not computed");
        }
        if (sql.usesInterests() && !tableExists("person_interests")) {
            if (scores != null) {
                scores.ensureScores(context);
            }
            if (!tableExists("person_interests")) {
                throw invalid("interest.* fields need interest tags, which this store has not computed");
            }
        }
        return new Compiled(where, sql.parameters());
    }

    private boolean tableExists(String name) {
        boolean[] found = {false};
        query(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
                List.of(name),
                rs -> found[0] = true);
        return found[0];
    }

    // ---- saved segments

    @Override
    public synchronized SegmentDefinition save(SegmentDefinition definition) {
        requireNonNull(definition, "definition is null");
        String id = definition.id().isEmpty() ? newId(definition.name()) : definition.id();
        if (!ID.matcher(id).matches()) {
            throw invalid("segment id '" + id + "' is not valid (expected 1 to 64 lower-case letters, digits and '-',"
                    + " starting with a letter or digit)");
        }
        String conditionText = null;
        if (definition.kind() == SegmentDefinition.Kind.DYNAMIC) {
            checkReferences(definition.condition(), new ArrayList<>(List.of(id)));
            conditionText = codec.encode(definition.condition());
        }
        List<String> clash = new ArrayList<>();
        query(
                "SELECT id FROM segments WHERE name = ? AND id <> ?",
                List.of(definition.name(), id),
                rs -> clash.add(rs.getString(1)));
        if (!clash.isEmpty()) {
            throw invalid("a segment named '" + definition.name() + "' already exists (id " + clash.get(0) + ")");
        }
        Optional<SegmentDefinition> existing = get(id);
        LocalDateTime now = utc(now());
        List<Object> parameters = new ArrayList<>();
        parameters.add(definition.name());
        parameters.add(definition.description());
        parameters.add(definition.kind().name().toLowerCase(Locale.ROOT));
        parameters.add(conditionText);
        parameters.add(definition.refreshMinutes());
        parameters.add(now);
        parameters.add(id);
        if (existing.isPresent()) {
            update(
                    "UPDATE segments SET name = ?, description = ?, kind = ?, condition = ?, refresh_minutes = ?,"
                            + " updated_at = ? WHERE id = ?",
                    parameters);
        } else {
            parameters.add(now);
            update(
                    "INSERT INTO segments (name, description, kind, condition, refresh_minutes, updated_at, id,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    parameters);
        }
        return get(id).orElseThrow();
    }

    /** Follows the segments a condition refers to: all must exist and none may lead back. */
    private void checkReferences(Condition condition, List<String> path) {
        if (condition instanceof Condition.And and) {
            and.parts().forEach(part -> checkReferences(part, path));
        } else if (condition instanceof Condition.Or or) {
            or.parts().forEach(part -> checkReferences(part, path));
        } else if (condition instanceof Condition.Not not) {
            checkReferences(not.part(), path);
        } else if (condition instanceof Condition.InSegment in) {
            DuckDbSegmentSql.checkCycle(path, in.segment());
            SegmentDefinition referenced =
                    get(in.segment()).orElseThrow(() -> invalid(DuckDbSegmentSql.unknown(in.segment())));
            if (referenced.kind() == SegmentDefinition.Kind.DYNAMIC) {
                path.add(in.segment());
                checkReferences(referenced.condition(), path);
                path.remove(path.size() - 1);
            }
        }
    }

    private String newId(String name) {
        String base =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "segment";
        }
        base = base.substring(0, Math.min(base.length(), 56));
        String id = base;
        for (int n = 2; get(id).isPresent(); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    @Override
    public Optional<SegmentDefinition> get(String id) {
        requireNonNull(id, "id is null");
        List<SegmentDefinition> found = definitions("WHERE id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<SegmentDefinition> list() {
        return definitions("ORDER BY name, id", List.of());
    }

    private List<SegmentDefinition> definitions(String where, List<Object> parameters) {
        List<SegmentDefinition> definitions = new ArrayList<>();
        query(
                "SELECT id, name, description, kind, condition, refresh_minutes, created_at, updated_at FROM segments "
                        + where,
                parameters,
                rs -> {
                    SegmentDefinition.Kind kind =
                            SegmentDefinition.Kind.valueOf(rs.getString(4).toUpperCase(Locale.ROOT));
                    String condition = rs.getString(5);
                    definitions.add(new SegmentDefinition(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            kind,
                            condition == null ? null : codec.decode(condition),
                            rs.getInt(6),
                            instant(rs, 7),
                            instant(rs, 8)));
                });
        return definitions;
    }

    @Override
    public synchronized boolean delete(String id) {
        if (get(id).isEmpty()) {
            return false;
        }
        for (SegmentDefinition other : list()) {
            if (!other.id().equals(id) && other.condition() != null && refersTo(other.condition(), id)) {
                throw invalid("segment '" + id + "' is used by segment '" + other.id() + "'; change that one first");
            }
        }
        inTransaction(connection -> {
            for (String table : List.of("segment_members", "segment_sizes")) {
                execute(connection, "DELETE FROM " + table + " WHERE segment = ?", List.of(id));
            }
            execute(connection, "DELETE FROM segments WHERE id = ?", List.of(id));
        });
        return true;
    }

    private static boolean refersTo(Condition condition, String id) {
        if (condition instanceof Condition.And and) {
            return and.parts().stream().anyMatch(part -> refersTo(part, id));
        } else if (condition instanceof Condition.Or or) {
            return or.parts().stream().anyMatch(part -> refersTo(part, id));
        } else if (condition instanceof Condition.Not not) {
            return refersTo(not.part(), id);
        }
        return condition instanceof Condition.InSegment in && in.segment().equals(id);
    }

    // ---- membership

    @Override
    public synchronized MembershipChange refresh(String id, EvaluationContext context) {
        SegmentDefinition definition = require(id);
        if (definition.kind() != SegmentDefinition.Kind.DYNAMIC) {
            throw invalid("segment '" + id + "' is static: its members change only by a snapshot");
        }
        Compiled compiled = compile(definition.condition(), id, context);
        return replaceMembers(
                id, "SELECT u.person FROM segment_persons u WHERE " + compiled.where(), compiled.parameters(), null);
    }

    @Override
    public synchronized MembershipChange snapshot(String id, Collection<String> members) {
        SegmentDefinition definition = require(id);
        if (definition.kind() != SegmentDefinition.Kind.STATIC) {
            throw invalid("segment '" + id + "' is dynamic: its members follow its condition");
        }
        requireNonNull(members, "persons is null");
        persons.ensureCurrentNow();
        Set<String> distinct = new LinkedHashSet<>();
        for (String person : members) {
            if (person != null) {
                distinct.add(person);
            }
        }
        // an id a person had before a merge stands for the merged person; unknown ids are left out
        MembershipChange change = replaceMembers(
                id,
                "SELECT DISTINCT coalesce(m.to_person, s.person) AS person FROM segment_snapshot s"
                        + " LEFT JOIN person_map m ON m.from_person = s.person"
                        + " WHERE coalesce(m.to_person, s.person) IN (SELECT person FROM segment_persons)",
                List.of(),
                distinct);
        long ignored = distinct.size() - countKnown(distinct);
        if (ignored > 0) {
            log.info(
                    "snapshot of segment {}: {} of {} person ids are unknown and left out",
                    id,
                    ignored,
                    distinct.size());
        }
        return change;
    }

    private long countKnown(Set<String> ids) {
        long[] known = {0};
        query(
                "SELECT count(*) FROM (SELECT DISTINCT unnest(?) AS person) s LEFT JOIN person_map m"
                        + " ON m.from_person = s.person"
                        + " WHERE coalesce(m.to_person, s.person) IN (SELECT person FROM segment_persons)",
                List.of(ids),
                rs -> known[0] = rs.getLong(1));
        return known[0];
    }

    /**
     * Makes the result of {@code membersSql} the current members: stays of persons not in it are
     * closed, persons new in it start a stay, and the size is recorded, in one transaction. With
     * {@code staged} non-null, those ids are first put in the temporary table {@code
     * segment_snapshot}.
     */
    private MembershipChange replaceMembers(
            String id, String membersSql, List<Object> parameters, Collection<String> staged) {
        Instant at = now();
        LocalDateTime now = utc(at);
        long[] result = new long[3];
        inTransaction(connection -> {
            if (staged != null) {
                execute(connection, "CREATE OR REPLACE TEMP TABLE segment_snapshot (person VARCHAR)", List.of());
                execute(connection, "INSERT INTO segment_snapshot SELECT unnest(?)", List.of(new ArrayList<>(staged)));
            }
            execute(connection, "CREATE OR REPLACE TEMP TABLE segment_next AS " + membersSql, parameters);
            result[2] = execute(
                    connection,
                    "UPDATE segment_members SET exited_at = ? WHERE segment = ? AND exited_at IS NULL"
                            + " AND person NOT IN (SELECT person FROM segment_next)",
                    List.of(now, id));
            result[1] = execute(
                    connection,
                    "INSERT INTO segment_members SELECT ?, person, ?, NULL FROM segment_next WHERE person NOT IN"
                            + " (SELECT person FROM segment_members WHERE segment = ? AND exited_at IS NULL)",
                    List.of(id, now, id));
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM segment_next");
                    ResultSet rs = count.executeQuery()) {
                rs.next();
                result[0] = rs.getLong(1);
            }
            execute(
                    connection,
                    "INSERT INTO segment_sizes VALUES (?, ?, ?, ?, ?)",
                    List.of(id, now, result[0], result[1], result[2]));
            execute(connection, "DROP TABLE segment_next", List.of());
        });
        return new MembershipChange(id, at, result[0], result[1], result[2]);
    }

    @Override
    public List<String> currentMembers(String id, String afterPerson, int limit) {
        require(id);
        checkLimit(limit);
        List<String> members = new ArrayList<>();
        query(
                "SELECT person FROM segment_members WHERE segment = ? AND exited_at IS NULL AND person > ?"
                        + " ORDER BY person LIMIT ?",
                List.of(id, afterPerson == null ? "" : afterPerson, limit),
                rs -> members.add(rs.getString(1)));
        return members;
    }

    @Override
    public List<String> segmentsOf(String person) {
        List<String> segments = new ArrayList<>();
        query(
                "SELECT segment FROM segment_members WHERE person = ? AND exited_at IS NULL ORDER BY segment",
                List.of(person),
                rs -> segments.add(rs.getString(1)));
        return segments;
    }

    @Override
    public List<MembershipEvent> history(String id, String person, int limit) {
        require(id);
        checkLimit(limit);
        List<Object> parameters = new ArrayList<>(List.of(id));
        String byPerson = "";
        if (person != null) {
            byPerson = " AND person = ?";
            parameters.add(person);
        }
        parameters.add(limit);
        List<MembershipEvent> events = new ArrayList<>();
        query(
                "SELECT person, entered_at, exited_at FROM segment_members WHERE segment = ?" + byPerson
                        + " ORDER BY coalesce(exited_at, entered_at) DESC, entered_at DESC, person LIMIT ?",
                parameters,
                rs -> events.add(new MembershipEvent(rs.getString(1), instant(rs, 2), instant(rs, 3))));
        return events;
    }

    @Override
    public List<MembershipChange> sizes(String id) {
        require(id);
        List<MembershipChange> sizes = new ArrayList<>();
        query(
                "SELECT \"at\", size, entered, exited FROM segment_sizes WHERE segment = ? ORDER BY \"at\", rowid",
                List.of(id),
                rs -> sizes.add(new MembershipChange(id, instant(rs, 1), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        return sizes;
    }

    @Override
    public List<OverlapCell> overlap(List<String> ids) {
        requireNonNull(ids, "ids is null");
        if (ids.size() < 2 || ids.size() > 5) {
            throw invalid("overlap takes 2 to 5 segments, got " + ids.size());
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw invalid("overlap names a segment twice: " + ids);
        }
        ids.forEach(this::require);
        StringBuilder bits = new StringBuilder("CASE segment");
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            bits.append(" WHEN ? THEN ").append(1 << i);
            parameters.add(ids.get(i));
        }
        parameters.add(List.copyOf(ids));
        List<OverlapCell> cells = new ArrayList<>();
        query(
                "SELECT mask, count(*) FROM (SELECT person, bit_or(" + bits + " END) AS mask FROM segment_members"
                        + " WHERE exited_at IS NULL AND list_contains(?, segment) GROUP BY person)"
                        + " GROUP BY mask ORDER BY mask",
                parameters,
                rs -> cells.add(new OverlapCell(rs.getInt(1), rs.getLong(2))));
        return cells;
    }

    // ---- catalog

    @Override
    public SegmentCatalog catalog() {
        Set<String> traits = new HashSet<>();
        query("SELECT DISTINCT name FROM trait_values", List.of(), rs -> traits.add(rs.getString(1)));
        Set<String> segments = new HashSet<>();
        query("SELECT id FROM segments", List.of(), rs -> segments.add(rs.getString(1)));
        Set<String> funnelNames = new HashSet<>();
        query(
                "SELECT name FROM saved_analyses WHERE kind = 'funnel'",
                List.of(),
                rs -> funnelNames.add(rs.getString(1)));
        Set<String> interests = new HashSet<>();
        if (tableExists("person_interests")) {
            query(
                    "SELECT DISTINCT dimension FROM person_interests WHERE dimension IS NOT NULL",
                    List.of(),
                    rs -> interests.add(rs.getString(1)));
        }
        return new SegmentCatalog(traits, segments, funnelNames, interests);
    }

    // ---- plumbing

    private SegmentDefinition require(String id) {
        requireNonNull(id, "id is null");
        return get(id).orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, DuckDbSegmentSql.unknown(id)));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw invalid("limit must be 1 to " + MAX_PAGE + ", got " + limit);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void query(String sql, List<Object> parameters, Jdbc.RowHandler handler) {
        Jdbc.query(database, "segment query", sql, parameters, handler);
    }

    private void update(String sql, List<Object> parameters) {
        inTransaction(connection -> execute(connection, sql, parameters));
    }

    private static long execute(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.bind(connection, statement, parameters);
            statement.execute();
            return Math.max(0, statement.getUpdateCount());
        }
    }

    private void inTransaction(Jdbc.Work work) {
        Jdbc.inTransaction(database, "segment write", work);
    }
}
