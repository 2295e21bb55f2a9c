package dev.lodestar.engine.duckdb;

import static dev.lodestar.engine.duckdb.DuckDbEventStore.utc;
import static java.util.Map.entry;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.FunnelPersons;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentFields;
import dev.lodestar.spi.segment.TimeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Compiles a condition into a boolean SQL expression over {@code u.person} (a row of {@code
 * segment_persons}). Every leaf is {@code u.person IN (subquery)} or its negation, and no
 * subquery yields NULL, so every expression is true or false. Values, trait names, event names
 * and property paths are bound parameters, collected in {@link #parameters()} in the order of
 * their placeholders; the only words written into the text are this class's own and the columns of
 * the computed fields' whitelist.
 */
final class DuckDbSegmentSql {
    /** Computed fields and their columns in {@code person_scores}. */
    static final Map<String, String> SCORE_COLUMNS = Map.ofEntries(
            entry("rfm.segment", "rfm_segment"),
            entry("rfm.r", "r"),
            entry("rfm.f", "f"),
            entry("rfm.m", "m"),
            entry("rfm.recency_days", "recency_days"),
            entry("rfm.frequency", "frequency"),
            entry("rfm.monetary", "monetary"),
            entry("value.decile", "value_decile"),
            entry("value.abc", "value_abc"),
            entry("activity.state", "activity_state"),
            entry("lifecycle.stage", "lifecycle_stage"),
            entry("person.events", "events"),
            entry("person.days_since_first_seen", "days_since_first_seen"),
            entry("person.days_since_last_seen", "days_since_last_seen"));

    /** A table name, qualified or not: the funnel hook's answer is checked before it is used. */
    private static final Pattern TABLE_NAME =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.){0,2}[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Function<String, Optional<SegmentDefinition>> segments;
    private final FunnelPersons funnels;
    private final Instant asOf;
    private final EvaluationContext context;
    private final List<Object> parameters = new ArrayList<>();
    private final List<String> path = new ArrayList<>();
    private boolean usesScores;
    private boolean usesInterests;
    private int nodes;

    /**
     * @param segments saved segments by id
     * @param funnels the funnel drop-off hook, or null when there is none
     */
    DuckDbSegmentSql(
            Function<String, Optional<SegmentDefinition>> segments, FunnelPersons funnels, EvaluationContext context) {
        this.segments = segments;
        this.funnels = funnels;
        this.context = context;
        this.asOf = context.asOf().truncatedTo(ChronoUnit.MICROS);
    }

    List<Object> parameters() {
        return parameters;
    }

    /** Whether the condition compares a field of {@code person_scores}. */
    boolean usesScores() {
        return usesScores;
    }

    /** Whether the condition compares interest tags of {@code person_interests}. */
    boolean usesInterests() {
        return usesInterests;
    }

    /** Compiles the condition of the segment {@code id} (null for an unsaved one). */
    String compile(Condition condition, String id) {
        if (id != null) {
            path.add(id);
        }
        return compile(condition, 1);
    }

    private String compile(Condition condition, int depth) {
        if (depth > Condition.MAX_DEPTH) {
            throw invalid("condition is nested more than " + Condition.MAX_DEPTH + " levels deep");
        }
        if (++nodes > Condition.MAX_NODES * 4) {
            throw invalid("condition has more than " + Condition.MAX_NODES * 4 + " parts, saved segments included");
        }
        // sealed, so the last branch is the only one left (Java 17 has no pattern switch)
        if (condition instanceof Condition.And and) {
            return join(and.parts(), " AND ", depth);
        } else if (condition instanceof Condition.Or or) {
            return join(or.parts(), " OR ", depth);
        } else if (condition instanceof Condition.Not not) {
            return "NOT (" + compile(not.part(), depth + 1) + ")";
        } else if (condition instanceof Condition.Compare compare) {
            return compare(compare);
        } else if (condition instanceof Condition.Did did) {
            return did(did);
        } else if (condition instanceof Condition.InSegment in) {
            return inSegment(in.segment());
        } else {
            return dropOff((Condition.FunnelDropOff) condition);
        }
    }

    private String join(List<Condition> parts, String operator, int depth) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            sql.append(i == 0 ? "" : operator).append(compile(parts.get(i), depth + 1));
        }
        return sql.append(')').toString();
    }

    // ---- comparisons

    /** Where a field's values are: rows of a table, with a text and/or a number expression. */
    private record Source(String from, String text, String number) {}

    private String compare(Condition.Compare compare) {
        Field field = compare.field();
        StringBuilder sql = new StringBuilder("u.person IN (SELECT person FROM ");
        Source source;
        if (field.isTrait()) {
            sql.append("segment_person_traits WHERE name = ?");
            parameters.add(field.name());
            source = new Source("trait", "text", "number");
        } else if (field.namespace().equals(SegmentFields.INTEREST)) {
            usesInterests = true;
            sql.append("person_interests WHERE person IS NOT NULL AND value IS NOT NULL AND dimension = ?");
            parameters.add(field.name());
            source = new Source("interest", "value", null);
        } else {
            SegmentFields.Computed computed = SegmentFields.computed(field)
                    .orElseThrow(() -> invalid("unknown field '" + field + "' (expected trait.<name>, "
                            + SegmentFields.INTEREST + ".<dimension> or one of " + SCORE_COLUMNS.keySet() + ")"));
            String column = SCORE_COLUMNS.get(field.toString());
            usesScores = true;
            sql.append("person_scores WHERE person IS NOT NULL AND ")
                    .append(column)
                    .append(" IS NOT NULL");
            source = computed.type() == SegmentFields.Type.NUMBER
                    ? new Source(field.toString(), null, "CAST(" + column + " AS DOUBLE)")
                    : new Source(field.toString(), column, null);
        }
        CompareOp op = compare.op();
        List<Literal> values = compare.values();
        String predicate =
                switch (op) {
                    case EQ, NE -> compareTo(source, "=", values.get(0));
                    case IN, NOT_IN -> {
                        StringBuilder any = new StringBuilder("(");
                        for (int i = 0; i < values.size(); i++) {
                            any.append(i == 0 ? "" : " OR ").append(compareTo(source, "=", values.get(i)));
                        }
                        yield any.append(')').toString();
                    }
                    case LT -> compareTo(source, "<", values.get(0));
                    case LE -> compareTo(source, "<=", values.get(0));
                    case GT -> compareTo(source, ">", values.get(0));
                    case GE -> compareTo(source, ">=", values.get(0));
                    case CONTAINS -> textFunction(source, "contains", values.get(0), op);
                    case STARTS_WITH -> textFunction(source, "starts_with", values.get(0), op);
                    case IS_SET, IS_NOT_SET -> "true";
                };
        sql.append(" AND ").append(predicate).append(')');
        boolean negated = op == CompareOp.NE || op == CompareOp.NOT_IN || op == CompareOp.IS_NOT_SET;
        return negated ? "NOT (" + sql + ")" : sql.toString();
    }

    /** Numbers compare as numbers when the value is one, everything else as text. */
    private String compareTo(Source source, String operator, Literal value) {
        if (value instanceof Literal.Number number && source.number() != null) {
            parameters.add(number.value().doubleValue());
            if (source.text() == null) {
                return source.number() + " " + operator + " ?";
            }
            parameters.add(value.asText());
            return "(CASE WHEN " + source.number() + " IS NOT NULL THEN " + source.number() + " " + operator
                    + " ? ELSE " + source.text() + " " + operator + " ? END)";
        }
        if (source.text() == null) {
            throw invalid(source.from() + " is a number: compare it with a number, not '" + value.asText() + "'");
        }
        parameters.add(value.asText());
        return source.text() + " " + operator + " ?";
    }

    private String textFunction(Source source, String function, Literal value, CompareOp op) {
        if (source.text() == null) {
            throw invalid(source.from() + " is a number: '" + op.text() + "' compares text");
        }
        parameters.add(value.asText());
        return function + "(" + source.text() + ", ?)";
    }

    // ---- behaviour

    private String did(Condition.Did did) {
        StringBuilder sql =
                new StringBuilder("SELECT person FROM resolved_events WHERE type = 'track' AND event = ? AND ts <= ?");
        parameters.add(did.event());
        parameters.add(utc(asOf));
        for (PropertyFilter filter : did.where()) {
            sql.append(" AND ").append(FilterSql.eventCondition(filter, parameters));
        }
        if (did.occurrence() == Occurrence.ANY) {
            sql.append(window("ts", did.window())).append(" GROUP BY person HAVING count(*) ");
            if (did.atLeast() == 0) {
                sql.append("> ?");
                parameters.add(did.atMost());
                return "NOT (u.person IN (" + sql + "))";
            }
            sql.append(">= ?");
            parameters.add(did.atLeast());
            if (did.atMost() != null) {
                sql.append(" AND count(*) <= ?");
                parameters.add(did.atMost());
            }
        } else {
            String first = did.occurrence() == Occurrence.FIRST ? "min(ts)" : "max(ts)";
            sql.append(" GROUP BY person HAVING true").append(window(first, did.window()));
        }
        return "u.person IN (" + sql + ")";
    }

    /** {@code AND} the window's bounds on {@code column}; "up to as of" is part of every query. */
    private String window(String column, TimeWindow window) {
        if (window instanceof TimeWindow.Within within) {
            parameters.add(utc(asOf.minus(within.length())));
            return " AND " + column + " > ?";
        } else if (window instanceof TimeWindow.Between between) {
            parameters.add(utc(between.from().atStartOfDay(context.zone()).toInstant()));
            parameters.add(
                    utc(between.to().plusDays(1).atStartOfDay(context.zone()).toInstant()));
            return " AND " + column + " >= ? AND " + column + " < ?";
        }
        return ""; // ever
    }

    // ---- references

    private String inSegment(String id) {
        SegmentDefinition definition =
                segments.apply(id).orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, unknown(id)));
        if (definition.kind() == SegmentDefinition.Kind.STATIC) {
            parameters.add(id);
            return "u.person IN (SELECT person FROM segment_members WHERE segment = ? AND exited_at IS NULL)";
        }
        checkCycle(path, id);
        path.add(id);
        String sql = compile(definition.condition(), 1);
        path.remove(path.size() - 1);
        return "(" + sql + ")";
    }

    static String unknown(String id) {
        return "unknown segment '" + id + "'";
    }

    /** Refuses {@code id} when it is already on the path of segments being expanded. */
    static void checkCycle(List<String> path, String id) {
        int at = path.indexOf(id);
        if (at >= 0) {
            throw invalid("segments refer to each other in a cycle: "
                    + String.join(" -> ", path.subList(at, path.size())) + " -> " + id);
        }
    }

    private String dropOff(Condition.FunnelDropOff drop) {
        if (funnels == null) {
            throw invalid("funnel drop-off segments need saved funnels (not available)");
        }
        String table = funnels.materializeDropOff(drop.funnel(), drop.step(), context);
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new LodestarException(
                    ErrorCode.INTERNAL, "the funnel drop-off hook returned an invalid table name: " + table);
        }
        return "u.person IN (SELECT person FROM " + table + " WHERE person IS NOT NULL)";
    }

    static LodestarException invalid(String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
