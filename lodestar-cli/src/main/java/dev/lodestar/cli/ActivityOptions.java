package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityConfigFile;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.RetentionSpec;
import dev.lodestar.spi.analysis.TimeRange;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code lodestar lifecycle} and {@code lodestar stickiness}: the activity
 * event, its filters, the period and the range of days, and {@code --json}.
 */
public final class ActivityOptions {
    @Option(names = "--event", description = "The event that makes a person active (default: any event).")
    String event;

    @Option(
            names = "--where",
            paramLabel = "PROPERTY=VALUES",
            description = "An event property filter (repeatable): PROPERTY=V1,V2 (any of), PROPERTY!=V1,V2"
                    + " (none of, or absent) or PROPERTY~TEXT (contains).")
    List<String> where = new ArrayList<>();

    @Option(
            names = "--where-trait",
            paramLabel = "TRAIT=VALUES",
            description = "A person trait filter on the current value (repeatable), written as for --where.")
    List<String> whereTrait = new ArrayList<>();

    @Option(names = "--from", description = "First day, inclusive (default: the start of the periods shown).")
    LocalDate from;

    @Option(names = "--to", description = "Last day, inclusive (default: today).")
    LocalDate to;

    @Option(names = "--zone", description = "Time zone of the days and periods (default Asia/Shanghai).")
    ZoneId zone = ServerConfig.DEFAULT_ZONE;

    @Option(names = "--json", description = "Print JSON for machines (the answer of the HTTP route).")
    boolean json;

    /**
     * Resolves the identities of events ingested since the last resolution (as the server does when
     * it starts), so that persons are merged and their traits current before counting.
     */
    static void resolveIdentities(DuckDbDatabase database, Path directory) {
        new PersonService(new DuckDbIdentityStore(database), new Normalizer(IdentityConfigFile.load(directory)))
                .close();
    }

    /** The event, or null for any event. */
    String event() {
        return event == null || event.equals("*") ? null : event;
    }

    List<PropertyFilter> filters() {
        return parse(where);
    }

    List<PropertyFilter> traitFilters() {
        return parse(whereTrait);
    }

    /** The whole days from --from to --to; by default the last {@code periods} periods up to today. */
    TimeRange range(RetentionSpec.Period period, int periods) {
        LocalDate last = to != null ? to : LocalDate.now(zone);
        LocalDate first = from != null ? from : period.plus(period.truncate(last), 1 - periods);
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("--from " + first + " is after --to " + last);
        }
        return new TimeRange(
                first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    /** Prints the route's answer with the range first, as {@code POST /api/lifecycle} does. */
    void printJson(TimeRange range, Map<String, Object> answer) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", LocalDate.ofInstant(range.from(), zone).toString());
        out.put("to", LocalDate.ofInstant(range.to().minusNanos(1), zone).toString());
        out.put("zone", zone.getId());
        out.putAll(answer);
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    /** Parses filters written PROPERTY=V1,V2, PROPERTY!=V1,V2 or PROPERTY~TEXT. */
    static List<PropertyFilter> parse(List<String> texts) {
        List<PropertyFilter> filters = new ArrayList<>();
        for (String text : texts) {
            int not = text.indexOf("!=");
            int equals = text.indexOf('=');
            int contains = text.indexOf('~');
            if (not > 0 && not < equals) {
                filters.add(filter(text, not, 2, PropertyFilter.Operator.NOT_EQUALS));
            } else if (contains > 0 && (equals < 0 || contains < equals)) {
                filters.add(new PropertyFilter(
                        text.substring(0, contains),
                        PropertyFilter.Operator.CONTAINS,
                        List.of(text.substring(contains + 1))));
            } else if (equals > 0) {
                filters.add(filter(text, equals, 1, PropertyFilter.Operator.IN));
            } else {
                throw new IllegalArgumentException("filter '" + text
                        + "' is not PROPERTY=VALUES, PROPERTY!=VALUES or PROPERTY~TEXT (e.g. plan=pro,team)");
            }
        }
        return filters;
    }

    private static PropertyFilter filter(String text, int at, int width, PropertyFilter.Operator operator) {
        return new PropertyFilter(
                text.substring(0, at),
                operator,
                List.of(text.substring(at + width).split(",", -1)));
    }
}
