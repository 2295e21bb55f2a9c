package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A saved segment.
 *
 * @param id a stable id chosen by the store (lower-case letters, digits and '-')
 * @param name a display name, unique among segments
 * @param kind dynamic segments are re-evaluated; static ones keep the members they were given
 * @param condition the rule of a dynamic segment; null for a static one
 * @param refreshMinutes how often a dynamic segment is re-evaluated (0 = only on demand)
 */
public record SegmentDefinition(
        String id,
        String name,
        String description,
        Kind kind,
        Condition condition,
        int refreshMinutes,
        Instant createdAt,
        Instant updatedAt) {

    public enum Kind {
        DYNAMIC,
        STATIC
    }

    public SegmentDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        description = description == null ? "" : description;
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("segment name must be 1 to 200 characters");
        }
        if (kind == Kind.DYNAMIC && condition == null) {
            throw new IllegalArgumentException("a dynamic segment needs a condition");
        }
        if (kind == Kind.STATIC && condition != null) {
            throw new IllegalArgumentException("a static segment has no condition");
        }
        if (refreshMinutes < 0) {
            throw new IllegalArgumentException("refresh interval must not be negative");
        }
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
