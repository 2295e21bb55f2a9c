package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

/**
 * A typed person trait from one row.
 *
 * @param value {@code String}, {@code Double}, {@code Boolean}, {@code LocalDate} or {@code Instant},
 *     by the type
 */
public record TraitValue(String name, TraitType type, Object value) {
    public TraitValue {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(value, "value of trait " + name + " is null");
    }
}
