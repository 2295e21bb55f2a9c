package dev.lodestar.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.analysis.SpecJson;
import dev.lodestar.spi.LodestarException;
import java.time.LocalDate;

/** Reading analysis specs from JSON request bodies: the routes' names for {@link SpecJson}. */
final class JsonSpecs {
    private JsonSpecs() {}

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
