package dev.lodestar.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** One simulation shared by the statistical tests, and DuckDB queries over its files. */
final class SimFixture {
    static final LocalDate END = LocalDate.of(2026, 3, 1);
    private static SimFixture shared;

    final SimulationConfig config;
    final Path out;
    final SimulationSummary summary;

    private SimFixture(SimulationConfig config) {
        this.config = config;
        try {
            this.out = Files.createTempDirectory("lodestar-sim-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.summary = new Simulator().run(config, out, (fraction, message) -> {});
    }

    static synchronized SimFixture shared() {
        if (shared == null) {
            shared = new SimFixture(SimulationConfig.defaults()
                    .withPersons(8_000)
                    .withEndDate(END)
                    .withSeed(7)
                    .withSources(true)
                    .withPersonsPerPart(4_000));
        }
        return shared;
    }

    static SimFixture run(SimulationConfig config) {
        return new SimFixture(config);
    }

    String events() {
        return "read_parquet('" + out.resolve("events").toAbsolutePath() + "/*.parquet')";
    }

    String persons() {
        return "read_parquet('" + out.resolve("truth/persons.parquet").toAbsolutePath() + "')";
    }

    static List<Object[]> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Asia/Shanghai'");
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static double number(String sql) {
        return ((Number) query(sql).get(0)[0]).doubleValue();
    }
}
