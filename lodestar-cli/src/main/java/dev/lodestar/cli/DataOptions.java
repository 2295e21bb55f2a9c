package dev.lodestar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data directory option shared by every command that touches a store. */
public final class DataOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $LODESTAR_DATA, else ./lodestar-data).")
    Path data;

    public Path directory() {
        if (data != null) {
            return data;
        }
        String fromEnv = System.getenv("LODESTAR_DATA");
        return Path.of(fromEnv == null || fromEnv.isBlank() ? "lodestar-data" : fromEnv);
    }
}
