package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;
import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.identity.EngagementEvent;
import dev.lodestar.spi.identity.IdentityStore;
import dev.lodestar.spi.identity.PersonActivity;
import dev.lodestar.spi.identity.StoredObservation;
import dev.lodestar.spi.identity.TraitValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB identity store. Writes go through their own connection (a {@code duplicate()} of the
 * owner): they touch other tables than the event writer, so the two never conflict.
 */
public final class DuckDbIdentityStore implements IdentityStore {
    private static final String LINKING =
            "(type IN ('identify', 'alias') OR (user_id IS NOT NULL AND anonymous_id IS NOT NULL))";
    private final DuckDbDatabase database;

    public DuckDbIdentityStore(DuckDbDatabase database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public long forEachLinkingEvent(long after, Consumer<Event> consumer) {
        long[] upTo = {after};
        query(
                "SELECT coalesce(max(ingest_seq), 0) FROM events",
                List.of(),
                rs -> upTo[0] = Math.max(after, rs.getLong(1)));
        if (upTo[0] > after) {
            query(
                    "SELECT " + EVENT_COLUMNS + " FROM events WHERE ingest_seq > ? AND ingest_seq <= ? AND " + LINKING
                            + " ORDER BY ingest_seq, ts",
                    List.of(after, upTo[0]),
                    rs -> consumer.accept(event(rs)));
        }
        return upTo[0];
    }

    @Override
    public void forEachObservation(Consumer<StoredObservation> consumer) {
        query(
                "SELECT identities, kind, source, first_seen, last_seen, occurrences, retracted_at"
                        + " FROM identity_observations ORDER BY id",
                List.of(),
                rs -> {
                    Object[] ids = (Object[]) rs.getArray(1).getArray();
                    List<String> identities = new ArrayList<>(ids.length);
                    for (Object id : ids) {
                        identities.add((String) id);
                    }
                    consumer.accept(new StoredObservation(
                            identities,
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs, 4),
                            instant(rs, 5),
                            rs.getLong(6),
                            instant(rs, 7)));
                });
    }

    @Override
    public synchronized void saveDerived(
            List<StoredObservation> observations, List<TraitValue> traits, long watermark) {
        // one statement per table, the rows passed as parallel arrays: row-by-row upserts cost a
        // fraction of a millisecond each, which adds up to seconds for a large import or backlog
        Map<String, StoredObservation> byId = new LinkedHashMap<>();
        for (StoredObservation o : observations) {
            byId.merge(
                    observationId(o.identities()),
                    o,
                    (a, b) -> new StoredObservation(
                            a.identities(),
                            a.kind(),
                            a.source(),
                            a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                            a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(),
                            a.occurrences() + b.occurrences(),
                            null));
        }
        Map<List<String>, TraitValue> latest = new LinkedHashMap<>();
        Map<List<String>, TraitValue> history = new LinkedHashMap<>();
        for (TraitValue t : traits) {
            latest.merge(
                    List.of(t.identity(), t.name(), t.source()),
                    t,
                    (a, b) -> b.updatedAt().isBefore(a.updatedAt()) ? a : b);
            history.putIfAbsent(
                    List.of(t.identity(), t.name(), t.source(), t.updatedAt().toString()), t);
        }
        inTransaction(connection -> {
            if (!byId.isEmpty()) {
                List<String[]> rows = new ArrayList<>();
                byId.forEach((id, o) -> rows.add(new String[] {
                    id,
                    String.join("\u001f", o.identities()),
                    o.kind(),
                    o.source(),
                    utc(o.firstSeen()).toString(),
                    utc(o.lastSeen()).toString(),
                    Long.toString(o.occurrences())
                }));
                stage(connection, "staged_observations", 7, rows);
                execute(
                        connection,
                        """
                        INSERT INTO identity_observations
                        SELECT c1, string_split(c2, chr(31)), c3, c4, c5::TIMESTAMP, c6::TIMESTAMP, c7::BIGINT, NULL
                        FROM staged_observations
                        ON CONFLICT (id) DO UPDATE SET
                            first_seen = least(identity_observations.first_seen, excluded.first_seen),
                            last_seen = greatest(identity_observations.last_seen, excluded.last_seen),
                            occurrences = identity_observations.occurrences + excluded.occurrences""");
            }
            writeTraits(
                    connection,
                    List.copyOf(latest.values()),
                    """
                    INSERT INTO trait_values %s
                    ON CONFLICT (identity, name, source) DO UPDATE SET
                        value = CASE WHEN excluded.updated_at >= trait_values.updated_at
                            THEN excluded.value ELSE trait_values.value END,
                        updated_at = greatest(trait_values.updated_at, excluded.updated_at)""");
            writeTraits(
                    connection, List.copyOf(history.values()), "INSERT INTO trait_history %s ON CONFLICT DO NOTHING");
            try (PreparedStatement state =
                    connection.prepareStatement("INSERT OR REPLACE INTO identity_state VALUES ('watermark', ?)")) {
                state.setString(1, Long.toString(watermark));
                state.execute();
            }
            countChange(connection);
        });
    }

