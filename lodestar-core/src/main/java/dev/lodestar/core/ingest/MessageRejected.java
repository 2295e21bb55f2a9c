package dev.lodestar.core.ingest;

/** Thrown by {@link SegmentMessages} when one message is invalid; the message says why. */
public final class MessageRejected extends Exception {
    public MessageRejected(String reason) {
        super(reason, null, false, false);
    }
}
