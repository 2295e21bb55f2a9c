package dev.lodestar.spi.analysis;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The distinct paths with the number of persons who took each (every person takes one path), in a
 * canonical order: most persons first, then the nodes compared one by one (a prefix first).
 * Engines over disjoint sets of persons merge by adding the persons of equal paths. Sankey nodes,
 * links, limits and drop-off are computed by core from these counts.
 *
 * @param paths the paths
 */
public record PathsResult(List<Path> paths) {
    /** Most persons first, then nodes in order. */
    public static final Comparator<Path> ORDER =
            Comparator.comparingLong((Path p) -> -p.persons()).thenComparing(Path::nodes, PathsResult::compareNodes);

    public PathsResult {
        List<Path> sorted = new ArrayList<>(paths);
        sorted.sort(ORDER);
        paths = List.copyOf(sorted);
    }

    /** Persons in all paths. */
    public long persons() {
        long sum = 0;
        for (Path p : paths) {
            sum += p.persons();
        }
        return sum;
    }

    private static int compareNodes(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * One distinct path.
     *
     * @param nodes the nodes in time order: from the start point, up to the end point, or from the
     *     session's start; 1 to L nodes, no two consecutive ones equal
     * @param persons the persons who took it
     */
    public record Path(List<String> nodes, long persons) {
        public Path {
            nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
            if (nodes.isEmpty() || persons < 1) {
                throw new IllegalArgumentException("a path needs nodes and persons, found " + nodes + " × " + persons);
            }
        }
    }
}
