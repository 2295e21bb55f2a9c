package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.execute;
import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.store.BulkLoadRequest;
import dev.lodestar.spi.store.BulkLoadResult;
import dev.lodestar.spi.store.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;

/**
 * Loads Parquet files of Segment-shaped events (the column layout in docs/collector.md) in one
 * transaction, entirely inside DuckDB. The validation mirrors {@code SegmentMessages} in core
 * (without clock-skew correction: files are exports, their send time means nothing); a
 * conformance test checks that both refuse the same rows for the same reasons.
 */
final class ParquetBulkLoader {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ParquetBulkLoader.class);
    private static final Set<String> OPTIONAL_COLUMNS = Set.of(
            "messageId",
            "event",
            "name",
            "userId",
            "anonymousId",
            "timestamp",
            "sentAt",
            "properties",
            "traits",
            "context",
            "previousId",
            "groupId");
    private static final String TYPES = "track, page, screen, identify, group, alias";

    private final DuckDBConnection connection;

    ParquetBulkLoader(DuckDBConnection connection) {
        this.connection = connection;
    }

    BulkLoadResult load(BulkLoadRequest request, long sequence, ProgressListener progress) {
        List<String> files = new ArrayList<>();
        for (Path file : request.files()) {
            if (!Files.isRegularFile(file)) {
                throw new LodestarException(ErrorCode.INVALID_FILE, "file " + file + " does not exist");
            }
            files.add(file.toAbsolutePath().toString());
        }
        try {
            Map<String, String> columns = columns(files);
            if (!columns.containsKey("type")) {
                throw new LodestarException(
                        ErrorCode.INVALID_FILE,
                        "Parquet file has no 'type' column (found " + columns.keySet()
                                + "); expected the Segment event layout");
            }
            // the order of rows in the events table carries no meaning; not keeping it lets DuckDB
            // write in parallel without re-ordering
            execute(connection, "SET preserve_insertion_order = false");
            connection.setAutoCommit(false);
            try {
                BulkLoadResult result = loadInTransaction(files, columns, request, sequence, progress);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                execute(connection, "DROP TABLE IF EXISTS bulk_rejected");
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.INVALID_FILE, "bulk load failed: " + e.getMessage(), e);
        }
    }

    private Map<String, String> columns(List<String> files) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                        + fileList(files) + ", union_by_name = true))")) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private BulkLoadResult loadInTransaction(
            List<String> files,
            Map<String, String> columns,
            BulkLoadRequest request,
            long sequence,
            ProgressListener progress)
            throws SQLException {
        String received = "TIMESTAMP '" + utc(request.receivedAt()) + "'";
        String select =
                """
                WITH src AS (
                    SELECT filename AS file, file_row_number + 1 AS row_no,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS mid_raw,
                        lower(trim(CAST(type AS VARCHAR))) AS type,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS event_name,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS page_name,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS user_id,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS anonymous_id,
                        CAST(%s AS VARCHAR) AS ts_text,
                        TRY_CAST(%s AS TIMESTAMPTZ) AS ts_tz,
                        TRY_CAST(%s AS TIMESTAMPTZ) AS sent_tz,
                        CAST(%s AS VARCHAR) AS p_text,
                        CAST(%s AS VARCHAR) AS t_text,
                        CAST(%s AS VARCHAR) AS c_text,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS previous_id,
                        nullif(trim(CAST(%s AS VARCHAR)), '') AS group_id
                    FROM read_parquet(%s, filename = true, file_row_number = true, union_by_name = true)
                ), typed AS (
                    SELECT *,
                        CASE WHEN ts_tz IS NULL THEN NULL ELSE make_timestamp(epoch_us(ts_tz)) END AS ts_utc,
                        TRY_CAST(p_text AS JSON) AS p_json,
                        TRY_CAST(t_text AS JSON) AS t_json,
                        TRY_CAST(c_text AS JSON) AS c_json
                    FROM src
                ), kinds AS (
                    -- JSON is parsed once to validate and once to extract: the type of a valid
                    -- document that starts with '{' is known without a third parse
                    SELECT *,
                        CASE WHEN p_json IS NULL THEN NULL WHEN starts_with(ltrim(p_text), '{') THEN 'OBJECT' ELSE json_type(p_json) END AS p_type,
                        CASE WHEN t_json IS NULL THEN NULL WHEN starts_with(ltrim(t_text), '{') THEN 'OBJECT' ELSE json_type(t_json) END AS t_type,
                        CASE WHEN c_json IS NULL THEN NULL WHEN starts_with(ltrim(c_text), '{') THEN 'OBJECT' ELSE json_type(c_json) END AS c_type
                    FROM typed
                )
                SELECT * EXCLUDE (p_text, t_text, c_text),
                    CASE
                        WHEN type IS NULL THEN 'type is missing (expected one of %s)'
                        WHEN type NOT IN ('track', 'page', 'screen', 'identify', 'group', 'alias')
                            THEN 'type ''' || type || ''' is not one of %s'
                        WHEN length(user_id) > 256 THEN 'userId is longer than 256 characters'
                        WHEN length(anonymous_id) > 256 THEN 'anonymousId is longer than 256 characters'
                        WHEN user_id IS NULL AND anonymous_id IS NULL THEN 'neither userId nor anonymousId is set'
                        WHEN p_text IS NOT NULL AND p_type IS NULL THEN 'properties is not valid JSON'
                        WHEN p_type IS NOT NULL AND p_type NOT IN ('OBJECT', 'NULL') THEN 'properties must be a JSON object, found ' || %s
                        WHEN t_text IS NOT NULL AND t_type IS NULL THEN 'traits is not valid JSON'
                        WHEN t_type IS NOT NULL AND t_type NOT IN ('OBJECT', 'NULL') THEN 'traits must be a JSON object, found ' || %s
                        WHEN c_text IS NOT NULL AND c_type IS NULL THEN 'context is not valid JSON'
                        WHEN c_type IS NOT NULL AND c_type NOT IN ('OBJECT', 'NULL') THEN 'context must be a JSON object, found ' || %s
                        WHEN type = 'track' AND event_name IS NULL THEN 'track message has no ''event'' name'
                        WHEN type = 'alias' AND previous_id IS NULL THEN 'alias message has no ''previousId'''
                        WHEN type = 'group' AND group_id IS NULL THEN 'group message has no ''groupId'''
                        WHEN ts_text IS NOT NULL AND (ts_tz IS NULL OR %s)
                            THEN 'timestamp ''' || ts_text || ''' is not ISO-8601 (expected e.g. 2026-01-31T12:00:00Z)'
                        WHEN ts_utc < TIMESTAMP '2000-01-01' THEN 'timestamp ' || strftime(ts_utc, '%%Y-%%m-%%dT%%H:%%M:%%SZ') || ' is before 2000-01-01'
                        WHEN length(mid_raw) > 256 THEN 'messageId is longer than 256 characters'
                    END AS reason,
                    coalesce(mid_raw, 'gen-' || md5(concat_ws('|', type, event_name, page_name, user_id, anonymous_id,
                        ts_text, p_text, t_text, c_text, previous_id, group_id))) AS mid
                FROM kinds
                """
                        .formatted(
                                col(columns, "messageId"),
                                col(columns, "event"),
                                col(columns, "name"),
                                col(columns, "userId"),
                                col(columns, "anonymousId"),
                                col(columns, "timestamp"),
                                col(columns, "timestamp"),
                                col(columns, "sentAt"),
                                col(columns, "properties"),
                                col(columns, "traits"),
                                col(columns, "context"),
                                col(columns, "previousId"),
                                col(columns, "groupId"),
                                fileList(files),
                                TYPES,
                                TYPES,
                                kind("p_type"),
                                kind("t_type"),
                                kind("c_type"),
                                isoCheck(columns, "timestamp"));
        // The input is read three times rather than materialised: a count of ids, the insert of the
        // valid rows, and the rejected rows (few) into a small table. Each pass streams.
        long rowsRead;
        boolean repeatsInInput;
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*), count(%s), count(DISTINCT %s) FROM read_parquet(%s)"
                                .formatted(col(columns, "messageId"), col(columns, "messageId"), fileList(files)));
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            rowsRead = rs.getLong(1);
            // rows without an id get one from their content, which may repeat; the window function that
            // drops repeats costs more than the rest of the load, so it runs only when needed
            repeatsInInput = rs.getLong(2) < rowsRead || rs.getLong(3) < rowsRead;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "CREATE OR REPLACE TEMP TABLE bulk_rejected AS SELECT file, row_no, reason FROM (" + select
                        + ") WHERE reason IS NOT NULL")) {
            runWithProgress(statement, progress, 0.0, 0.3, "checking");
        }
        Map<String, Long> rejected = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT reason, count(*) FROM bulk_rejected GROUP BY reason ORDER BY 2 DESC, 1");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rejected.put(rs.getString(1), rs.getLong(2));
            }
        }
        List<BulkLoadResult.RejectedRow> samples = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT file, row_no, reason FROM bulk_rejected ORDER BY file, row_no LIMIT 20");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                samples.add(new BulkLoadResult.RejectedRow(rs.getString(1), rs.getLong(2), rs.getString(3)));
            }
        }
        boolean storeEmpty = scalar("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)") == 0;
        String insert =
                """
                INSERT INTO events
                SELECT mid, type,
                    CASE WHEN type = 'track' THEN event_name
                         WHEN type IN ('page', 'screen') THEN coalesce(page_name, nullif(trim(pl[12]), ''))
                    END,
                    anonymous_id, user_id,
                    CASE WHEN user_id IS NOT NULL THEN 'user_id:' || user_id ELSE 'anonymous_id:' || anonymous_id END,
                    CASE WHEN ts_utc IS NULL OR ts_utc > %1$s + INTERVAL 24 HOUR THEN %1$s ELSE ts_utc END,
                    ts_utc,
                    CASE WHEN sent_tz IS NULL THEN NULL ELSE make_timestamp(epoch_us(sent_tz)) END,
                    %1$s,
                    coalesce(nullif(pl[1], ''), nullif(cl[1], '')),
                    coalesce(TRY_CAST(pl[2] AS DOUBLE), TRY_CAST(pl[3] AS DOUBLE), TRY_CAST(pl[4] AS DOUBLE)),
                    nullif(pl[5], ''),
                    coalesce(nullif(pl[6], ''), nullif(pl[7], '')),
                    coalesce(nullif(pl[8], ''), nullif(pl[9], '')),
                    nullif(pl[10], ''),
                    coalesce(nullif(pl[11], ''), nullif(cl[2], '')),
                    group_id, previous_id,
                    p, t, c, ?,
                    'p' || left(sha256(CASE WHEN user_id IS NOT NULL THEN 'user_id:' || user_id
                        ELSE 'anonymous_id:' || anonymous_id END), 16),
                    %5$d
                FROM (
                    SELECT *,
                        CASE WHEN p_type = 'OBJECT' THEN p_json ELSE '{}'::JSON END AS p,
                        CASE WHEN t_type = 'OBJECT' THEN t_json ELSE '{}'::JSON END AS t,
                        CASE WHEN c_type = 'OBJECT' THEN c_json ELSE '{}'::JSON END AS c,
                        CASE WHEN p_type = 'OBJECT' THEN json_extract_string(p_json, ['$.url', '$.revenue', '$.total',
                            '$.value', '$.currency', '$.order_id', '$.orderId', '$.product_id', '$.productId',
                            '$.category', '$.channel', '$.name']) ELSE [NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL] END AS pl,
                        CASE WHEN c_type = 'OBJECT' THEN json_extract_string(c_json, ['$.page.url', '$.campaign.source'])
                            ELSE [NULL, NULL] END AS cl
                    FROM (%4$s)
                    WHERE reason IS NULL
                    %3$s
                ) b
                %2$s
                """
                        .formatted(
                                received,
                                storeEmpty
                                        ? ""
                                        : "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.message_id = b.mid)",
                                repeatsInInput
                                        ? "QUALIFY row_number() OVER (PARTITION BY mid ORDER BY file, row_no) = 1"
                                        : "",
                                select,
                                sequence);
        long loaded;
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setString(1, request.source());
            loaded = runWithProgress(statement, progress, 0.3, 0.65, "writing");
        }
        progress.progress(1.0, "done");
        long valid =
                rowsRead - rejected.values().stream().mapToLong(Long::longValue).sum();
        return new BulkLoadResult(rowsRead, loaded, valid - loaded, rejected, samples);
    }

    /** Runs a statement on this thread while another reports DuckDB's query progress. */
    private long runWithProgress(
            PreparedStatement statement, ProgressListener progress, double base, double span, String message)
            throws SQLException {
        AtomicReference<Boolean> running = new AtomicReference<>(true);
        DuckDBPreparedStatement duck = statement.unwrap(DuckDBPreparedStatement.class);
        Thread poller = new Thread(
                () -> {
                    while (running.get()) {
                        try {
                            double percentage = duck.getQueryProgress().getPercentage();
                            if (percentage >= 0) {
                                progress.progress(base + span * percentage / 100.0, message);
                            }
                            Thread.sleep(200);
                        } catch (SQLException | RuntimeException e) {
                            // progress is informational; the statement's own outcome is what counts
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bulk-progress");
        poller.setDaemon(true);
        poller.start();
        long start = System.nanoTime();
        try {
            statement.execute();
            return Math.max(0, statement.getUpdateCount());
        } finally {
            log.info("bulk load {} took {} ms", message, (System.nanoTime() - start) / 1_000_000);
            running.set(false);
            poller.interrupt();
            progress.progress(base + span, message);
        }
    }

    private long scalar(String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The files as a SQL list literal; quotes in paths are doubled, so a path is always one literal. */
    private static String fileList(List<String> files) {
        StringBuilder list = new StringBuilder("[");
        for (String file : files) {
            list.append(list.length() == 1 ? "" : ", ")
                    .append('\'')
                    .append(file.replace("'", "''"))
                    .append('\'');
        }
        return list.append(']').toString();
    }

    private static String col(Map<String, String> columns, String name) {
        if (!OPTIONAL_COLUMNS.contains(name)) {
            throw new IllegalArgumentException(name);
        }
        return columns.containsKey(name) ? "\"" + name + "\"" : "NULL";
    }

    /**
     * Text timestamps must look like ISO-8601 (a 'T' between date and time), as the collector
     * demands; DuckDB's cast alone would also take {@code 2026-01-31 12:00:00}.
     */
    private static String isoCheck(Map<String, String> columns, String name) {
        return "VARCHAR".equals(columns.get(name))
                ? "NOT regexp_matches(ts_text, '^\\s*\\d{4}-\\d{2}-\\d{2}T')"
                : "false";
    }

    /** DuckDB's JSON type names as the Java side names Jackson node types. */
    private static String kind(String column) {
        return ("CASE WHEN %1$s IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN 'number' WHEN %1$s = 'VARCHAR' THEN 'string'"
                        + " ELSE lower(%1$s) END")
                .formatted(column);
    }
}
