package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data directory's DuckDB database: the one owning connection (used by the single writer),
 * readers as {@code duplicate()}s of it, and the schema migrations run at open.
 */
public final class DuckDbDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DuckDbDatabase.class);
    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");
    static final String FILE_NAME = "lodestar.duckdb";

    private final Path directory;
    private final DuckDBConnection owner;

    private DuckDbDatabase(Path directory, DuckDBConnection owner) {
        this.directory = directory;
        this.owner = owner;
    }

    /** Opens (creating if needed) the database of a data directory and brings its schema up to date. */
    public static DuckDbDatabase open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LodestarException(
                    ErrorCode.STORAGE_FAILURE, "cannot create data directory " + directory + ": " + e.getMessage(), e);
        }
        Path file = directory.resolve(FILE_NAME);
        DuckDBConnection connection;
        try {
            // The JDBC build has no ICU extension (and none can be downloaded here): the store keeps
            // naive UTC timestamps and time-zone arithmetic is done by LocalTimeSql.
            Properties properties = new Properties();
            connection =
                    (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("lock")) {
                Matcher pid = LOCK_PID.matcher(message);
                throw new LodestarException(
                        ErrorCode.DATA_DIRECTORY_LOCKED,
                        "data directory " + directory + " is in use by another Lodestar process"
                                + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                                + "; stop it first, or send events to its HTTP API",
                        e);
            }
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "cannot open " + file + ": " + message, e);
        }
        DuckDbDatabase database = new DuckDbDatabase(directory, connection);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private void migrate() {
        try (Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            int current;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            int latest = Migrations.latestVersion();
            if (current > latest) {
                throw new LodestarException(
                        ErrorCode.SCHEMA_TOO_NEW,
                        "data directory " + directory + " has schema version " + current
                                + ", newer than this Lodestar understands (" + latest
                                + "); use a newer Lodestar or another data directory");
            }
            for (int version = current + 1; version <= latest; version++) {
                owner.setAutoCommit(false);
                try {
                    for (String sql : Migrations.ALL.get(version - 1)) {
                        statement.execute(sql);
                    }
                    statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
                    owner.commit();
                } catch (SQLException e) {
                    owner.rollback();
                    throw e;
                } finally {
                    owner.setAutoCommit(true);
                }
                log.info("data directory {} upgraded to schema version {}", directory, version);
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "schema migration failed: " + e.getMessage(), e);
        }
    }

    /** The schema version of the open database. */
    public int schemaVersion() {
        return queryLong("SELECT max(version) FROM schema_version", List.of()).intValue();
    }

    public Path directory() {
        return directory;
    }

    /** The owning connection; only the single writer may use it. */
    DuckDBConnection owner() {
        return owner;
    }

    /** A new reader connection; the caller closes it. */
    public Connection reader() {
        try {
            return owner.duplicate();
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "cannot open a reader: " + e.getMessage(), e);
        }
    }

    Long queryLong(String sql, List<Object> parameters) {
        try (Connection connection = reader();
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "query failed: " + e.getMessage(), e);
        }
    }

    /** Forces a checkpoint of the write-ahead log into the database file. */
    public void checkpoint() {
        try (Statement statement = owner.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (SQLException e) {
            log.warn("closing {} failed: {}", directory, e.getMessage());
        }
    }
}
