package dev.lodestar.spi.analysis;

import java.time.LocalDate;

/** Events on one calendar day in the project zone. */
public record DayCount(LocalDate day, long count) {}
