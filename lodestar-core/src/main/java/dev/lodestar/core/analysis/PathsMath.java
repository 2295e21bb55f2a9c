package dev.lodestar.core.analysis;

import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the distinct paths of {@link PathsResult} into a Sankey chart: nodes (step index + name)
 * and links between consecutive steps, valued in persons, with limits and drop-off.
 *
 * <ol>
 *   <li>Steps: node j of a path is at step j; for end-point paths the nodes are aligned on the
 *       right, so that the end point is always at step L-1.
 *   <li>Node limit: at each step, the names beyond the {@code nodeLimit} with the most persons
 *       (ties by name) become {@value #OTHER}.
 *   <li>Edge limit: over those paths, the links beyond the {@code edgeLimit} with the most persons
 *       (ties by step, source, target) are dropped; a path leaving the kept links continues as
 *       {@value #OTHER} at every later step (links out of {@value #OTHER} are always kept), so every
 *       person stays in the chart and flows add up.
 *   <li>Drop-off of a node: the persons whose path ends there (node persons minus outgoing links).
 * </ol>
 */
public final class PathsMath {
    public static final String OTHER = "(other)";

    private PathsMath() {}

    /**
     * A Sankey node.
     *
     * @param step the step index, from 0
     * @param name the event name or URL, or {@value #OTHER}
     * @param persons persons whose path passes through it
     * @param dropOff persons whose path ends at it
     */
    public record Node(int step, String name, long persons, long dropOff) {}

    /** A link from a node at {@code step} to one at {@code step + 1}. */
    public record Link(int step, String source, String target, long persons) {}

    /** The chart: nodes by step then persons (most first), links by step then persons. */
    public record Sankey(List<Node> nodes, List<Link> links) {
        public Sankey {
            nodes = List.copyOf(nodes);
            links = List.copyOf(links);
        }
    }

    public static Sankey sankey(PathsSpec spec, PathsResult result, int nodeLimit, int edgeLimit) {
        if (nodeLimit < 1 || edgeLimit < 1) {
            throw new IllegalArgumentException(
                    "node and edge limits must be positive, found " + nodeLimit + " and " + edgeLimit);
        }
        // steps and node limit
        List<String[]> paths = new ArrayList<>();
        List<Long> persons = new ArrayList<>();
        for (PathsResult.Path p : result.paths()) {
            String[] steps = new String[spec.steps()];
            int offset = spec.endPoint() != null ? spec.steps() - p.nodes().size() : 0;
            for (int j = 0; j < p.nodes().size(); j++) {
                steps[offset + j] = p.nodes().get(j);
            }
            paths.add(steps);
            persons.add(p.persons());
        }
        for (int s = 0; s < spec.steps(); s++) {
            Map<String, Long> atStep = new HashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                if (paths.get(i)[s] != null) {
                    atStep.merge(paths.get(i)[s], persons.get(i), Long::sum);
                }
            }
            Set<String> kept = new HashSet<>(top(atStep, nodeLimit));
            for (String[] steps : paths) {
                if (steps[s] != null && !kept.contains(steps[s])) {
                    steps[s] = OTHER;
                }
            }
        }
        // edge limit
        Map<String, Long> edges = new HashMap<>();
        forEachLink(paths, persons, (s, a, b, n) -> {
            if (!a.equals(OTHER)) {
                edges.merge(edgeKey(s, a, b), n, Long::sum);
            }
        });
        Set<String> keptEdges = new HashSet<>(top(edges, edgeLimit));
        for (String[] steps : paths) {
            boolean diverted = false;
            for (int s = 0; s + 1 < steps.length; s++) {
                if (steps[s] == null || steps[s + 1] == null) {
                    continue;
                }
                if (diverted || (!steps[s].equals(OTHER) && !keptEdges.contains(edgeKey(s, steps[s], steps[s + 1])))) {
                    diverted = true;
                    steps[s + 1] = OTHER;
                }
            }
        }
        // the chart
        Map<String, long[]> nodes = new TreeMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String[] steps = paths.get(i);
            for (int s = 0; s < steps.length; s++) {
                if (steps[s] != null) {
                    long[] node = nodes.computeIfAbsent(edgeKey(s, steps[s], ""), k -> new long[3]);
                    node[0] = s;
                    node[1] += persons.get(i);
                    if (s + 1 == steps.length || steps[s + 1] == null) {
                        node[2] += persons.get(i);
                    }
                }
            }
        }
        Map<String, Long> links = new TreeMap<>();
        forEachLink(paths, persons, (s, a, b, n) -> links.merge(edgeKey(s, a, b), n, Long::sum));
        List<Node> nodeList = new ArrayList<>();
        nodes.forEach((key, v) -> nodeList.add(new Node((int) v[0], key.split("\u0000", -1)[1], v[1], v[2])));
        nodeList.sort(Comparator.comparingInt(Node::step)
                .thenComparing(Node::persons, Comparator.reverseOrder())
                .thenComparing(Node::name));
        List<Link> linkList = new ArrayList<>();
        links.forEach((key, n) -> {
            String[] parts = key.split("\u0000", -1);
            linkList.add(new Link(Integer.parseInt(parts[0]), parts[1], parts[2], n));
        });
        linkList.sort(Comparator.comparingInt(Link::step)
                .thenComparing(Link::persons, Comparator.reverseOrder())
                .thenComparing(Link::source)
                .thenComparing(Link::target));
        return new Sankey(nodeList, linkList);
    }

    /** Persons who dropped off at each step (sum over the step's nodes). */
    public static List<Long> dropOffPerStep(Sankey sankey, int steps) {
        List<Long> dropOff = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            long sum = 0;
            for (Node n : sankey.nodes()) {
                if (n.step() == s) {
                    sum += n.dropOff();
                }
            }
            dropOff.add(sum);
        }
        return dropOff;
    }

    private interface LinkVisitor {
        void visit(int step, String source, String target, long persons);
    }

    private static void forEachLink(List<String[]> paths, List<Long> persons, LinkVisitor visitor) {
        for (int i = 0; i < paths.size(); i++) {
            String[] steps = paths.get(i);
            for (int s = 0; s + 1 < steps.length; s++) {
                if (steps[s] != null && steps[s + 1] != null) {
                    visitor.visit(s, steps[s], steps[s + 1], persons.get(i));
                }
            }
        }
    }

    /** The keys with the most persons, ties by key; at most {@code limit}. */
    private static List<String> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A map key for (step, source, target); NUL cannot be confused with text of event names. */
    private static String edgeKey(int step, String source, String target) {
        return String.format("%02d", step) + "\u0000" + source + "\u0000" + target;
    }
}
