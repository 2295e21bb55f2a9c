package dev.lodestar.core.identity;

import java.util.List;

/**
 * A merge a guardrail refused: {@code evidence} saw {@code anchor} with {@code refused}, but their
 * persons together would hold {@code count} values of {@code limitedType}, more than its limit.
 *
 * @param conflicting the values of {@code limitedType} the two persons hold (a few, for the report)
 */
public record RefusedMerge(
        Observation evidence,
        Identity anchor,
        Identity refused,
        IdentityType limitedType,
        int count,
        int limit,
        List<Identity> conflicting) {
    public RefusedMerge {
        conflicting = List.copyOf(conflicting);
    }

    public String reason() {
        return "merging would give one person " + count + " " + limitedType + " values (limit " + limit + "): "
                + conflicting;
    }
}
