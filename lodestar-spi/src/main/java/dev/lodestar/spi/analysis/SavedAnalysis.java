package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A saved analysis: its kind, a name unique within the kind, and its spec as the JSON text the REST
 * route of that kind accepts, so that it can be run again.
 *
 * @param id assigned by the store
 * @param kind one of {@link #KINDS}
 * @param name 1 to 200 characters, unique per kind
 * @param spec a JSON object
 * @param createdAt when it was created
 * @param updatedAt when its name or spec last changed
 */
public record SavedAnalysis(long id, String kind, String name, String spec, Instant createdAt, Instant updatedAt) {
    /** The kinds of analyses that can be saved. */
    public static final List<String> KINDS =
            List.of("funnel", "retention", "trend", "distribution", "lifecycle", "stickiness", "paths");

    public SavedAnalysis {
        checkKind(kind);
        name = checkName(name);
        requireNonNull(spec, "spec is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public static String checkKind(String kind) {
        requireNonNull(kind, "kind is null");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind '" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        return kind;
    }

    /** The name without surrounding white space, checked. */
    public static String checkName(String name) {
        requireNonNull(name, "name is null");
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > 200) {
            throw new IllegalArgumentException("name must be 1 to 200 characters, found " + stripped.length());
        }
        return stripped;
    }
}
