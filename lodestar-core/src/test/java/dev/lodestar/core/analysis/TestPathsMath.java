package dev.lodestar.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.core.analysis.PathsMath.Link;
import dev.lodestar.core.analysis.PathsMath.Node;
import dev.lodestar.core.analysis.PathsMath.Sankey;
import dev.lodestar.spi.analysis.PathsResult;
import dev.lodestar.spi.analysis.PathsResult.Path;
import dev.lodestar.spi.analysis.PathsSpec;
import dev.lodestar.spi.analysis.TimeRange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPathsMath {
    private static final TimeRange RANGE = new TimeRange(
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"), ZoneId.of("UTC"));
    private static final PathsResult PATHS = new PathsResult(List.of(
            new Path(List.of("Home", "Pricing", "Signed Up"), 5),
            new Path(List.of("Home", "Pricing"), 3),
            new Path(List.of("Home", "Docs", "Pricing"), 2),
            new Path(List.of("Home", "Blog"), 1)));

    @Test
    void withoutLimitsFlowsAddUp() {
        PathsSpec spec = new PathsSpec(PathsSpec.Nodes.EVENTS, "Home", null, 3, null, RANGE);
        Sankey sankey = PathsMath.sankey(spec, PATHS, 100, 100);
        assertThat(sankey.nodes())
                .containsExactly(
                        new Node(0, "Home", 11, 0),
                        new Node(1, "Pricing", 8, 3),
                        new Node(1, "Docs", 2, 0),
                        new Node(1, "Blog", 1, 1),
                        new Node(2, "Signed Up", 5, 5),
                        new Node(2, "Pricing", 2, 2));
        assertThat(sankey.links())
                .containsExactly(
                        new Link(0, "Home", "Pricing", 8),
                        new Link(0, "Home", "Docs", 2),
                        new Link(0, "Home", "Blog", 1),
                        new Link(1, "Pricing", "Signed Up", 5),
                        new Link(1, "Docs", "Pricing", 2));
        assertThat(PathsMath.dropOffPerStep(sankey, 3)).containsExactly(0L, 4L, 7L);
    }

    @Test
    void limitsSendTheRestToOther() {
        PathsSpec spec = new PathsSpec(PathsSpec.Nodes.EVENTS, "Home", null, 3, null, RANGE);
        // one node per step: Docs and Blog become (other) at step 1
        Sankey nodes = PathsMath.sankey(spec, PATHS, 1, 100);
        assertThat(nodes.nodes())
                .extracting(Node::step, Node::name, Node::persons)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "Home", 11L),
                        org.assertj.core.groups.Tuple.tuple(1, "Pricing", 8L),
                        org.assertj.core.groups.Tuple.tuple(1, PathsMath.OTHER, 3L),
                        org.assertj.core.groups.Tuple.tuple(2, "Signed Up", 5L),
                        org.assertj.core.groups.Tuple.tuple(2, PathsMath.OTHER, 2L));
        // two edges: Home→Pricing and Pricing→Signed Up; the persons of the others continue as (other)
        Sankey edges = PathsMath.sankey(spec, PATHS, 100, 2);
        assertThat(edges.links())
                .containsExactly(
                        new Link(0, "Home", "Pricing", 8),
                        new Link(0, "Home", PathsMath.OTHER, 3),
                        new Link(1, "Pricing", "Signed Up", 5),
                        new Link(1, PathsMath.OTHER, PathsMath.OTHER, 2));
        long persons = edges.nodes().stream()
                .filter(n -> n.step() == 0)
                .mapToLong(Node::persons)
                .sum();
        assertThat(persons).isEqualTo(PATHS.persons());
    }

    @Test
    void endPointPathsAlignOnTheRight() {
        PathsSpec spec = new PathsSpec(PathsSpec.Nodes.EVENTS, null, "Pricing", 3, null, RANGE);
        PathsResult before = new PathsResult(
                List.of(new Path(List.of("Home", "Docs", "Pricing"), 2), new Path(List.of("Home", "Pricing"), 3)));
        Sankey sankey = PathsMath.sankey(spec, before, 10, 10);
        assertThat(sankey.nodes())
                .containsExactly(
                        new Node(0, "Home", 2, 0),
                        new Node(1, "Home", 3, 0),
                        new Node(1, "Docs", 2, 0),
                        new Node(2, "Pricing", 5, 5));
    }
}
