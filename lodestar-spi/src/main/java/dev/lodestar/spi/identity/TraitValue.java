package dev.lodestar.spi.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One trait value as one source set it for one identity.
 *
 * @param identity the identity it was set for, {@code type:value}
 * @param name the trait's name
 * @param valueJson the value as JSON text
 * @param source who set it (a write key's source, or an import)
 * @param updatedAt when it was set (the event's timestamp, or the import's declared update time)
 */
public record TraitValue(String identity, String name, String valueJson, String source, Instant updatedAt) {
    public TraitValue {
        requireNonNull(identity, "identity is null");
        requireNonNull(name, "name is null");
        requireNonNull(valueJson, "valueJson is null");
        requireNonNull(source, "source is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
