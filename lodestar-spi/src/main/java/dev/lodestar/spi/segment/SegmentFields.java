package dev.lodestar.spi.segment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The computed person-level fields a segment can use besides declared traits ({@code trait.*}).
 * Engines compute them (see {@code docs/segments.md}); the parser checks names against this list and
 * the engine's declared traits.
 */
public final class SegmentFields {

    /** The kind of value a field holds. */
    public enum Type {
        TEXT,
        NUMBER
    }

    /**
     * A computed field.
     *
     * @param allowed the values a text field can take, or empty when open
     */
    public record Computed(Field field, Type type, List<String> allowed, String description) {}

    /** The eleven named RFM segments, in the order of the documented rule table. */
    public static final List<String> RFM_SEGMENTS = List.of(
            "Champions",
            "Loyal Customers",
            "Potential Loyalist",
            "New Customers",
            "Promising",
            "Need Attention",
            "About To Sleep",
            "At Risk",
            "Can't Lose Them",
            "Hibernating",
            "Lost");

    public static final List<Computed> ALL = List.of(
            text("rfm", "segment", RFM_SEGMENTS, "named RFM segment of a buyer"),
            number("rfm", "r", "recency score 1-5 (5 = most recent)"),
            number("rfm", "f", "frequency score 1-5 (5 = most orders)"),
            number("rfm", "m", "monetary score 1-5 (5 = most revenue)"),
            number("rfm", "recency_days", "days since the last order"),
            number("rfm", "frequency", "orders in the window"),
            number("rfm", "monetary", "revenue in the window"),
            number("value", "decile", "revenue decile 1-10 (1 = top 10% of buyers)"),
            text("value", "abc", List.of("A", "B", "C"), "Pareto class by cumulative revenue"),
            text("activity", "state", List.of("active", "silent", "churned"), "activity state"),
            text(
                    "lifecycle",
                    "stage",
                    List.of("new", "active", "at_risk", "churned", "resurrected"),
                    "lifecycle stage"),
            number("person", "events", "events ever"),
            number("person", "days_since_first_seen", "days since the first event"),
            number("person", "days_since_last_seen", "days since the last event"));

    /** Namespace whose names are open: {@code interest.<dimension>} compares a person's top tags. */
    public static final String INTEREST = "interest";

    private static final Map<String, Computed> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(c -> c.field().toString(), Function.identity()));

    private SegmentFields() {}

    public static Optional<Computed> computed(Field field) {
        return Optional.ofNullable(BY_NAME.get(field.toString()));
    }

    private static Computed text(String namespace, String name, List<String> allowed, String description) {
        return new Computed(new Field(namespace, name), Type.TEXT, allowed, description);
    }

    private static Computed number(String namespace, String name, String description) {
        return new Computed(new Field(namespace, name), Type.NUMBER, List.of(), description);
    }
}
