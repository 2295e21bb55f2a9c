package dev.lodestar.spi.segment;

import java.util.List;

/**
 * The size of a condition's result now and a sample of its members.
 *
 * @param size persons satisfying the condition
 * @param population all persons known to the store
 * @param sample up to the requested number of person ids, in person id order
 * @param millis how long the evaluation took
 */
public record SegmentPreview(long size, long population, List<String> sample, long millis) {
    public SegmentPreview {
        sample = List.copyOf(sample);
    }
}
