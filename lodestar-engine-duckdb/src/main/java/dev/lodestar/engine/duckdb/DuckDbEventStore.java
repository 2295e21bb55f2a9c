package dev.lodestar.engine.duckdb;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.store.BulkLoadRequest;
import dev.lodestar.spi.store.BulkLoadResult;
import dev.lodestar.spi.store.EventStore;
import dev.lodestar.spi.store.ProgressListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB event store. {@link #append} is called by one writer thread; each call is one
 * transaction, durable when it returns (DuckDB syncs its write-ahead log on commit).
 */
public final class DuckDbEventStore implements EventStore {
    private final DuckDbDatabase database;
    private final DuckDBConnection owner;
    // one appender for the store's life: making one allocates its column buffers, which cost more
    // than appending a few hundred rows
    private DuckDBAppender appender;
    private long lastSequence = -1; // the ingest sequence of the last write, read from the store at first use

    public DuckDbEventStore(DuckDbDatabase database) {
        this.database = requireNonNull(database, "database is null");
        this.owner = database.owner();
    }

    @Override
    public synchronized void append(List<Event> events) {
        try {
            owner.setAutoCommit(false);
            try {
                if (appender == null) {
                    appender = owner.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events");
                }
                long sequence = nextSequence();
                for (Event event : events) {
                    appendRow(appender, event, sequence);
                }
                appender.flush();
                owner.commit();
                lastSequence = sequence;
            } catch (SQLException | RuntimeException e) {
                discardAppender();
                owner.rollback();
                throw e;
            } finally {
                owner.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "append failed: " + e.getMessage(), e);
        }
    }

    /** The sequence for the next write: one more than the largest stored. */
    private long nextSequence() {
        if (lastSequence < 0) {
            lastSequence = database.queryLong("SELECT coalesce(max(ingest_seq), 0) FROM events", List.of());
        }
        return lastSequence + 1;
    }

    /** After a failure the appender may hold half a row: it is dropped and made anew next time. */
    private void discardAppender() {
        if (appender != null) {
            try {
                appender.close();
            } catch (SQLException | RuntimeException e) {
                // the transaction is rolled back anyway; a new appender starts clean
            }
            appender = null;
        }
    }

    private static void appendRow(DuckDBAppender a, Event e, long sequence) throws SQLException {
        Event.CommonProperties c = e.common();
        a.beginRow();
        a.append(e.messageId());
        a.append(e.type().wireName());
        a.append(e.name());
        a.append(e.anonymousId());
        a.append(e.userId());
        a.append(e.personKey());
        a.append(utc(e.timestamp()));
        appendTime(a, e.originalTimestamp());
        appendTime(a, e.sentAt());
        a.append(utc(e.receivedAt()));
        a.append(c.url());
        a.append(c.revenue());
        a.append(c.currency());
        a.append(c.orderId());
        a.append(c.productId());
        a.append(c.category());
        a.append(c.channel());
        a.append(c.groupId());
        a.append(c.previousId());
        a.append(e.properties());
        a.append(e.traits());
        a.append(e.context());
        a.append(e.source());
        a.append(PersonIds.of(e.personKey()));
        a.append(sequence);
        a.endRow();
    }

    private static void appendTime(DuckDBAppender a, Instant instant) throws SQLException {
        if (instant == null) {
            a.appendNull();
        } else {
            a.append(utc(instant));
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }

    @Override
    public void forEachMessageIdSince(Instant since, Consumer<String> consumer) {
        try (Connection reader = database.reader();
                PreparedStatement statement =
                        reader.prepareStatement("SELECT message_id FROM events WHERE received_at >= ?")) {
            statement.setObject(1, utc(since));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "reading message ids failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized BulkLoadResult bulkLoad(BulkLoadRequest request, ProgressListener progress) {
        if (request.format() != BulkLoadRequest.Format.PARQUET) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the DuckDB store bulk-loads Parquet; parse " + request.format()
                            + " files into events and append them");
        }
        long sequence = nextSequence();
        BulkLoadResult result = new ParquetBulkLoader(owner).load(request, sequence, progress);
        lastSequence = sequence;
        return result;
    }

    @Override
    public java.util.Set<String> storedMessageIds(java.util.Collection<String> messageIds) {
        java.util.Set<String> stored = new java.util.HashSet<>();
        if (messageIds.isEmpty()) {
            return stored;
        }
        try (Connection reader = database.reader();
                PreparedStatement statement = reader.prepareStatement(
                        "SELECT message_id FROM events WHERE message_id IN (SELECT unnest(?))")) {
            statement.setArray(1, reader.createArrayOf("VARCHAR", messageIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "reading message ids failed: " + e.getMessage(), e);
        }
        return stored;
    }

    @Override
    public long eventCount() {
        return database.queryLong("SELECT count(*) FROM events", List.of());
    }

    @Override
    public synchronized void close() {
        discardAppender(); // the database itself is closed by its owner
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
