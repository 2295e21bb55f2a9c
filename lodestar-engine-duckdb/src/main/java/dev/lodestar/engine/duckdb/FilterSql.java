package dev.lodestar.engine.duckdb;

import dev.lodestar.spi.analysis.PropertyFilter;
import java.util.List;
import java.util.function.Function;

/**
 * SQL for event properties and property filters. Values and JSON paths are bound parameters; the
 * only spliced names come from the fixed set {@link PropertyFilter#COMMON_COLUMNS}.
 */
final class FilterSql {
    private FilterSql() {}

    /** SQL for a property's text value; JSON paths are bound, never spliced. */
    static String property(String name, List<Object> parameters) {
        if (PropertyFilter.COMMON_COLUMNS.contains(name)) {
            return name; // from a fixed set of column names
        }
        parameters.add(jsonPath(name));
        return "json_extract_string(properties, ?)";
    }

    /**
     * The path of a top-level key (a bound parameter, never spliced), as a JSON Pointer ({@code
     * /key}, with {@code ~} and {@code /} escaped): DuckDB reads a {@code *} in a JSONPath as a
     * wildcard even inside quotes, which turned a key such as {@code *} into a list.
     */
    static String jsonPath(String name) {
        return "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /**
     * A boolean SQL condition for a filter. {@code value} writes the SQL of the compared text value,
     * adding its own parameters; it is called once per use, so parameters stay in order.
     */
    static String condition(PropertyFilter filter, Function<List<Object>, String> value, List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        String list = "?" + ", ?".repeat(filter.values().size() - 1);
        switch (filter.operator()) {
            case EQUALS, IN -> {
                sql.append("coalesce(")
                        .append(value.apply(parameters))
                        .append(" IN (")
                        .append(list)
                        .append("), false)");
                parameters.addAll(filter.values());
            }
            case NOT_EQUALS -> {
                sql.append("coalesce(")
                        .append(value.apply(parameters))
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
                    }
                    sql.append("contains(").append(value.apply(parameters)).append(", ?)");
                    parameters.add(filter.values().get(i));
                }
                sql.append(", false)");
            }
        }
        return sql.toString();
    }

    /** A condition on an event property. */
    static String eventCondition(PropertyFilter filter, List<Object> parameters) {
        return condition(filter, p -> property(filter.property(), p), parameters);
    }
}
