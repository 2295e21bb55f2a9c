package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

/** The outcome of normalising one raw value: a usable {@link Identity} or the reason it was refused. */
public sealed interface Normalized {
    /** Why a value was refused. */
    enum Problem {
        EMPTY,
        BLOCKED,
        INVALID_PHONE,
        INVALID_EMAIL,
        UNKNOWN_TYPE
    }

    record Valid(Identity identity) implements Normalized {
        public Valid {
            requireNonNull(identity, "identity is null");
        }
    }

    /** A refused value; {@code raw} is the value as given, {@code reason} says what was expected. */
    record Invalid(IdentityType type, String raw, Problem problem, String reason) implements Normalized {
        public Invalid {
            requireNonNull(type, "type is null");
            requireNonNull(problem, "problem is null");
            requireNonNull(reason, "reason is null");
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The identity, or an {@link IllegalArgumentException} with the reason. */
    default Identity orElseThrow() {
        if (this instanceof Valid valid) {
            return valid.identity();
        }
        Invalid invalid = (Invalid) this;
        throw new IllegalArgumentException(invalid.type() + " '" + invalid.raw() + "' refused: " + invalid.reason());
    }
}
