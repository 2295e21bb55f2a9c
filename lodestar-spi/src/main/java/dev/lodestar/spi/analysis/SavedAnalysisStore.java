package dev.lodestar.spi.analysis;

import java.util.List;
import java.util.Optional;

/**
 * Where saved analyses are kept. Names are unique per kind: creating or renaming to a name the kind
 * already has fails with {@code ALREADY_EXISTS}; unknown ids with {@code NOT_FOUND}.
 */
public interface SavedAnalysisStore {

    /** The saved analyses of a kind (null: of every kind), by kind, then name. */
    List<SavedAnalysis> list(String kind);

    Optional<SavedAnalysis> get(long id);

    /** The analysis of a kind with this name (compared after stripping white space). */
    Optional<SavedAnalysis> find(String kind, String name);

    SavedAnalysis create(String kind, String name, String spec);

    /** Replaces the name and spec of a saved analysis; its kind stays. */
    SavedAnalysis update(long id, String name, String spec);

    /** Deletes a saved analysis; false when there was none with this id. */
    boolean delete(long id);
}
