package dev.lodestar.core.identity;

/** How the values of an identity type are normalised by the {@link Normalizer}. */
public enum ValueKind {
    /** A telephone number, normalised to E.164 with libphonenumber; invalid numbers are refused. */
    PHONE,
    /** An e-mail address: trimmed, lower-cased, the domain converted to ASCII (IDN). */
    EMAIL,
    /** An opaque id compared exactly after trimming (user ids, OpenIDs, device ids). */
    ID,
    /** An opaque id compared after trimming and lower-casing (case-insensitive codes). */
    ID_IGNORE_CASE
}
