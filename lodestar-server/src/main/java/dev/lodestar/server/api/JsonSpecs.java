package dev.lodestar.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.LodestarException;
import java.time.LocalDate;

/** Reading analysis specs from JSON request bodies: the routes' names for {@link SpecJson}. */
final class JsonSpecs {
    private JsonSpecs() {}

    /** The request body as a JSON object. */
    static JsonNode object(String body) {
        return SpecJson.object(body, "");
    }

    /** An optional text field: null when absent or JSON null. */
    static String optionalText(JsonNode body, String name) {
        return body.hasNonNull(name) ? text(body.get(name), name) : null;
    }

    static String text(JsonNode node, String what) {
        return SpecJson.text(node, what);
    }

    static int positiveInt(JsonNode node, String what) {
        return SpecJson.positiveInt(node, what);
    }

    static LocalDate day(JsonNode body, String name, LocalDate fallback) {
        return SpecJson.day(body, name, fallback);
    }

    static LodestarException invalid(String message) {
        return SpecJson.invalid(message);
    }
}
