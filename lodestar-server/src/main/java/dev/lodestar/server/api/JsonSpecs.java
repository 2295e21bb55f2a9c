package dev.lodestar.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading analysis specs from JSON request bodies, with messages that name the field. */
final class JsonSpecs {
    private JsonSpecs() {}

    static String text(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            throw invalid(what + " is missing");
        }
        if (!node.isTextual()) {
            throw invalid(what + " must be text, found " + node);
        }
        return node.asText();
    }

    static int positiveInt(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            throw invalid(what + " is missing");
        }
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw invalid(what + " must be a positive whole number, found " + node);
        }
        return node.asInt();
    }

    static LocalDate day(JsonNode body, String name, LocalDate fallback) {
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

    static LodestarException invalid(String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
