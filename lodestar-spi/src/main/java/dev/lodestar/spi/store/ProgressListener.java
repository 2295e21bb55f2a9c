package dev.lodestar.spi.store;

/** Receives progress of long work as a fraction from 0 to 1. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> {};

    void progress(double fraction, String message);
}
