package dev.lodestar.sim.internal;

import dev.lodestar.sim.SimulationConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Immutable facts of one simulation run, shared by all generator threads. */
public final class SimContext {
    private final SimulationConfig config;
    private final long[] dayStarts; // epoch micros of each local midnight, days + 1 entries
    private final ShopCatalog catalog;
    private final long messageIdSalt;

    public SimContext(SimulationConfig config) {
        this.config = config;
        LocalDate first = config.endDate().minusDays(config.days());
        this.dayStarts = new long[config.days() + 1];
        for (int d = 0; d <= config.days(); d++) {
            Instant instant = first.plusDays(d).atStartOfDay(config.zone()).toInstant();
            dayStarts[d] = instant.getEpochSecond() * 1_000_000L;
        }
        this.catalog = new ShopCatalog(config.seed());
        this.messageIdSalt = Rng.mix64(config.seed() ^ 0x5DEECE66DL);
    }

    public SimulationConfig config() {
        return config;
    }

    public int days() {
        return config.days();
    }

    /** Epoch micros of the start of day {@code d} (0-based; {@code d == days} is the exclusive end). */
    public long dayStart(int d) {
        return dayStarts[d];
    }

    public long windowStart() {
        return dayStarts[0];
    }

    public long windowEnd() {
        return dayStarts[dayStarts.length - 1];
    }

    /** Day index (0-based) of an instant inside the window. */
    public int dayOf(long micros) {
        int low = 0;
        int high = dayStarts.length - 1;
        while (low + 1 < high) {
            int mid = (low + high) >>> 1;
            if (dayStarts[mid] <= micros) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    public ShopCatalog catalog() {
        return catalog;
    }

    public long messageIdSalt() {
        return messageIdSalt;
    }

    /** The zone offset used to print a timestamp in JSON. */
    public ZoneOffset offsetAt(long micros) {
        return config.zone().getRules().getOffset(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)));
    }
}
