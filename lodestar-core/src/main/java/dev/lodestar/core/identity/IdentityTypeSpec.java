package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * The rules for one identity type.
 *
 * @param type the type
 * @param priority smaller is stronger: decides the canonical order in which evidence is applied and
 *     so which link wins a conflict (user id 0, phone 10, e-mail 20, ...)
 * @param maxPerPerson a person never holds more values of this type; a merge that would exceed it
 *     is refused (user id: 1, so two user ids never end up in one person)
 * @param unique a value of this type is issued to one person by its own system (user id, CRM id):
 *     it is never treated as a shared identifier, whatever it is seen with
 * @param kind how values are normalised
 */
public record IdentityTypeSpec(IdentityType type, int priority, int maxPerPerson, boolean unique, ValueKind kind) {
    public IdentityTypeSpec {
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
        if (priority < 0 || priority > 1000) {
            throw new IllegalArgumentException("priority of " + type + " must be in [0, 1000], found " + priority);
        }
        if (maxPerPerson < 1 || maxPerPerson > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "maxPerPerson of " + type + " must be in [1, " + Short.MAX_VALUE + "], found " + maxPerPerson);
        }
    }

    /** A custom id type: compared exactly, {@code maxPerPerson} values per person. */
    public static IdentityTypeSpec custom(String name, int priority, int maxPerPerson, boolean unique) {
        return new IdentityTypeSpec(new IdentityType(name), priority, maxPerPerson, unique, ValueKind.ID);
    }
}
