package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;
import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.SavedAnalysis;
import dev.lodestar.spi.analysis.SavedAnalysisStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Saved analyses in the table {@code saved_analyses}. Writes are serialized here and checked for a
 * taken name first, so a clash is answered with a message naming it rather than a constraint error;
 * the table's unique key on (kind, name) still guards against any other writer.
 */
public final class DuckDbSavedAnalyses implements SavedAnalysisStore {
    private static final String COLUMNS = "id, kind, name, spec, created_at, updated_at";

    private final DuckDbDatabase database;

    public DuckDbSavedAnalyses(DuckDbDatabase database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public List<SavedAnalysis> list(String kind) {
        if (kind != null) {
            SavedAnalysis.checkKind(kind);
        }
        return query(
                "SELECT " + COLUMNS + " FROM saved_analyses WHERE ? IS NULL OR kind = ? ORDER BY kind, name",
                kind,
                kind);
    }

    @Override
    public Optional<SavedAnalysis> get(long id) {
        return query("SELECT " + COLUMNS + " FROM saved_analyses WHERE id = ?", id).stream()
                .findFirst();
    }

    @Override
    public Optional<SavedAnalysis> find(String kind, String name) {
        return query(
                        "SELECT " + COLUMNS + " FROM saved_analyses WHERE kind = ? AND name = ?",
                        SavedAnalysis.checkKind(kind),
                        SavedAnalysis.checkName(name))
                .stream()
                .findFirst();
    }

    @Override
    public synchronized SavedAnalysis create(String kind, String name, String spec) {
        String stripped = SavedAnalysis.checkName(name);
        requireNonNull(spec, "spec is null");
        checkFree(kind, stripped, null);
        LocalDateTime now = now();
        List<SavedAnalysis> created = query(
                "INSERT INTO saved_analyses (kind, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " RETURNING " + COLUMNS,
                kind,
                stripped,
                spec,
                now,
                now);
        return created.get(0);
    }

    @Override
    public synchronized SavedAnalysis update(long id, String name, String spec) {
        String stripped = SavedAnalysis.checkName(name);
        requireNonNull(spec, "spec is null");
        SavedAnalysis current = get(id).orElseThrow(() -> notFound(id));
        checkFree(current.kind(), stripped, id);
        return query(
                        "UPDATE saved_analyses SET name = ?, spec = ?, updated_at = ? WHERE id = ? RETURNING "
                                + COLUMNS,
                        stripped,
                        spec,
                        now(),
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> notFound(id));
    }

    @Override
    public synchronized boolean delete(long id) {
        return !query("DELETE FROM saved_analyses WHERE id = ? RETURNING " + COLUMNS, id)
                .isEmpty();
    }

    private void checkFree(String kind, String name, Long except) {
        Optional<SavedAnalysis> taken = find(kind, name);
        if (taken.isPresent() && (except == null || taken.get().id() != except)) {
            throw new LodestarException(
                    ErrorCode.ALREADY_EXISTS,
                    "a " + kind + " named '" + name + "' is already saved (id "
                            + taken.get().id() + "); choose another name or update that one");
        }
    }

    private static LodestarException notFound(long id) {
        return new LodestarException(ErrorCode.NOT_FOUND, "no saved analysis with id " + id);
    }

    private static LocalDateTime now() {
        return utc(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private List<SavedAnalysis> query(String sql, Object... parameters) {
        List<SavedAnalysis> rows = new ArrayList<>();
        try (Connection connection = database.reader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SavedAnalysis(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        } catch (SQLException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "saved analyses query failed: " + e.getMessage(), e);
        }
        return rows;
    }
}
