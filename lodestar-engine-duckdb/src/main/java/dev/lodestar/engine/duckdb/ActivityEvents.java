package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.analysis.PropertyFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for the activity events of lifecycle and stickiness: the named events (track, page, screen)
 * of resolved persons, of one event name when given, that pass the event property filters and
 * whose person's current traits pass the trait filters (the SQL of trend series, {@link FilterSql}
 * and {@link DuckDbTrends#currentTrait()}). Every value is a bound parameter.
 */
final class ActivityEvents {
    private ActivityEvents() {}

    /**
     * A subquery with the columns {@code person} and {@code ts} of the activity events; its
     * parameters are added to {@code parameters} in order.
     */
    static String of(
            String event, List<PropertyFilter> filters, List<PropertyFilter> traitFilters, List<Object> parameters) {
        Map<String, String> traits = new LinkedHashMap<>();
        for (PropertyFilter f : traitFilters) {
            traits.putIfAbsent(f.property(), "t" + traits.size());
        }
        StringBuilder sql = new StringBuilder("(SELECT e.person, e.ts FROM resolved_events e");
        for (Map.Entry<String, String> trait : traits.entrySet()) {
            String alias = trait.getValue(); // t0, t1, ...: generated, never user text
            sql.append(" LEFT JOIN (")
                    .append(DuckDbTrends.currentTrait())
                    .append(") ")
                    .append(alias)
                    .append(" ON ")
                    .append(alias)
                    .append(".person = e.person");
            parameters.add(trait.getKey());
        }
        sql.append(" WHERE e.event IS NOT NULL AND e.person IS NOT NULL");
        if (event != null) {
            sql.append(" AND e.event = ?");
            parameters.add(event);
        }
        for (PropertyFilter f : filters) {
            sql.append(" AND ").append(FilterSql.eventCondition(f, parameters));
        }
        for (PropertyFilter f : traitFilters) {
            String column = traits.get(f.property()) + ".text";
            sql.append(" AND ").append(FilterSql.condition(f, p -> column, parameters));
        }
        return sql.append(")").toString();
    }
}
