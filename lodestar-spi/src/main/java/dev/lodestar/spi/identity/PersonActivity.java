package dev.lodestar.spi.identity;

import java.time.Instant;

/**
 * A person's key figures over all its events.
 *
 * @param events number of events
 * @param firstSeen the earliest event, or null without events
 * @param lastSeen the latest event, or null without events
 * @param orders order events
 * @param revenue revenue of the order events
 */
public record PersonActivity(long events, Instant firstSeen, Instant lastSeen, long orders, double revenue) {}
