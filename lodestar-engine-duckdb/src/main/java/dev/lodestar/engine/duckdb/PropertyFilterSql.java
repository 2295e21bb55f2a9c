package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.analysis.PropertyFilter;
import java.util.List;

/**
 * SQL for {@link PropertyFilter}s over the events table, shared by funnels and segments so that a
 * filter means the same everywhere. Values and JSON paths are bound parameters, appended to {@code
 * parameters} in the order their placeholders appear; the only names written into the text are
 * the fixed common columns.
 */
final class PropertyFilterSql {
    private PropertyFilterSql() {}

    /** A boolean expression (never NULL) that holds when an event satisfies {@code filter}. */
    static String predicate(PropertyFilter filter, List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        String value = property(filter.property(), parameters);
        String list = "?" + ", ?".repeat(filter.values().size() - 1);
        switch (filter.operator()) {
            case EQUALS, IN -> {
                sql.append("coalesce(")
                        .append(value)
                        .append(" IN (")
                        .append(list)
                        .append("), false)");
                parameters.addAll(filter.values());
            }
            case NOT_EQUALS -> {
                sql.append("coalesce(")
                        .append(value)
                        .append(" NOT IN (")
                        .append(list)
                        .append("), true)");
                parameters.addAll(filter.values());
            }
            case CONTAINS -> {
                sql.append("coalesce(");
                for (int i = 0; i < filter.values().size(); i++) {
                    if (i > 0) {
                        sql.append(" OR ");
                        value = property(filter.property(), parameters);
                    }
                    sql.append("contains(").append(value).append(", ?)");
                    parameters.add(filter.values().get(i));
                }
                sql.append(", false)");
            }
        }
        return sql.toString();
    }

    /**
     * SQL for a property's text value. The key is bound as a JSON Pointer ({@code /key}, with
     * {@code ~} and {@code /} escaped), never spliced: DuckDB reads a {@code *} in a JSONPath as a
     * wildcard even inside quotes, which turned a key such as {@code *} into a list.
     */
    static String property(String name, List<Object> parameters) {
        if (PropertyFilter.COMMON_COLUMNS.contains(name)) {
            return name; // from a fixed set of column names
        }
        parameters.add("/" + name.replace("~", "~0").replace("/", "~1"));
        return "json_extract_string(properties, ?)";
    }
}
