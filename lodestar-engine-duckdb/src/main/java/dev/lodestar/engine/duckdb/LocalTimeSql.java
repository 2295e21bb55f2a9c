package dev.lodestar.engine.duckdb;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * SQL that turns a UTC timestamp column into local time of a zone, without DuckDB's ICU extension
 * (which the JDBC build lacks): the zone's offsets over the queried range are taken from {@link
 * ZoneRules} and written as a {@code CASE} over the transition instants. Everything in the
 * expression is generated from {@link java.time} values, never from user text.
 */
final class LocalTimeSql {
    private LocalTimeSql() {}

    /**
     * An expression for the local time of {@code column} (a UTC TIMESTAMP), exact for rows in
     * [from, to).
     */
    static String localTime(String column, ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        ZoneOffset first = rules.getOffset(from);
        StringBuilder cases = new StringBuilder();
        ZoneOffset previous = first;
        int transitions = 0;
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && t.getInstant().isBefore(to);
                t = rules.nextTransition(t.getInstant())) {
            cases.append(" WHEN ")
                    .append(column)
                    .append(" < TIMESTAMP '")
                    .append(LocalDateTime.ofInstant(t.getInstant(), ZoneOffset.UTC))
                    .append("' THEN ")
                    .append(offset(previous));
            previous = t.getOffsetAfter();
            if (++transitions > 10_000) {
                throw new IllegalArgumentException("range too long for zone " + zone);
            }
        }
        if (transitions == 0) {
            return "(" + column + " + " + offset(first) + ")";
        }
        return "(" + column + " + CASE" + cases + " ELSE " + offset(previous) + " END)";
    }

    private static String offset(ZoneOffset offset) {
        return "INTERVAL (" + offset.getTotalSeconds() + ") SECOND";
    }
}
