package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.spi.analysis.DayCount;
import dev.lodestar.spi.analysis.EventNameCount;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lodestar stats}: what the store holds. */
@Command(name = "stats", description = "Show event counts by event name and by day.")
public final class StatsCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--zone", description = "Time zone for days (default Asia/Shanghai).")
    ZoneId zone = ServerConfig.DEFAULT_ZONE;

    @Option(names = "--days", description = "How many of the latest days to list (default 14).")
    int days = 14;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
            DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(database);
            long total = engine.totalEvents();
            List<EventNameCount> names = engine.eventNames();
            List<DayCount> perDay = engine.eventsPerDay(zone);
            List<DayCount> latest = perDay.subList(Math.max(0, perDay.size() - days), perDay.size());
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("totalEvents", total);
                body.put("byEvent", names);
                body.put("byDay", latest);
                System.out.println(new ObjectMapper()
                        .findAndRegisterModules()
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(body));
                return 0;
            }
            System.out.printf("events: %,d (schema version %d, %s)%n%n", total, database.schemaVersion(), zone);
            System.out.printf("%-10s %-32s %12s%n", "TYPE", "EVENT", "COUNT");
            for (EventNameCount name : names) {
                System.out.printf("%-10s %-32s %,12d%n", name.type(), name.name(), name.count());
            }
            System.out.printf("%n%-12s %12s%n", "DAY", "EVENTS");
            for (DayCount day : latest) {
                System.out.printf("%-12s %,12d%n", day.day(), day.count());
            }
        }
        return 0;
    }
}
