package dev.lodestar.spi.analysis;

/** How often one event name occurs, with the message type it belongs to. */
public record EventNameCount(String type, String name, long count) {}
