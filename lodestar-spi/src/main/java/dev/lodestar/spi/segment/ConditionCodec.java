package dev.lodestar.spi.segment;

/**
 * Converts conditions to and from their stored form (JSON text). Engines persist saved segments
 * with it; core provides the implementation.
 */
public interface ConditionCodec {
    String encode(Condition condition);

    /** Decodes a stored condition; throws {@code LodestarException} when the text is not one. */
    Condition decode(String text);
}
