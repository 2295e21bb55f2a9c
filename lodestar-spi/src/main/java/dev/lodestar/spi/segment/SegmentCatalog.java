package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The names a segment may refer to, as the store knows them at the time of checking: declared
 * trait names, saved segment ids, saved funnel names and interest dimensions. The parser uses it to
 * reject unknown names with a suggestion; an empty catalog accepts only computed fields.
 */
public record SegmentCatalog(Set<String> traits, Set<String> segments, Set<String> funnels, Set<String> interests) {
    public SegmentCatalog {
        traits = Set.copyOf(requireNonNull(traits, "traits is null"));
        segments = Set.copyOf(requireNonNull(segments, "segments is null"));
        funnels = Set.copyOf(requireNonNull(funnels, "funnels is null"));
        interests = Set.copyOf(requireNonNull(interests, "interests is null"));
    }

    public static SegmentCatalog empty() {
        return new SegmentCatalog(Set.of(), Set.of(), Set.of(), Set.of());
    }
}
