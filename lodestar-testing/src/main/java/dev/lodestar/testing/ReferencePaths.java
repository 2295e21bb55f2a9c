package dev.lodestar.testing;

import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Brute-force paths over an in-memory list of events: per person, the node events of the range
 * sorted by (time, node), cut into sessions at gaps longer than the session gap, consecutive
 * repeats removed, then the first session that holds the anchor and the nodes from (or up to) the
 * anchor's first position.
 */
public final class ReferencePaths {
    private ReferencePaths() {}

    public static PathsResult paths(List<Event> events, PathsSpec spec, Function<Event, String> person) {
        Map<String, List<Node>> byPerson = new LinkedHashMap<>();
        for (Event e : events) {
            String node = node(spec, e);
            if (node != null
                    && !e.timestamp().isBefore(spec.range().from())
                    && e.timestamp().isBefore(spec.range().to())) {
                byPerson.computeIfAbsent(person.apply(e), p -> new ArrayList<>())
                        .add(new Node(e.timestamp(), node));
            }
        }
        Map<List<String>, Long> counts = new HashMap<>();
        for (List<Node> mine : byPerson.values()) {
            mine.sort(Comparator.comparing(Node::at).thenComparing(Node::name));
            List<List<String>> sessions = new ArrayList<>();
            List<String> session = null;
            Instant previous = null;
            for (Node n : mine) {
                if (previous == null || Duration.between(previous, n.at()).compareTo(spec.sessionGap()) > 0) {
                    session = new ArrayList<>();
                    sessions.add(session);
                }
                if (session.isEmpty() || !session.get(session.size() - 1).equals(n.name())) {
                    session.add(n.name());
                }
                previous = n.at();
            }
            for (List<String> s : sessions) {
                int anchor = spec.anchor() == null ? 0 : s.indexOf(spec.anchor());
                if (anchor < 0) {
                    continue;
                }
                List<String> path = spec.endPoint() != null
                        ? s.subList(Math.max(0, anchor - spec.steps() + 1), anchor + 1)
                        : s.subList(anchor, Math.min(s.size(), anchor + spec.steps()));
                counts.merge(List.copyOf(path), 1L, Long::sum);
                break;
            }
        }
        List<PathsResult.Path> paths = new ArrayList<>();
        counts.forEach((nodes, persons) -> paths.add(new PathsResult.Path(nodes, persons)));
        return new PathsResult(paths);
    }

    private static String node(PathsSpec spec, Event e) {
        if (spec.nodes() == PathsSpec.Nodes.URLS) {
            return e.type() == EventType.PAGE ? e.common().url() : null;
        }
        return e.name();
    }

    private record Node(Instant at, String name) {}
}
