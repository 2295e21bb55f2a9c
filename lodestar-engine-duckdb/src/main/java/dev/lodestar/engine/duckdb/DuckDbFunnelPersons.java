package dev.lodestar.engine.duckdb;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.FunnelPersonsSpec;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.FunnelPersons;
import dev.lodestar.spi.segment.SavedFunnels;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Drop-off lists of saved funnels for segment conditions, computed by the funnel drill-down (so a
 * list has exactly the funnel's drop-off count) and written through the appender into a table of
 * an attached in-memory database, {@value #SCRATCH}: unlike a temporary table it is visible to
 * every connection of the database, and unlike a table of the data file it never reaches the disk.
 * Each call writes a new table; tables older than {@link #KEEP} are dropped by later calls.
 */
public final class DuckDbFunnelPersons implements FunnelPersons {
    static final String SCRATCH = "lodestar_scratch";
    static final Duration KEEP = Duration.ofMinutes(10);

    private final DuckDbDatabase database;
    private final SavedFunnels funnels;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, Instant> created = new ConcurrentHashMap<>();

    public DuckDbFunnelPersons(DuckDbDatabase database, SavedFunnels funnels) {
        this.database = requireNonNull(database, "database is null");
        this.funnels = requireNonNull(funnels, "funnels is null");
    }

    @Override
    public String materializeDropOff(String funnel, int step, EvaluationContext context) {
        FunnelSpec spec = funnels.asOf(funnel, context);
        int steps = spec.steps().size();
        if (step < 1 || step >= steps) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "funnel '" + funnel + "' has " + steps + " steps: persons drop off after step 1 to " + (steps - 1)
                            + ", not after step " + step);
        }
        FunnelPersonsSpec request = new FunnelPersonsSpec(spec, step, true, null, context.asOf(), null, 1);
        String name = "funnel_dropoff_" + next.incrementAndGet();
        String table = SCRATCH + "." + name;
        dropExpired();
        try (Connection connection = database.reader();
                Statement statement = connection.createStatement()) {
            statement.execute("ATTACH IF NOT EXISTS ':memory:' AS " + SCRATCH);
            statement.execute("CREATE TABLE " + table + " (person VARCHAR NOT NULL)");
            created.put(table, Instant.now());
            try (DuckDBAppender appender =
                    connection.unwrap(DuckDBConnection.class).createAppender(SCRATCH, "main", name)) {
                SQLException[] failure = {null};
                new DuckDbFunnel(database).forEachPerson(request, person -> {
                    try {
                        appender.beginRow();
                        appender.append(person);
                        appender.endRow();
                        return true;
                    } catch (SQLException e) {
                        failure[0] = e;
                        return false;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                appender.flush();
            }
        } catch (SQLException e) {
            throw new LodestarException(
                    ErrorCode.STORAGE_FAILURE,
                    "writing the drop-off of funnel '" + funnel + "' failed: " + e.getMessage(),
                    e);
        }
        return table;
    }

    private void dropExpired() {
        Instant limit = Instant.now().minus(KEEP);
        for (Iterator<Map.Entry<String, Instant>> it = created.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            if (entry.getValue().isBefore(limit)) {
                try (Connection connection = database.reader();
                        Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + entry.getKey());
                } catch (SQLException e) {
                    throw new LodestarException(
                            ErrorCode.STORAGE_FAILURE, "dropping " + entry.getKey() + " failed: " + e.getMessage(), e);
                }
                it.remove();
            }
        }
    }
}
