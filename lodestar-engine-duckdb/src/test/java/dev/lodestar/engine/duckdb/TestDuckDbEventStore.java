package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.testing.RandomEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbEventStore {
    @TempDir
    Path directory;

    @Test
    void appendedEventsSurviveReopen() throws Exception {
        Instant t = Instant.parse("2026-03-01T10:15:30.123456Z");
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            new DuckDbEventStore(database).append(List.of(RandomEvents.event("m1", "Order Completed", "u1", t, 12.5)));
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(directory);
                Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT message_id, event, person_key, ts, revenue, properties->>'$.revenue' FROM events")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("m1");
            assertThat(rs.getString(2)).isEqualTo("Order Completed");
            assertThat(rs.getString(3)).isEqualTo("u1");
            assertThat(rs.getObject(4, java.time.LocalDateTime.class)).isEqualTo(DuckDbEventStore.utc(t));
            assertThat(rs.getDouble(5)).isEqualTo(12.5);
            assertThat(rs.getString(6)).isEqualTo("12.5");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void newerSchemaIsRefusedWithAClearMessage() throws Exception {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            assertThat(database.schemaVersion()).isEqualTo(Migrations.latestVersion());
            try (Statement s = database.owner().createStatement()) {
                s.execute("INSERT INTO schema_version (version) VALUES (99)");
            }
        }
        assertThatThrownBy(() -> DuckDbDatabase.open(directory))
                .isInstanceOf(LodestarException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this Lodestar understands")
                .extracting(e -> ((LodestarException) e).code())
                .isEqualTo(ErrorCode.SCHEMA_TOO_NEW);
    }

    @Test
    void olderSchemaIsUpgradedKeepingData() throws Exception {
        // a data directory as version 0 left it: only the version table, no migrations applied
        try (Connection c = java.sql.DriverManager.getConnection(
                        "jdbc:duckdb:" + directory.resolve(DuckDbDatabase.FILE_NAME));
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            s.execute("CREATE TABLE legacy_note (text VARCHAR)");
            s.execute("INSERT INTO legacy_note VALUES ('kept')");
        }
        try (DuckDbDatabase database = DuckDbDatabase.open(directory);
                Connection c = database.reader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT text FROM legacy_note")) {
            assertThat(database.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWhileLocked() throws Exception {
        // DuckDB locks per process; within one process the lock is shared, so this checks the message
        // mapping by opening from a child JVM
        try (DuckDbDatabase ignored = DuckDbDatabase.open(directory)) {
            Process child = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-cp",
                            System.getProperty("java.class.path"),
                            OpenDirectory.class.getName(),
                            directory.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(child.waitFor()).isEqualTo(3);
            assertThat(output).contains("is in use by another Lodestar process").contains("PID");
        }
    }

    /** Child process of {@link #secondOpenOfTheSameDirectoryIsRefusedWhileLocked}. */
    public static final class OpenDirectory {
        public static void main(String[] args) {
            try (DuckDbDatabase ignored = DuckDbDatabase.open(Path.of(args[0]))) {
                System.exit(0);
            } catch (LodestarException e) {
                System.out.println(e.getMessage());
                System.exit(e.code() == ErrorCode.DATA_DIRECTORY_LOCKED ? 3 : 4);
            }
        }
    }
}