    private static void writeTraits(Connection connection, List<TraitValue> rows, String sql) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String[]> staged = new ArrayList<>(rows.size());
        for (TraitValue t : rows) {
            staged.add(new String[] {
                t.identity(),
                t.name(),
                t.valueJson(),
                t.source(),
                utc(t.updatedAt()).toString()
            });
        }
        stage(connection, "staged_traits", 5, staged);
        execute(connection, sql.formatted("SELECT c1, c2, c3::JSON, c4, c5::TIMESTAMP FROM staged_traits"));
    }

    /**
     * Puts rows into a temporary table of VARCHAR columns {@code c1..cN} through DuckDB's appender:
     * JDBC arrays of tens of thousands of values cost seconds to build, the appender milliseconds.
     */
    private static void stage(Connection connection, String table, int columns, List<String[]> rows)
            throws SQLException {
        StringBuilder ddl =
                new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(table).append(" (");
        for (int c = 1; c <= columns; c++) {
            ddl.append(c == 1 ? "" : ", ").append('c').append(c).append(" VARCHAR");
        }
        execute(connection, ddl.append(')').toString());
        try (DuckDBAppender appender =
                connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
            for (String[] row : rows) {
                appender.beginRow();
                for (String value : row) {
                    appender.append(value);
                }
                appender.endRow();
            }
            appender.flush();
        }
    }

    /**
     * Counts, in {@code identity_state} row {@code changes}, the writes that can change persons or
     * their traits, so that tables derived from them can tell cheaply whether they are current.
     */
    private static void countChange(Connection connection) throws SQLException {
        execute(
                connection,
                "INSERT INTO identity_state VALUES ('changes', '1') ON CONFLICT (name)"
                        + " DO UPDATE SET value = (CAST(identity_state.value AS BIGINT) + 1)::VARCHAR");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public long watermark() {
        long[] found = {0};
        query(
                "SELECT value FROM identity_state WHERE name = 'watermark'",
                List.of(),
                rs -> found[0] = Long.parseLong(rs.getString(1)));
        return found[0];
    }

    @Override
    public synchronized void updatePersonMap(Map<String, String> changes, Collection<String> removed) {
        if (changes.isEmpty() && removed.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            // one statement each, the rows as arrays: a merge wave can change tens of thousands of rows
            List<String[]> stale = new ArrayList<>();
            removed.forEach(person -> stale.add(new String[] {person}));
            changes.keySet().forEach(person -> stale.add(new String[] {person}));
            stage(connection, "staged_stale", 1, stale);
            execute(connection, "DELETE FROM person_map WHERE from_person IN (SELECT c1 FROM staged_stale)");
            List<String[]> fresh = new ArrayList<>();
            changes.forEach((from, to) -> fresh.add(new String[] {from, to}));
            stage(connection, "staged_map", 2, fresh);
            execute(connection, "INSERT INTO person_map SELECT c1, c2 FROM staged_map");
            countChange(connection);
        });
    }

    @Override
    public synchronized void retractObservation(List<String> identities, Instant at) {
        inTransaction(connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE identity_observations SET retracted_at = ? WHERE id = ?")) {
                update.setObject(1, at == null ? null : utc(at));
                update.setString(2, observationId(identities));
                update.execute();
            }
        });
    }

    @Override
    public List<String> eventKeysOf(String ownPersonId) {
        List<String> keys = new ArrayList<>();
        query(
                "SELECT DISTINCT person_key FROM events WHERE person_id = ? ORDER BY 1",
                List.of(ownPersonId),
                rs -> keys.add(rs.getString(1)));
        return keys;
    }

    @Override
    public List<String> identitiesWithTrait(String name, String text, int limit) {
        List<String> identities = new ArrayList<>();
        query(
                """
                SELECT identity FROM (
                    SELECT identity, json_extract_string(value, '$') AS text, updated_at FROM trait_values WHERE name = ?)
                WHERE contains(lower(text), lower(?))
                GROUP BY identity
                ORDER BY max(CASE WHEN lower(text) = lower(?) THEN 1 ELSE 0 END) DESC, max(updated_at) DESC, identity
                LIMIT ?""",
                List.of(name, text, text, limit),
                rs -> identities.add(rs.getString(1)));
        return identities;
    }

    @Override
    public List<TraitValue> traits(Collection<String> identities) {
        List<TraitValue> traits = new ArrayList<>();
        if (identities.isEmpty()) {
            return traits;
        }
        query(
                "SELECT identity, name, value::VARCHAR, source, updated_at FROM trait_values"
                        + " WHERE list_contains(?, identity) ORDER BY updated_at DESC, name, source",
                List.of(identities),
                rs -> traits.add(new TraitValue(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5))));
        return traits;
    }

    @Override
    public PersonActivity activity(Collection<String> eventKeys, String orderEvent) {
        PersonActivity[] result = new PersonActivity[1];
        query(
                """
                SELECT count(*), min(ts), max(ts),
                    count(*) FILTER (WHERE type = 'track' AND event = ?),
                    coalesce(sum(revenue) FILTER (WHERE type = 'track' AND event = ?), 0)
                FROM events WHERE list_contains(?, person_key)""",
                List.of(orderEvent, orderEvent, eventKeys),
                rs -> result[0] = new PersonActivity(
                        rs.getLong(1), instant(rs, 2), instant(rs, 3), rs.getLong(4), rs.getDouble(5)));
        return result[0];
    }

    @Override
    public List<EngagementEvent> engagement(Collection<String> eventKeys, int limit) {
        List<EngagementEvent> events = new ArrayList<>();
        query(
                """
                SELECT ts, CASE WHEN type = 'track' THEN event END,
                    json_extract_string(context, '$.campaign.medium')
                FROM events WHERE list_contains(?, person_key) ORDER BY ts DESC LIMIT ?""",
                List.of(eventKeys, limit),
                rs -> events.add(new EngagementEvent(instant(rs, 1), rs.getString(2), rs.getString(3))));
        return events;
    }

    @Override
    public List<Event> timeline(Collection<String> eventKeys, Instant before, String beforeMessageId, int limit) {
        List<Event> events = new ArrayList<>();
        LocalDateTime cursor = utc(before == null ? Instant.parse("9999-01-01T00:00:00Z") : before);
        query(
                "SELECT " + EVENT_COLUMNS + " FROM events WHERE list_contains(?, person_key)"
                        + " AND (ts < ? OR (ts = ? AND message_id > ?)) ORDER BY ts DESC, message_id LIMIT ?",
                List.of(eventKeys, cursor, cursor, beforeMessageId == null ? "\uffff" : beforeMessageId, limit),
                rs -> events.add(event(rs)));
        return events;
    }

    @Override
    public synchronized long erase(String personId, Collection<String> identities, Collection<String> eventKeys) {
        long[] deleted = new long[4];
        inTransaction(connection -> {
            deleted[0] = update(connection, "DELETE FROM events WHERE list_contains(?, person_key)", eventKeys);
            deleted[1] = update(
                    connection,
                    "DELETE FROM identity_observations WHERE len(list_intersect(identities, ?)) > 0",
                    identities);
            deleted[2] = update(connection, "DELETE FROM trait_values WHERE list_contains(?, identity)", identities);
            update(connection, "DELETE FROM trait_history WHERE list_contains(?, identity)", identities);
            List<String> ownIds = identities.stream()
                    .map(dev.lodestar.spi.event.PersonIds::of)
                    .toList();
            deleted[3] = update(connection, "DELETE FROM person_map WHERE from_person IN (SELECT unnest(?))", ownIds);
            try (PreparedStatement audit = connection.prepareStatement(
                    "INSERT INTO audit_log VALUES (current_timestamp, 'erase', ?, ?::JSON)")) {
                audit.setString(1, personId);
                audit.setString(
                        2,
                        "{\"identities\":" + identities.size() + ",\"events\":" + deleted[0] + ",\"observations\":"
                                + deleted[1] + ",\"traits\":" + deleted[2] + "}");
                audit.execute();
            }
            countChange(connection);
        });
        return deleted[0];
    }

    @Override
    public void audit(String action, String subject, String detailsJson) {
        inTransaction(connection -> {
            try (PreparedStatement audit =
                    connection.prepareStatement("INSERT INTO audit_log VALUES (current_timestamp, ?, ?, ?::JSON)")) {
                audit.setString(1, action);
                audit.setString(2, subject);
                audit.setString(3, detailsJson);
                audit.execute();
            }
        });
    }

    /** The stored id of an identity set: the MD5 of its sorted members. */
    static String observationId(List<String> identities) {
        List<String> sorted = new ArrayList<>(identities);
        java.util.Collections.sort(sorted);
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }

    private static final String EVENT_COLUMNS = "message_id, type, event, anonymous_id, user_id, person_key, ts,"
            + " original_ts, sent_at, received_at, properties::VARCHAR, traits::VARCHAR, context::VARCHAR, source,"
            + " url, revenue, currency, order_id, product_id, category, channel, group_id, previous_id";

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(
                rs.getString(1),
                EventType.fromWire(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                instant(rs, 10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                new Event.CommonProperties(
                        rs.getString(15),
                        (Double) rs.getObject(16),
                        rs.getString(17),
                        rs.getString(18),
                        rs.getString(19),
                        rs.getString(20),
                        rs.getString(21),
                        rs.getString(22),
                        rs.getString(23)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return Jdbc.instant(rs, column);
    }

    private void query(String sql, List<Object> parameters, Jdbc.RowHandler handler) {
        Jdbc.query(database, "identity query", sql, parameters, handler);
    }

    private static long update(Connection connection, String sql, Collection<String> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("VARCHAR", values.toArray()));
            return statement.executeUpdate();
        }
    }

    private void inTransaction(Jdbc.Work work) {
        Jdbc.inTransaction(database, "identity write", work);
    }
}
