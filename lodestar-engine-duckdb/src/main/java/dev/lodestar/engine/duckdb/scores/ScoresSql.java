package dev.lodestar.engine.duckdb.scores;

import dev.lodestar.spi.segment.RfmRules;
import dev.lodestar.spi.segment.ScoreSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The queries computing person scores for one "as of" instant. Instants enter the SQL text as
 * timestamp literals written by {@code java.time} (the store keeps naive UTC); names and weights
 * are bound parameters, added to the caller's list in the order of the text.
 */
final class ScoresSql {
    static final double MICROS_PER_DAY = 86_400_000_000.0;

    private ScoresSql() {}

    /** The instant as the store holds it: naive UTC, whole microseconds. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static String timestamp(Instant instant) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(micros(instant), ZoneOffset.UTC) + "'";
    }

    private static String daysBefore(Instant asOf, int days) {
        return timestamp(asOf.minus(Duration.ofDays(days)));
    }

    private static long epochMicros(Instant instant) {
        Instant m = micros(instant);
        return m.getEpochSecond() * 1_000_000L + m.getNano() / 1_000;
    }

    /** Days from {@code column} to the as-of instant, as a double. */
    private static String daysTo(Instant asOf, String column) {
        return "((" + epochMicros(asOf) + " - epoch_us(" + column + ")) / " + MICROS_PER_DAY + ")";
    }

    /**
     * One row per person with an event at or before {@code asOf}, in the columns of {@code
     * person_scores}.
     */
    static String scores(ScoreSettings settings, Instant asOf, List<Object> parameters) {
        String at = timestamp(asOf);
        String window = daysBefore(asOf, settings.rfmWindowDays());
        String active = daysBefore(asOf, settings.activeDays());
        parameters.add(settings.orderEvent());
        StringBuilder segment = new StringBuilder("CASE r * 10 + fm");
        for (int r = 1; r <= 5; r++) {
            for (int fm = 1; fm <= 5; fm++) {
                segment.append(" WHEN ")
                        .append(r * 10 + fm)
                        .append(" THEN '")
                        .append(RfmRules.segment(r, fm, fm).replace("'", "''"))
                        .append('\'');
            }
        }
        segment.append(" END");
        return """
                WITH p AS (
                    SELECT person, count(*) AS events, min(ts) AS first_ts, max(ts) AS last_ts,
                        max(ts) FILTER (WHERE ts <= %2$s) AS before_active,
                        min(ts) FILTER (WHERE ts > %2$s) AS first_active,
                        count(*) FILTER (WHERE o) AS frequency,
                        max(ts) FILTER (WHERE o) AS last_order,
                        sum(coalesce(CAST(revenue AS DECIMAL(38, 6)), 0)) FILTER (WHERE o) AS monetary
                    FROM (SELECT person, ts, revenue, type = 'track' AND event = ? AND ts > %3$s AS o
                        FROM resolved_events WHERE ts <= %1$s AND person IS NOT NULL)
                    GROUP BY person),
                b AS (
                    SELECT person, frequency, monetary, last_order, count(*) OVER () AS n,
                        rank() OVER (ORDER BY last_order) AS r_rank,
                        rank() OVER (ORDER BY frequency) AS f_rank,
                        rank() OVER (ORDER BY monetary) AS m_rank,
                        rank() OVER (ORDER BY monetary DESC) AS v_rank,
                        coalesce(sum(monetary) OVER (ORDER BY monetary DESC
                            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0) AS above,
                        sum(monetary) OVER () AS total
                    FROM p WHERE frequency > 0),
                s AS (
                    SELECT *, 1 + (5 * (r_rank - 1)) // n AS r, 1 + (5 * (f_rank - 1)) // n AS f,
                        1 + (5 * (m_rank - 1)) // n AS m
                    FROM b),
                g AS (SELECT *, (f + m) // 2 AS fm FROM s)
                SELECT p.person, %4$s AS recency_days, g.frequency, CAST(g.monetary AS DOUBLE) AS monetary,
                    CAST(g.r AS INTEGER) AS r, CAST(g.f AS INTEGER) AS f, CAST(g.m AS INTEGER) AS m,
                    %5$s AS rfm_segment,
                    CAST(1 + (10 * (g.v_rank - 1)) // g.n AS INTEGER) AS value_decile,
                    CASE WHEN g.person IS NULL OR g.total <= 0 THEN NULL WHEN g.above * 100 < g.total * 80 THEN 'A'
                        WHEN g.above * 100 < g.total * 95 THEN 'B' ELSE 'C' END AS value_abc,
                    CASE WHEN p.last_ts > %2$s THEN 'active' WHEN p.last_ts > %6$s THEN 'silent'
                        ELSE 'churned' END AS activity_state,
                    CASE WHEN p.first_ts > %7$s THEN 'new'
                        WHEN p.last_ts <= %6$s THEN 'churned'
                        WHEN p.last_ts <= %2$s THEN 'at_risk'
                        WHEN epoch_us(p.first_active) - epoch_us(p.before_active) >= %8$d THEN 'resurrected'
                        ELSE 'active' END AS lifecycle_stage,
                    p.events, %9$s AS days_since_first_seen, %10$s AS days_since_last_seen, %1$s AS as_of
                FROM p LEFT JOIN g ON g.person = p.person"""
                .formatted(
                        at,
                        active,
                        window,
                        daysTo(asOf, "g.last_order"),
                        segment,
                        daysBefore(asOf, settings.churnDays()),
                        daysBefore(asOf, settings.newDays()),
                        settings.resurrectGapDays() * 86_400_000_000L,
                        daysTo(asOf, "p.first_ts"),
                        daysTo(asOf, "p.last_ts"));
    }

