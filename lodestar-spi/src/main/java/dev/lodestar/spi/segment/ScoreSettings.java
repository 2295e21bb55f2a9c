package dev.lodestar.spi.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How person scores are computed (see {@code docs/rfm-and-scores.md} for every definition and the
 * reasons for the defaults). A day is 86,400 seconds counted back from the "as of" instant, and
 * every window is half-open, {@code (asOf - days, asOf]}.
 *
 * @param rfmWindowDays orders in the last this many days count for RFM and value tiers
 * @param orderEvent the track event that is an order; its {@code revenue} is the order's value
 * @param activeDays a person with an event in the last this many days is active
 * @param churnDays a person without an event in the last this many days is churned; in between,
 *     silent
 * @param newDays a person first seen in the last this many days is new
 * @param resurrectGapDays a returning person is resurrected when their first event of the active
 *     period came at least this many days after the event before it
 * @param interestHalfLifeDays an interest event's weight halves every this many days
 * @param interests the interest dimensions, each a property of some events
 */
public record ScoreSettings(
        int rfmWindowDays,
        String orderEvent,
        int activeDays,
        int churnDays,
        int newDays,
        int resurrectGapDays,
        double interestHalfLifeDays,
        List<InterestDimension> interests) {
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_]{1,100}");

    public static final ScoreSettings DEFAULT = new ScoreSettings(
            365,
            "Order Completed",
            30,
            90,
            30,
            90,
            30,
            List.of(new InterestDimension(
                    "category",
                    "category",
                    orderedWeights("Product Viewed", 1, "Product Added", 3, "Order Completed", 5))));

    public ScoreSettings {
        requireNonNull(orderEvent, "order event is null");
        requireNonNull(interests, "interests is null");
        interests = List.copyOf(interests);
        days("rfm window", rfmWindowDays);
        days("active", activeDays);
        days("churn", churnDays);
        days("new", newDays);
        days("resurrect gap", resurrectGapDays);
        if (orderEvent.isBlank() || orderEvent.length() > 200) {
            throw invalid("order event name must be 1 to 200 characters");
        }
        if (churnDays <= activeDays) {
            throw invalid("churn threshold (" + churnDays + " days) must be longer than the active threshold ("
                    + activeDays + " days)");
        }
        if (!(interestHalfLifeDays > 0 && interestHalfLifeDays <= 3660)) {
            throw invalid("interest half-life must be more than 0 and at most 3660 days, got " + interestHalfLifeDays);
        }
        if (interests.size() > 20) {
            throw invalid("at most 20 interest dimensions, got " + interests.size());
        }
        if (interests.stream().map(InterestDimension::name).distinct().count() != interests.size()) {
            throw invalid("interest dimension names must be distinct");
        }
    }

    /**
     * One interest dimension: the values of {@code property} on the listed events, each event
     * weighted. A value is the event's top-level property, and also the property of each element of
     * its {@code products} array (the Segment e-commerce spec puts an order's categories there).
     *
     * @param name the dimension's name, {@code interest.<name>} in segments
     * @param property the property holding the value (letters, digits, underscore)
     * @param weights event name to weight, in the order given
     */
    public record InterestDimension(String name, String property, Map<String, Double> weights) {
        public InterestDimension {
            requireNonNull(name, "interest dimension name is null");
            requireNonNull(property, "interest property is null");
            requireNonNull(weights, "interest weights is null");
            if (!PROPERTY.matcher(name).matches()) {
                throw invalid("interest dimension name '" + shorten(name)
                        + "' must be 1 to 100 letters, digits or underscores");
            }
            if (!PROPERTY.matcher(property).matches()) {
                throw invalid("interest property '" + shorten(property)
                        + "' must be 1 to 100 letters, digits or underscores");
            }
            if (weights.isEmpty() || weights.size() > 50) {
                throw invalid("interest dimension '" + name + "' needs 1 to 50 weighted events, got " + weights.size());
            }
            weights.forEach((event, weight) -> {
                requireNonNull(event, "interest event is null");
                if (event.isBlank() || event.length() > 200) {
                    throw invalid("interest event name must be 1 to 200 characters");
                }
                if (weight == null || !(weight > 0) || weight > 1e6) {
                    throw invalid("weight of '" + event + "' must be more than 0 and at most 1000000, got " + weight);
                }
            });
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }
    }

    private static Map<String, Double> orderedWeights(
            String e1, double w1, String e2, double w2, String e3, double w3) {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put(e1, w1);
        weights.put(e2, w2);
        weights.put(e3, w3);
        return weights;
    }

    private static void days(String what, int days) {
        if (days < 1 || days > 3660) {
            throw invalid(what + " must be 1 to 3660 days, got " + days);
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static LodestarException invalid(String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
