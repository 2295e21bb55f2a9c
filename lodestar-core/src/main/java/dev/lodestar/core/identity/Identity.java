package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * One normalised identifier of a person, e.g. {@code phone:+8613800138000}. Build it with the
 * {@link Normalizer}; the graph takes values as they are.
 */
public record Identity(IdentityType type, String value) {
    public Identity {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("identity value of " + type + " is empty");
        }
    }

    public static Identity of(IdentityType type, String value) {
        return new Identity(type, value);
    }

    @Override
    public String toString() {
        return type.name() + ":" + value;
    }
}
