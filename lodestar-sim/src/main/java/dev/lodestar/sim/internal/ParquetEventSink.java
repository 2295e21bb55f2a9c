package dev.lodestar.sim.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes events to {@code part-NNNNN.parquet} through DuckDB. Appending a string through the
 * Appender costs far more than appending a number, and most strings of an event repeat (the same
 * context, ids and page properties for all events of a person's device), so the staging table
 * holds numbers: the message id as a UUID, type, event and name as indexes into lists, and ids into
 * two dictionary tables (who sent it; the properties). Each part is then written by one {@code
 * COPY (SELECT ... JOIN ...) TO ... (FORMAT parquet)}; with one DuckDB thread the joins keep the
 * staging order and the file bytes are the same for the same rows.
 */
public final class ParquetEventSink implements EventSink {
    private final DuckDBConnection connection;
    private final Path directory;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Integer> typeIndex = new HashMap<>();
    private final Map<String, Integer> eventIndex = new HashMap<>();
    private final Map<String, Integer> nameIndex = new HashMap<>();
    private final List<String> types = new ArrayList<>();
    private final List<String> eventNames = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final IdentityHashMap<String, Integer> propertyIds = new IdentityHashMap<>();
    private final List<Who> whos = new ArrayList<>();
    private DuckDBAppender events;
    private DuckDBAppender whoTable;
    private DuckDBAppender propertyTable;
    private long rows;

    public ParquetEventSink(DuckDBConnection connection, Path directory) throws SQLException {
        this.connection = connection;
        this.directory = directory;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE sim_events (message_id UUID, type UTINYINT, event USMALLINT, "
                    + "name INTEGER, who INTEGER, ts TIMESTAMPTZ, sent_at TIMESTAMPTZ, props INTEGER, "
                    + "traits VARCHAR, previous_id VARCHAR)");
            statement.execute(
                    "CREATE TABLE sim_who (id INTEGER, user_id VARCHAR, anonymous_id VARCHAR, context VARCHAR)");
            statement.execute("CREATE TABLE sim_props (id INTEGER, text VARCHAR)");
        }
        openAppenders();
    }

    private void openAppenders() throws SQLException {
        events = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "sim_events");
        whoTable = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "sim_who");
        propertyTable = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "sim_props");
    }

    @Override
    public void append(EventBatch b) throws SQLException {
        DuckDBAppender a = events;
        for (int i = 0; i < b.size; i++) {
            a.beginRow();
            a.appendUUID(b.idHigh[i], b.idLow[i]);
            a.append((byte) index(typeIndex, types, b.type[i]));
            a.append((short) index(eventIndex, eventNames, b.event[i]));
            a.append(index(nameIndex, names, b.name[i]));
            a.append(whoId(b.who[i]));
            a.appendEpochMicros(b.timestamp[i]);
            a.appendEpochMicros(b.sentAt[i]);
            a.append(propertyId(b.properties[i]));
            if (EventBatch.EMPTY.equals(b.traits[i])) {
                a.appendNull();
            } else {
                a.append(b.traits[i]);
            }
            if (b.previousId[i] == null) {
                a.appendNull();
            } else {
                a.append(b.previousId[i]);
            }
            a.endRow();
        }
        rows += b.size;
    }

    /** 1-based index into a list (0 for null), as DuckDB's list_extract expects. */
    private static int index(Map<String, Integer> index, List<String> values, String value) {
        if (value == null) {
            return 0;
        }
        Integer i = index.get(value);
        if (i == null) {
            values.add(value);
            i = values.size();
            index.put(value, i);
        }
        return i;
    }

    private int whoId(Who who) throws SQLException {
        if (who.id < 0) {
            who.id = whos.size();
            whos.add(who);
            whoTable.beginRow().append(who.id);
            text(whoTable, who.userId);
            text(whoTable, who.anonymousId);
            whoTable.append(who.context).endRow();
        }
        return who.id;
    }

    private int propertyId(String properties) throws SQLException {
        Integer id = propertyIds.get(properties);
        if (id == null) {
            id = propertyIds.size();
            propertyIds.put(properties, id);
            propertyTable.beginRow().append(id).append(properties).endRow();
        }
        return id;
    }

    private static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    @Override
    public void finishPart() throws SQLException {
        if (rows == 0) {
            return;
        }
        events.close();
        whoTable.close();
        propertyTable.close();
        Path file = directory.resolve(String.format("part-%05d.parquet", files.size()));
        String select = "SELECT CAST(e.message_id AS VARCHAR) AS messageId, "
                + "list_extract(" + list(types) + ", e.type) AS type, "
                + "list_extract(" + list(eventNames) + ", e.event) AS event, "
                + "list_extract(" + list(names) + ", e.name) AS name, "
                + "w.user_id AS userId, w.anonymous_id AS anonymousId, e.ts AS timestamp, e.sent_at AS sentAt, "
                + "p.text AS properties, coalesce(e.traits, '{}') AS traits, w.context AS context, "
                + "e.previous_id AS previousId, CAST(NULL AS VARCHAR) AS groupId "
                + "FROM sim_events e JOIN sim_who w ON e.who = w.id JOIN sim_props p ON e.props = p.id";
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + select + ") TO '" + sqlPath(file)
                    + "' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
            statement.execute("TRUNCATE sim_events");
            statement.execute("TRUNCATE sim_who");
            statement.execute("TRUNCATE sim_props");
        }
        files.add(file);
        rows = 0;
        for (Who who : whos) {
            who.id = -1;
        }
        whos.clear();
        propertyIds.clear();
        openAppenders();
    }

    private static String list(List<String> values) {
        if (values.isEmpty()) {
            return "CAST([] AS VARCHAR[])";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append('\'')
                    .append(values.get(i).replace("'", "''"))
                    .append('\'');
        }
        return sb.append(']').toString();
    }

    static String sqlPath(Path file) {
        return file.toAbsolutePath().toString().replace("'", "''");
    }

    @Override
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws SQLException {
        events.close();
        whoTable.close();
        propertyTable.close();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS sim_events");
            statement.execute("DROP TABLE IF EXISTS sim_who");
            statement.execute("DROP TABLE IF EXISTS sim_props");
        }
    }
}
