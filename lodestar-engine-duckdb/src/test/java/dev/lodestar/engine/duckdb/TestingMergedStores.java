package dev.lodestar.engine.duckdb;

import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.event.Event;
import dev.lodestar.testing.MergingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One random {@link MergingLog} per zone (with {@link MergingLog#withProperties properties and
 * traits}), each in its own store with identities resolved, for the differential tests of the
 * activity analyses.
 */
final class TestingMergedStores implements AutoCloseable {
    private final List<DuckDbDatabase> databases = new ArrayList<>();
    private final List<MergingLog> logs = new ArrayList<>();

    TestingMergedStores(Path directory, long seed, List<ZoneId> zones, LocalDate firstDay, int days, int persons)
            throws Exception {
        for (int z = 0; z < zones.size(); z++) {
            MergingLog log = MergingLog.generate(seed + z, zones.get(z), firstDay, days, persons)
                    .withProperties(seed + z);
            databases.add(resolvedStore(directory.resolve("random-" + z), log.events()));
            logs.add(log);
        }
    }

    /**
     * Zero to two random event property filters (on {@code plan} or the {@code category} column, with
     * every operator) for the activity of lifecycle and stickiness.
     */
    static List<PropertyFilter> randomFilters(SplittableRandom random) {
        List<PropertyFilter> filters = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            filters.add(randomFilter(random, random.nextBoolean() ? "plan" : "category"));
        }
        return filters;
    }

    /** Zero to two random person trait filters (on {@code tier} or {@code visits}). */
    static List<PropertyFilter> randomTraitFilters(SplittableRandom random) {
        List<PropertyFilter> filters = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            filters.add(randomFilter(random, random.nextBoolean() ? "tier" : "visits"));
        }
        return filters;
    }

    private static PropertyFilter randomFilter(SplittableRandom random, String property) {
        PropertyFilter.Operator operator =
                PropertyFilter.Operator.values()[random.nextInt(PropertyFilter.Operator.values().length)];
        List<String> candidates = List.of("free", "pro", "试用", "数码", "美妆", "gold", "铜", "1", "r");
        List<String> values = new ArrayList<>();
        int n = operator == PropertyFilter.Operator.EQUALS ? 1 : 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            values.add(candidates.get(random.nextInt(candidates.size())));
        }
        return new PropertyFilter(property, operator, values);
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
