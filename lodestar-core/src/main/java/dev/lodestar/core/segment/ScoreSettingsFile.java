package dev.lodestar.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.config.ConfigFile;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.ScoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Score settings from the data directory's {@code scores.yaml} (or {@code scores.json}), each key
 * replacing its default ({@link ScoreSettings#DEFAULT}); without a file the defaults hold.
 *
 * <pre>{@code
 * rfmWindowDays: 365          # orders in this window count for RFM and value tiers
 * orderEvent: Order Completed
 * activeDays: 30              # active: an event in the last 30 days
 * churnDays: 90               # churned: none in 90 days; in between, silent
 * newDays: 30
 * resurrectGapDays: 90
 * interestHalfLifeDays: 30
 * interests:                  # replaces the default list
 *   - name: category
 *     property: category
 *     weights: {Product Viewed: 1, Product Added: 3, Order Completed: 5}
 *   - name: brand
 *     property: brand
 *     weights: {Product Viewed: 1, Order Completed: 5}
 * }</pre>
 *
 * A mistake stops the start with a message naming the file and the key.
 */
public final class ScoreSettingsFile {
    /** The file names looked for, in this order. */
    public static final List<String> NAMES = List.of("scores.yaml", "scores.yml", "scores.json");

    private static final Set<String> KEYS = Set.of(
            "rfmWindowDays",
            "orderEvent",
            "activeDays",
            "churnDays",
            "newDays",
            "resurrectGapDays",
            "interestHalfLifeDays",
            "interests");
    private static final Set<String> INTEREST_KEYS = Set.of("name", "property", "weights");

    private ScoreSettingsFile() {}

    public static ScoreSettings load(Path dataDirectory) {
        return ConfigFile.find(dataDirectory, NAMES)
                .map(ScoreSettingsFile::read)
                .orElse(ScoreSettings.DEFAULT);
    }

    public static ScoreSettings read(Path file) {
        JsonNode root = ConfigFile.readMapping(file, KEYS);
        ScoreSettings d = ScoreSettings.DEFAULT;
        if (root == null) {
            return d;
        }
        try {
            return new ScoreSettings(
                    days(file, root, "rfmWindowDays", d.rfmWindowDays()),
                    root.has("orderEvent")
                            ? ConfigFile.text(file, root.get("orderEvent"), "orderEvent")
                            : d.orderEvent(),
                    days(file, root, "activeDays", d.activeDays()),
                    days(file, root, "churnDays", d.churnDays()),
                    days(file, root, "newDays", d.newDays()),
                    days(file, root, "resurrectGapDays", d.resurrectGapDays()),
                    root.has("interestHalfLifeDays")
                            ? number(file, root.get("interestHalfLifeDays"), "interestHalfLifeDays")
                            : d.interestHalfLifeDays(),
                    root.has("interests") ? interests(file, root.get("interests")) : d.interests());
        } catch (LodestarException e) {
            if (e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw ConfigFile.fail(file, e.getMessage());
        }
    }

    private static List<ScoreSettings.InterestDimension> interests(Path file, JsonNode node) {
        if (!node.isArray()) {
            throw ConfigFile.fail(file, "interests must be a list of {name, property, weights}");
        }
        List<ScoreSettings.InterestDimension> dimensions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode dimension = node.get(i);
            String where = "interests[" + i + "]";
            if (!dimension.isObject()) {
                throw ConfigFile.fail(file, where + " must be a mapping with keys " + INTEREST_KEYS);
            }
            ConfigFile.checkKeys(file, dimension, INTEREST_KEYS, where + ".");
            JsonNode weights = dimension.get("weights");
            if (weights == null || !weights.isObject()) {
                throw ConfigFile.fail(file, where + ".weights must map event names to weights");
            }
            Map<String, Double> byEvent = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = weights.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> weight = it.next();
                byEvent.put(weight.getKey(), number(file, weight.getValue(), where + ".weights." + weight.getKey()));
            }
            dimensions.add(new ScoreSettings.InterestDimension(
                    ConfigFile.text(file, dimension.get("name"), where + ".name"),
                    ConfigFile.text(file, dimension.get("property"), where + ".property"),
                    byEvent));
        }
        return dimensions;
    }

    private static int days(Path file, JsonNode root, String key, int fallback) {
        if (!root.has(key)) {
            return fallback;
        }
        JsonNode node = root.get(key);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ConfigFile.fail(file, key + " must be a whole number of days, found " + node);
        }
        return node.intValue();
    }

    private static double number(Path file, JsonNode node, String what) {
        if (node == null || !node.isNumber()) {
            throw ConfigFile.fail(file, what + " must be a number, found " + node);
        }
        return node.doubleValue();
    }
}
