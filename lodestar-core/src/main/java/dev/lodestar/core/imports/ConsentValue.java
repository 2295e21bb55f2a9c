package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

/** Whether a person consents to be contacted on a channel, as one row says. */
public record ConsentValue(ConsentChannel channel, boolean granted) {
    public ConsentValue {
        requireNonNull(channel, "channel is null");
    }
}
