package dev.lodestar.spi.segment;

import java.time.Instant;
import java.util.List;

/**
 * One person's computed scores as last computed (see {@code docs/rfm-and-scores.md}); RFM and value
 * fields are null for a person without orders in the window.
 *
 * @param interests the person's top interest tags, best first per dimension
 */
public record PersonScore(
        String person,
        Instant asOf,
        Double recencyDays,
        Long frequency,
        Double monetary,
        Integer r,
        Integer f,
        Integer m,
        String rfmSegment,
        Integer valueDecile,
        String valueAbc,
        String activityState,
        String lifecycleStage,
        List<Interest> interests) {
    public PersonScore {
        interests = List.copyOf(interests);
    }

    /** An interest tag: a value of a dimension (e.g. category 母婴) with its recency-weighted score. */
    public record Interest(String dimension, String value, double score, int rank) {}
}
