package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

/**
 * An exclusion: an attempt that has a matching event strictly between (in time) its step {@code
 * fromStep} and a later step {@code k <= toStep} does not count step {@code k} or any step after
 * it. Steps are numbered from 1.
 */
public record FunnelExclusion(FunnelStep event, int fromStep, int toStep) {
    public FunnelExclusion {
        requireNonNull(event, "event is null");
        if (fromStep < 1 || toStep <= fromStep) {
            throw new IllegalArgumentException(
                    "exclusion steps must satisfy 1 <= from < to, found from " + fromStep + " to " + toStep);
        }
    }
}
