package dev.lodestar.sim.internal;

/**
 * Who sent an event: the identity columns and the context, which stay the same for many events of
 * one person and device. Writers encode it once per part (the Parquet writer as a dictionary row).
 */
public final class Who {
    public final String userId;
    public final String anonymousId;
    public final String context;
    /** Dictionary id in the current part, or -1; only touched by the writing thread. */
    int id = -1;

    public Who(String userId, String anonymousId, String context) {
        this.userId = userId;
        this.anonymousId = anonymousId;
        this.context = context;
    }
}
