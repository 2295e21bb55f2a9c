package dev.lodestar.spi.identity;

import java.time.Instant;

/**
 * One event of a person as engagement analysis reads it.
 *
 * @param timestamp when it happened
 * @param name the track event's name, or null for other calls
 * @param medium the campaign medium of its context ({@code context.campaign.medium}), or null
 */
public record EngagementEvent(Instant timestamp, String name, String medium) {}
