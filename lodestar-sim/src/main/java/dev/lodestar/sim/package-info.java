/**
 * The business simulator: a Chinese online shop's persons, identities, latent behaviour and Segment
 * events, with ground truth and messy source exports. Entry point: {@link
 * dev.lodestar.sim.Simulator#run}. Everything under {@code dev.lodestar.sim.internal} may change
 * without notice.
 */
package dev.lodestar.sim;
