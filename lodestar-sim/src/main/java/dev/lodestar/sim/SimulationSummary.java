package dev.lodestar.sim;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What a simulation wrote.
 *
 * @param persons persons simulated
 * @param events events written to the event stream
 * @param orders {@code Order Completed} events among them
 * @param eventFiles the event part files, in order
 * @param truthFiles the ground-truth files
 * @param sourceFiles the messy source exports (empty unless asked for)
 * @param seconds wall-clock seconds the run took
 */
public record SimulationSummary(
        long persons,
        long events,
        long orders,
        List<Path> eventFiles,
        List<Path> truthFiles,
        List<Path> sourceFiles,
        double seconds) {

    public SimulationSummary {
        eventFiles = List.copyOf(requireNonNull(eventFiles, "eventFiles is null"));
        truthFiles = List.copyOf(requireNonNull(truthFiles, "truthFiles is null"));
        sourceFiles = List.copyOf(requireNonNull(sourceFiles, "sourceFiles is null"));
    }

    /** Events per second over the whole run. */
    public double eventsPerSecond() {
        return seconds > 0 ? events / seconds : 0;
    }
}
