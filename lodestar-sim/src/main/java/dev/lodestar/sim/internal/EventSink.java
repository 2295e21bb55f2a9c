package dev.lodestar.sim.internal;

import java.nio.file.Path;
import java.util.List;

/** Where generated events go: part files in one format. Used from one thread. */
public interface EventSink extends AutoCloseable {
    void append(EventBatch batch) throws Exception;

    /** Closes the current part file (no file when it holds no events). */
    void finishPart() throws Exception;

    List<Path> files();

    @Override
    void close() throws Exception;
}
