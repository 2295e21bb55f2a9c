package dev.lodestar.engine.duckdb;

import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.MergingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One random {@link MergingLog} per zone, each in its own store with identities resolved, for the
 * differential tests of the activity analyses.
 */
final class TestingMergedStores implements AutoCloseable {
    private final List<DuckDbDatabase> databases = new ArrayList<>();
    private final List<MergingLog> logs = new ArrayList<>();

    TestingMergedStores(Path directory, long seed, List<ZoneId> zones, LocalDate firstDay, int days, int persons)
            throws Exception {
        for (int z = 0; z < zones.size(); z++) {
            MergingLog log = MergingLog.generate(seed + z, zones.get(z), firstDay, days, persons);
            databases.add(resolvedStore(directory.resolve("random-" + z), log.events()));
            logs.add(log);
        }
    }

    /** A store holding the events, with identities resolved (anonymous ids merged into their users). */
    static DuckDbDatabase resolvedStore(Path path, List<Event> events) throws Exception {
        DuckDbDatabase db = DuckDbDatabase.open(Files.createDirectories(path));
        new DuckDbEventStore(db).append(events);
        new PersonService(new DuckDbIdentityStore(db), new Normalizer(IdentityConfig.defaults())).close();
        return db;
    }

    DuckDbAnalyticsEngine engine(int zone) {
        return new DuckDbAnalyticsEngine(databases.get(zone));
    }

    MergingLog log(int zone) {
        return logs.get(zone);
    }

    @Override
    public void close() {
        databases.forEach(DuckDbDatabase::close);
    }
}
