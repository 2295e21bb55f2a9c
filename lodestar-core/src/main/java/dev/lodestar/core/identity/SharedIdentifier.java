package dev.lodestar.core.identity;

/**
 * An identifier seen on more persons than the configured threshold (a family phone, a test number,
 * a placeholder such as 13800138000). It merges nothing and stays a person of its own.
 *
 * @param estimatedPersons the persons it was seen with, estimated as the largest, over the types, of
 *     the distinct values of that type seen with it, divided by the type's per-person limit
 *     (rounded up) for types that are not unique, and not divided for unique types (user id, CRM id)
 * @param observations how many distinct observations contained it
 */
public record SharedIdentifier(Identity identity, int estimatedPersons, int observations) {}
