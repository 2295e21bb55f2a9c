package dev.lodestar.spi.segment;

import java.time.Instant;

/** The outcome of re-evaluating (or snapshotting) a segment. */
public record MembershipChange(String segment, Instant at, long size, long entered, long exited) {}
