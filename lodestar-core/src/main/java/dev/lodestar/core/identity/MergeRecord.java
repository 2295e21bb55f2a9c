package dev.lodestar.core.identity;

/**
 * One entry of the merge log: {@code evidence} joined the person holding {@code anchor} (the
 * strongest identity of the observation) with the person holding {@code joined}.
 *
 * @param sequence position in the canonical processing order (stable for the same observations)
 * @param evidence the observation that caused the merge (the earliest of identical ones)
 * @param anchor the observation's strongest identity
 * @param joined the identity whose person was merged in
 * @param joinedSize how many identities the merged-in person had at that moment
 */
public record MergeRecord(int sequence, Observation evidence, Identity anchor, Identity joined, int joinedSize) {
    /** Why the merge happened, for people. */
    public String reason() {
        return evidence.kind().name().toLowerCase(java.util.Locale.ROOT) + " from " + evidence.source() + " at "
                + evidence.timestamp() + " saw " + anchor + " with " + joined;
    }
}
