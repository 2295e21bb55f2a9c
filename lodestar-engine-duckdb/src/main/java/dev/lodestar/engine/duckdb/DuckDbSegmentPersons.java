package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The person-level tables that segment evaluation reads, derived from the events and the identity
 * store and rebuilt only when those changed:
 *
 * <ul>
 *   <li>{@code segment_persons}: every person the store knows, i.e. the persons of the resolved
 *       events and the persons owning an identity that has a trait value;
 *   <li>{@code segment_person_traits}: each person's value of each trait, as text and, when the
 *       text is a number, as a number.
 * </ul>
 *
 * <p>A person's value of a trait is the one with the latest {@code updated_at} among all the
 * person's identities and sources; ties go to the smallest source, then the smallest identity (the
 * profile orders values by time, then source). A latest value of JSON {@code null} leaves the
 * trait unset. The text of a JSON string is the string; of any other JSON value, its JSON text. The
 * text is also a number when it is written {@code -?digits[.digits][(e|E)[+-]digits]} and is a
 * finite double.
 *
 * <p>Whether the tables are current is checked cheaply: the events' largest ingest sequence and
 * count (new events, erasures) and the identity store's change counter (trait values, merges,
 * erasures), recorded in {@code segment_derived_state} in the transaction that rebuilt them.
 */
final class DuckDbSegmentPersons {
    /** A number as the text of a trait value; mirrored by the reference evaluator. */
    static final String NUMBER_PATTERN = "-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?";

    private static final String OWN_PERSON = "'p' || left(sha256(identity), 16)";

    private final DuckDbDatabase database;
    private final Duration reuse;
    private volatile long checkedAt;
    private volatile boolean checked;

    /**
     * @param reuse how long after a check the tables are taken as current without checking again
     *     (zero: check every time)
     */
    DuckDbSegmentPersons(DuckDbDatabase database, Duration reuse) {
        this.database = database;
        this.reuse = reuse;
    }

    /**
     * Rebuilds what is out of date, unless the tables were checked less than the reuse time ago;
     * returns whether anything was rebuilt.
     */
    boolean ensureCurrent() {
        if (checked && System.nanoTime() - checkedAt < reuse.toNanos()) {
            return false;
        }
        return ensureCurrentNow();
    }

    /** Rebuilds what is out of date now, whenever the last check was. */
    boolean ensureCurrentNow() {
        // one rebuild at a time per database, whichever engine instance asks
        synchronized (database) {
            boolean rebuilt = check();
            checkedAt = System.nanoTime();
            checked = true;
            return rebuilt;
        }
    }

    private boolean check() {
        synchronized (database) {
            try (Connection connection = database.reader()) {
                connection.setAutoCommit(false);
                try {
                    boolean rebuilt = rebuild(connection);
                    connection.commit();
                    return rebuilt;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new LodestarException(
                        ErrorCode.STORAGE_FAILURE, "deriving person traits failed: " + e.getMessage(), e);
            }
        }
    }

    private static boolean rebuild(Connection connection) throws SQLException {
        String events;
        String identities;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT coalesce(max(ingest_seq), 0) || '/' || count(*)"
                        + " FROM events), (SELECT coalesce(max(value), '0') FROM identity_state"
                        + " WHERE name = 'changes')")) {
            rs.next();
            events = rs.getString(1);
            identities = rs.getString(2);
        }
        Map<String, String> stored = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name, value FROM segment_derived_state")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getString(2));
            }
        }
        boolean traits = !identities.equals(stored.get("identities"));
        boolean persons = traits || !events.equals(stored.get("events"));
        if (traits) {
            execute(connection, "DELETE FROM segment_person_traits");
            execute(
                    connection,
                    """
                    INSERT INTO segment_person_traits
                    SELECT person, name, text,
                        CASE WHEN regexp_full_match(text, '%s') AND isfinite(TRY_CAST(text AS DOUBLE))
                            THEN TRY_CAST(text AS DOUBLE) END
                    FROM (
                        SELECT coalesce(m.to_person, t.own) AS person, t.name,
                            CASE json_type(t.value) WHEN 'NULL' THEN NULL
                                WHEN 'VARCHAR' THEN json_extract_string(t.value, '$')
                                ELSE t.value::VARCHAR END AS text
                        FROM (SELECT *, %s AS own FROM trait_values) t
                        LEFT JOIN person_map m ON m.from_person = t.own
                        QUALIFY row_number() OVER (PARTITION BY coalesce(m.to_person, t.own), t.name
                            ORDER BY t.updated_at DESC, t.source, t.identity) = 1)
                    WHERE text IS NOT NULL
                    ORDER BY name, person"""
                            .formatted(NUMBER_PATTERN, OWN_PERSON));
        }
        if (persons) {
            execute(connection, "DELETE FROM segment_persons");
            execute(
                    connection,
                    """
                    INSERT INTO segment_persons
                    SELECT person FROM (
                        SELECT person FROM resolved_events
                        UNION
                        SELECT coalesce(m.to_person, t.own)
                        FROM (SELECT DISTINCT %s AS own FROM trait_values) t
                        LEFT JOIN person_map m ON m.from_person = t.own)
                    ORDER BY person"""
                            .formatted(OWN_PERSON));
            try (PreparedStatement state = connection.prepareStatement(
                    "INSERT OR REPLACE INTO segment_derived_state VALUES ('events', ?), ('identities', ?)")) {
                state.setString(1, events);
                state.setString(2, identities);
                state.execute();
            }
        }
        return persons;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
