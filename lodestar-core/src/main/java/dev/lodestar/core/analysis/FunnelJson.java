package dev.lodestar.core.analysis;

import static dev.lodestar.core.analysis.SpecJson.day;
import static dev.lodestar.core.analysis.SpecJson.invalid;
import static dev.lodestar.core.analysis.SpecJson.positiveInt;
import static dev.lodestar.core.analysis.SpecJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.spi.analysis.FunnelBreakdown;
import dev.lodestar.spi.analysis.FunnelExclusion;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.FunnelStep;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A funnel spec in its JSON form, as {@code POST /api/funnel} accepts it and saved funnels keep it:
 *
 * <pre>{@code
 * {"steps": [{"event": "Product Viewed", "filters": [{"property": "category", "operator": "equals", "values": ["数码"]}]},
 *            {"event": "Order Completed"}],
 *  "order": "ordered",                 // ordered | strict | unordered (default ordered)
 *  "window": "P7D",                    // ISO-8601 duration, or "windowSeconds": 604800 (default 14 days)
 *  "from": "2026-01-01", "to": "2026-01-31",   // calendar days in the project zone, inclusive (default: last 30 days)
 *  "exclusions": [{"event": "Coupon Removed", "fromStep": 1, "toStep": 2}],
 *  "breakdown": {"property": "channel", "attribution": "first_touch", "step": 2},  // attribution: first_touch | last_touch | step
 *  "breakdownLimit": 10}               // values beyond the first N are summed into "(other)"
 * }</pre>
 *
 * Every error is an {@code INVALID_ARGUMENT} that names the field.
 */
public final class FunnelJson {
    private FunnelJson() {}

    /**
     * A funnel read from JSON.
     *
     * @param spec the funnel
     * @param from the first day of the range, in the zone
     * @param to the last day of the range, in the zone
     * @param breakdownLimit how many breakdown values to show before "(other)"
     */
    public record Request(FunnelSpec spec, LocalDate from, LocalDate to, int breakdownLimit) {
        /** The number of days of the range. */
        public long days() {
            return java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
        }
    }

    /** Reads a funnel; without {@code from} and {@code to}, the range is the 30 days ending {@code today}. */
    public static Request read(JsonNode body, ZoneId zone, LocalDate today) {
        try {
            LocalDate toDay = day(body, "to", today);
            LocalDate fromDay = day(body, "from", toDay.minusDays(29));
            TimeRange range = SpecJson.days(fromDay, toDay, zone);
            int limit = body.has("breakdownLimit") ? positiveInt(body.get("breakdownLimit"), "breakdownLimit") : 10;
            FunnelSpec spec = new FunnelSpec(
                    steps(body.get("steps")),
                    body.hasNonNull("order")
                            ? FunnelSpec.Order.parse(text(body.get("order"), "order"))
                            : FunnelSpec.Order.ORDERED,
                    window(body),
                    range,
                    exclusions(body.get("exclusions")),
                    breakdown(body.get("breakdown")));
            return new Request(spec, fromDay, toDay, limit);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static List<FunnelStep> steps(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("steps are missing (expected an array of 2 to 20 steps)");
        }
        if (!node.isArray()) {
            throw invalid("steps must be an array of 2 to 20 steps");
        }
        if (node.size() < 2 || node.size() > FunnelSpec.MAX_STEPS) {
            throw invalid("steps must be 2 to " + FunnelSpec.MAX_STEPS + ", found " + node.size());
        }
        List<FunnelStep> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            steps.add(step(node.get(i), "step " + (i + 1)));
        }
        return steps;
    }

    private static FunnelStep step(JsonNode node, String what) {
        if (node.isTextual()) {
            return FunnelStep.of(node.asText());
        }
        if (!node.isObject() || !node.hasNonNull("event")) {
            throw invalid(what + " must be an event name or an object with \"event\"");
        }
        List<PropertyFilter> filters = SpecJson.filters(node.get("filters"), what);
        return new FunnelStep(text(node.get("event"), what + " event"), filters);
    }

    private static Duration window(JsonNode body) {
        if (body.hasNonNull("windowSeconds")) {
            JsonNode seconds = body.get("windowSeconds");
            if (!seconds.canConvertToLong()) {
                throw invalid("windowSeconds must be a whole number of seconds, found " + seconds);
            }
            return Duration.ofSeconds(seconds.asLong());
        }
        if (body.hasNonNull("window")) {
            String text = text(body.get("window"), "window");
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid("window '" + text + "' is not an ISO-8601 duration (expected e.g. P14D or PT30M)");
            }
        }
        return null;
    }

    private static List<FunnelExclusion> exclusions(JsonNode node) {
        List<FunnelExclusion> exclusions = new ArrayList<>();
        if (node == null || node.isNull()) {
            return exclusions;
        }
        if (!node.isArray()) {
            throw invalid("exclusions must be an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String what = "exclusion " + (i + 1);
            FunnelStep event = step(e, what);
            exclusions.add(new FunnelExclusion(
                    event,
                    positiveInt(e.get("fromStep"), what + " fromStep"),
                    positiveInt(e.get("toStep"), what + " toStep")));
        }
        return exclusions;
    }

    private static FunnelBreakdown breakdown(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new FunnelBreakdown(node.asText(), FunnelBreakdown.Attribution.FIRST_TOUCH, 0);
        }
        FunnelBreakdown.Attribution attribution = node.hasNonNull("attribution")
                ? FunnelBreakdown.Attribution.parse(text(node.get("attribution"), "attribution"))
                : FunnelBreakdown.Attribution.FIRST_TOUCH;
        int step =
                attribution == FunnelBreakdown.Attribution.STEP ? positiveInt(node.get("step"), "breakdown step") : 0;
        return new FunnelBreakdown(text(node.get("property"), "breakdown property"), attribution, step);
    }
}
