package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

/**
 * A person-level field a segment can compare: {@code namespace.name}. The namespace {@code trait}
 * holds declared traits (from identify calls and imports; any name); the others are computed by
 * Lodestar and listed in {@link SegmentFields}.
 */
public record Field(String namespace, String name) {
    public static final String TRAIT = "trait";

    public Field {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "field name is null");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("field name must be 1 to 200 characters");
        }
    }

    public static Field trait(String name) {
        return new Field(TRAIT, name);
    }

    public boolean isTrait() {
        return TRAIT.equals(namespace);
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
