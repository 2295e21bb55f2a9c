package dev.lodestar.core.identity;

/** Where the evidence that identities belong together came from. */
public enum ObservationKind {
    /** An identify call: user id, anonymous id and identifying traits. */
    IDENTIFY,
    /** An alias call: previousId and userId. */
    ALIAS,
    /** Any other event carrying both a user id and an anonymous id. */
    EVENT,
    /** A row of an imported file or table. */
    IMPORT,
    /** Entered by an operator. */
    MANUAL
}
