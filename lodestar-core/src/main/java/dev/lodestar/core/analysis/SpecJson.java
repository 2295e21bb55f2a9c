package dev.lodestar.core.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.analysis.TimeRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading analysis specs from their JSON form (request bodies, saved analyses), with messages that
 * name the field.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecJson() {}

    /** Parses a JSON object; anything else is an error that says what was expected. */
    public static JsonNode object(String json, String expected) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalid("body must be a JSON object" + expected);
        }
        return node;
    }

    public static String text(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            throw invalid(what + " is missing");
        }
        if (!node.isTextual()) {
            throw invalid(what + " must be text, found " + node);
        }
        return node.asText();
    }

    public static int positiveInt(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            throw invalid(what + " is missing");
        }
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw invalid(what + " must be a positive whole number, found " + node);
        }
        return node.asInt();
    }

    public static LocalDate day(JsonNode body, String name, LocalDate fallback) {
        if (!body.hasNonNull(name)) {
            return fallback;
        }
        String text = body.get(name).asText();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name + " '" + text + "' is not a date (expected e.g. 2026-01-31)");
        }
    }

    /** The range of whole days from {@code from} to {@code to}, both inclusive, in the zone. */
    public static TimeRange days(LocalDate from, LocalDate to, ZoneId zone) {
        if (from.isAfter(to)) {
            throw invalid("from " + from + " is after to " + to);
        }
        return new TimeRange(
                from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    /** A list of property filters ({@code property}, {@code operator}, {@code values}); empty when absent. */
    public static List<PropertyFilter> filters(JsonNode list, String what) {
        List<PropertyFilter> filters = new ArrayList<>();
        if (list == null || list.isNull()) {
            return filters;
        }
        if (!list.isArray()) {
            throw invalid(what + ": filters must be an array");
        }
        for (JsonNode f : list) {
            if (!f.isObject()) {
                throw invalid(what + ": a filter must be an object with property, operator, values");
            }
            JsonNode values = f.get("values");
            List<String> texts = new ArrayList<>();
            if (values != null && values.isArray()) {
                for (JsonNode v : values) {
                    texts.add(v.isValueNode() ? v.asText() : v.toString());
                }
            } else if (f.hasNonNull("value")) {
                texts.add(f.get("value").asText());
            }
            filters.add(new PropertyFilter(
                    text(f.get("property"), what + " filter property"),
                    f.hasNonNull("operator")
                            ? PropertyFilter.Operator.parse(text(f.get("operator"), "operator"))
                            : PropertyFilter.Operator.EQUALS,
                    texts));
        }
        return filters;
    }

    public static LodestarException invalid(String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