    /**
     * One row per (person, dimension, value) among each person's top five values of each
     * dimension, in the columns of {@code person_interests}.
     */
    static String interests(ScoreSettings settings, Instant asOf, List<Object> parameters) {
        StringBuilder values = new StringBuilder();
        for (ScoreSettings.InterestDimension d : settings.interests()) {
            StringBuilder weight = new StringBuilder("CASE event");
            StringBuilder events = new StringBuilder();
            List<Object> weights = new java.util.ArrayList<>();
            for (Map.Entry<String, Double> w : d.weights().entrySet()) {
                weight.append(" WHEN ? THEN CAST(? AS DOUBLE)");
                weights.add(w.getKey());
                weights.add(w.getValue());
                events.append(events.length() == 0 ? "?" : ", ?");
            }
            weight.append(" END");
            // per dimension, one scan: the top-level property and the property of each products[] element
            values.append(values.length() == 0 ? "" : " UNION ALL ")
                    .append("SELECT person, ? AS dimension, unnest(list_concat([json_extract_string(properties, ?)],")
                    .append(" json_extract_string(properties, ?))) AS value, ts, ")
                    .append(weight)
                    .append(" AS weight FROM resolved_events WHERE ts <= ")
                    .append(timestamp(asOf))
                    .append(" AND person IS NOT NULL AND type = 'track' AND event IN (")
                    .append(events)
                    .append(')');
            parameters.add(d.name());
            parameters.add("$." + d.property());
            parameters.add("$.products[*]." + d.property());
            parameters.addAll(weights);
            parameters.addAll(d.weights().keySet());
        }
        if (values.length() == 0) {
            return "SELECT NULL::VARCHAR AS person, NULL::VARCHAR AS dimension, NULL::VARCHAR AS value,"
                    + " NULL::DOUBLE AS score, NULL::INTEGER AS rank WHERE false";
        }
        return """
                SELECT person, dimension, value, score, CAST(rank AS INTEGER) AS rank FROM (
                    SELECT *, row_number() OVER (PARTITION BY person, dimension ORDER BY score DESC, value) AS rank
                    FROM (SELECT person, dimension, value,
                            round(sum(weight * pow(0.5, %1$s / %2$s)), 9) AS score
                        FROM (%3$s) WHERE value IS NOT NULL AND value <> ''
                        GROUP BY person, dimension, value))
                WHERE rank <= 5"""
                .formatted(daysTo(asOf, "ts"), Double.toString(settings.interestHalfLifeDays()), values);
    }
}
