package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The result of a SQL query over JDBC (PostgreSQL, MySQL, or any driver on the class path), read
 * forward-only with a fetch size so that large tables stream (PostgreSQL streams only inside a
 * transaction, so auto-commit is switched off; MySQL needs {@code useCursorFetch=true} in the URL).
 * Positions are 1-based row numbers of the result. SQL dates come as {@code LocalDate}, timestamps
 * as {@code LocalDateTime}, timestamps with time zone as {@code Instant}.
 *
 * <p>Parquet files are read the same way through DuckDB's JDBC driver ({@link #parquet}): the
 * driver is needed at run time only (the CLI has it through the DuckDB engine), so core has no
 * compile-time dependency on DuckDB.
 */
public final class JdbcRowSource implements RowSource {
    public static final int FETCH_SIZE = 10_000;

    private final String url;
    private final Properties properties;
    private final String query;
    private final List<Object> parameters;
    private final String name;

    public JdbcRowSource(String url, String user, String password, String query) {
        this(url, credentials(user, password), query, List.of(), redact(url));
    }

    private JdbcRowSource(String url, Properties properties, String query, List<Object> parameters, String name) {
        this.url = requireNonNull(url, "url is null");
        this.properties = properties;
        this.query = requireNonNull(query, "query is null");
        this.parameters = List.copyOf(parameters);
        this.name = name;
        if (query.isBlank()) {
            throw new IllegalArgumentException("the SQL query is empty (expected e.g. SELECT * FROM customers)");
        }
    }

    /** A Parquet file (or glob) read through an in-memory DuckDB connection. */
    public static JdbcRowSource parquet(Path file) {
        return new JdbcRowSource(
                "jdbc:duckdb:",
                new Properties(),
                "SELECT * FROM read_parquet(?)",
                List.of(file.toAbsolutePath().toString()),
                file.getFileName().toString());
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** The URL without a password given in it ({@code password=...} parameters or {@code user:pw@}). */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String identity() {
        return name + "\n" + query + "\n" + parameters;
    }

    @Override
    public void read(RowHandler handler) {
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            boolean autoCommit = connection.getAutoCommit();
            if (!url.startsWith("jdbc:duckdb:")) {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            try (PreparedStatement statement =
                    connection.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int n = meta.getColumnCount();
                    List<String> header = new ArrayList<>(n);
                    int[] types = new int[n];
                    for (int i = 0; i < n; i++) {
                        header.add(meta.getColumnLabel(i + 1));
                        types[i] = meta.getColumnType(i + 1);
                    }
                    handler.header(header);
                    Object[] cells = new Object[n];
                    long row = 0;
                    boolean stopped = false;
                    while (!stopped && rs.next()) {
                        row++;
                        for (int i = 0; i < n; i++) {
                            cells[i] = value(rs, i + 1, types[i]);
                        }
                        stopped = !handler.row(row, cells);
                    }
                    if (!stopped) {
                        handler.end();
                    }
                }
            } finally {
                if (!connection.getAutoCommit() && !url.startsWith("jdbc:duckdb:")) {
                    connection.rollback();
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static Object value(ResultSet rs, int column, int type) throws SQLException {
        Object v;
        switch (type) {
            case Types.DATE -> {
                java.sql.Date d = rs.getDate(column);
                v = d == null ? null : d.toLocalDate();
            }
            case Types.TIMESTAMP -> {
                Timestamp t = rs.getTimestamp(column);
                v = t == null ? null : t.toLocalDateTime();
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                v = t == null ? null : t.toInstant();
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long l = rs.getLong(column);
                v = rs.wasNull() ? null : l;
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double d = rs.getDouble(column);
                v = rs.wasNull() ? null : d;
            }
            case Types.NUMERIC, Types.DECIMAL -> v = rs.getBigDecimal(column);
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(column);
                v = rs.wasNull() ? null : b;
            }
            default -> {
                Object o = rs.getObject(column);
                v = o == null ? null : o instanceof String s ? s : String.valueOf(o);
            }
        }
        return v;
    }
}
