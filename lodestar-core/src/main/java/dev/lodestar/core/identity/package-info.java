/**
 * Identity resolution: normalising identifiers ({@link dev.lodestar.core.identity.Normalizer}) and
 * unifying them into persons ({@link dev.lodestar.core.identity.IdentityGraph}) with guardrails
 * against over-merging, a merge log and unmerge. In memory and engine-independent; the rules are
 * described in {@code docs/identity.md}.
 */
package dev.lodestar.core.identity;
