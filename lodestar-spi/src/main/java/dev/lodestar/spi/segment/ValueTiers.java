package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Buyers of the RFM window by value tier: the ten deciles (1 = top) and the ABC classes, each with
 * its persons, revenue and share of all buyers' revenue (0 when that total is not positive).
 */
public record ValueTiers(Instant asOf, List<Tier> deciles, List<Tier> abc) {
    public ValueTiers {
        requireNonNull(asOf, "asOf is null");
        deciles = List.copyOf(deciles);
        abc = List.copyOf(abc);
    }

    /** @param tier the decile ("1" to "10") or class ("A", "B", "C") */
    public record Tier(String tier, long persons, double revenue, double share) {}
}
