package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/** Reading and writing through a reader connection of the database, with bound parameters. */
final class Jdbc {
    private Jdbc() {}

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs a query and hands each row to {@code handler}; {@code what} names it in errors. */
    static void query(DuckDbDatabase database, String what, String sql, List<Object> parameters, RowHandler handler) {
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, what + " failed: " + e.getMessage(), e);
        }
    }

    /** Binds parameters; collections become VARCHAR arrays. */
    static void bind(Connection connection, PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Collection<?> list) {
                statement.setArray(i + 1, connection.createArrayOf("VARCHAR", list.toArray()));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** Runs {@code work} in one transaction of a new connection, rolled back when it fails. */
    static void inTransaction(DuckDbDatabase database, String what, Work work) {
        try (Connection connection = database.reader()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, what + " failed: " + e.getMessage(), e);
        }
    }

    /** A stored naive UTC timestamp as an instant, or null. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime time = rs.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
