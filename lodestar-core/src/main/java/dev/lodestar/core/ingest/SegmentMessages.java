package dev.lodestar.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Turns one Segment tracking-spec message into an {@link Event}: validation, clock-skew
 * correction and extraction of the common properties. This is the one definition of what a valid
 * message is; the engine's bulk loader mirrors it in SQL and a conformance test keeps them equal.
 *
 * <p>Rules (documented in docs/collector.md):
 *
 * <ul>
 *   <li>{@code type} must be one of the six Segment types (the endpoint supplies it for the
 *       single-type paths);
 *   <li>{@code userId} or {@code anonymousId} must be set (strings, or numbers taken as text);
 *   <li>track needs {@code event}, alias needs {@code previousId}, group needs {@code groupId};
 *   <li>{@code properties}, {@code traits} and {@code context} must be JSON objects when present;
 *   <li>timestamps are ISO-8601; one without an offset is taken as UTC;
 *   <li>clock skew: when both {@code timestamp} and {@code sentAt} are known (sentAt may come
 *       from the batch envelope), timestamp := timestamp + (receivedAt - sentAt), as Segment does;
 *       without timestamp, the event happened at receivedAt;
 *   <li>a (corrected) timestamp before 2000-01-01 is rejected; one more than 24 hours after
 *       receivedAt is clamped to receivedAt, and the client's value is kept as original timestamp;
 *   <li>a missing {@code messageId} is generated (random for live traffic; derived from the content
 *       for files, so that loading a file twice does not duplicate it).
 * </ul>
 */
public final class SegmentMessages {
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration MAX_FUTURE = Duration.ofHours(24);
    public static final int MAX_ID_LENGTH = 256;

    private final ObjectMapper mapper;

    public SegmentMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Converts one message.
     *
     * @param node the message
     * @param impliedType the type given by the endpoint ({@code /v1/track}), or null for batch items
     * @param batchSentAt sentAt of the batch envelope, or null
     * @param receivedAt when the server received it
     * @param source the write key's source name
     * @param correctSkew whether to apply clock-skew correction (live traffic) or not (files)
     * @throws MessageRejected when the message is invalid
     */
    public Event toEvent(
            JsonNode node,
            EventType impliedType,
            Instant batchSentAt,
            Instant receivedAt,
            String source,
            boolean correctSkew)
            throws MessageRejected {
        if (node == null || !node.isObject()) {
            throw new MessageRejected("message is not a JSON object, found " + kind(node));
        }
        EventType type = impliedType;
        JsonNode typeNode = node.get("type");
        if (typeNode != null && !typeNode.isNull()) {
            if (!typeNode.isTextual() || EventType.fromWire(typeNode.asText()) == null) {
                throw new MessageRejected("type '" + clip(typeNode.asText())
                        + "' is not one of track, page, screen, identify, group, alias");
            }
            if (impliedType == null) {
                type = EventType.fromWire(typeNode.asText());
            }
        }
        if (type == null) {
            throw new MessageRejected("type is missing (expected one of track, page, screen, identify, group, alias)");
        }
        String userId = id(node, "userId");
        String anonymousId = id(node, "anonymousId");
        if (userId == null && anonymousId == null) {
            throw new MessageRejected("neither userId nor anonymousId is set");
        }
        String name = null;
        JsonNode properties = object(node, "properties");
        JsonNode traits = object(node, "traits");
        JsonNode context = object(node, "context");
        switch (type) {
            case TRACK -> {
                name = text(node, "event");
                if (name == null) {
                    throw new MessageRejected("track message has no 'event' name");
                }
            }
            case PAGE, SCREEN -> {
                name = text(node, "name");
                if (name == null) {
                    name = text(properties, "name");
                }
            }
            case ALIAS -> {
                if (id(node, "previousId") == null) {
                    throw new MessageRejected("alias message has no 'previousId'");
                }
            }
            case GROUP -> {
                if (id(node, "groupId") == null) {
                    throw new MessageRejected("group message has no 'groupId'");
                }
            }
            case IDENTIFY -> {
                if (traits.isEmpty()
                        && context.has("traits")
                        && context.get("traits").isObject()) {
                    traits = context.get("traits"); // analytics.js puts traits in context for some calls
                }
            }
        }
        Instant timestamp = instant(node, "timestamp");
        if (timestamp == null) {
            timestamp = instant(node, "originalTimestamp");
        }
        Instant sentAt = instant(node, "sentAt");
        if (sentAt == null) {
            sentAt = batchSentAt;
        }
        Instant corrected;
        if (timestamp == null) {
            corrected = receivedAt;
        } else if (correctSkew && sentAt != null) {
            corrected = timestamp.plus(Duration.between(sentAt, receivedAt));
        } else {
            corrected = timestamp;
        }
        if (corrected.isBefore(EARLIEST)) {
            throw new MessageRejected("timestamp " + corrected + " is before 2000-01-01");
        }
        if (corrected.isAfter(receivedAt.plus(MAX_FUTURE))) {
            corrected = receivedAt;
        }
        String messageId = id(node, "messageId");
        if (messageId == null) {
            messageId = correctSkew ? UUID.randomUUID().toString() : contentId(node);
        }
        return new Event(
                messageId,
                type,
                name,
                anonymousId,
                userId,
                PersonIds.eventKey(userId, anonymousId),
                corrected,
                timestamp,
                sentAt,
                receivedAt,
                json(properties),
                json(traits),
                json(context),
                source,
                common(properties, context, node));
    }

    private Event.CommonProperties common(JsonNode properties, JsonNode context, JsonNode node) {
        String url = text(properties, "url");
        if (url == null) {
            url = text(context.path("page"), "url");
        }
        Double revenue = number(properties, "revenue");
        if (revenue == null) {
            revenue = number(properties, "total");
        }
        if (revenue == null) {
            revenue = number(properties, "value");
        }
        String orderId = scalar(properties, "order_id");
        if (orderId == null) {
            orderId = scalar(properties, "orderId");
        }
        String productId = scalar(properties, "product_id");
        if (productId == null) {
            productId = scalar(properties, "productId");
        }
        String channel = text(properties, "channel");
        if (channel == null) {
            channel = text(context.path("campaign"), "source");
        }
        return new Event.CommonProperties(
                url,
                revenue,
                text(properties, "currency"),
                orderId,
                productId,
                text(properties, "category"),
                channel,
                scalar(node, "groupId"),
                scalar(node, "previousId"));
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree must serialise", e);
        }
    }

    private String contentId(JsonNode node) {
        return "gen-" + UUID.nameUUIDFromBytes(json(node).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An identifier: a non-blank string or a number, as text; null when absent or blank. */
    private static String id(JsonNode node, String field) throws MessageRejected {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new MessageRejected(field + " must be a string, found " + kind(value));
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_ID_LENGTH) {
            throw new MessageRejected(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return text;
    }

    private static JsonNode object(JsonNode node, String field) throws MessageRejected {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return EMPTY;
        }
        if (!value.isObject()) {
            throw new MessageRejected(field + " must be a JSON object, found " + kind(value));
        }
        return value;
    }

    private static final ObjectNode EMPTY = new ObjectMapper().createObjectNode();

    private static Instant instant(JsonNode node, String field) throws MessageRejected {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MessageRejected(field + " must be an ISO-8601 string, found " + kind(value));
        }
        Instant parsed = parseInstant(value.asText());
        if (parsed == null) {
            throw new MessageRejected(
                    field + " '" + clip(value.asText()) + "' is not ISO-8601 (expected e.g. 2026-01-31T12:00:00Z)");
        }
        return parsed;
    }

    /** Parses ISO-8601 with or without offset (UTC when absent); null when it is not ISO-8601. */
    public static Instant parseInstant(String text) {
        String trimmed = text.strip();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        return value.asText();
    }

    private static String scalar(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null
                || !(value.isTextual() || value.isNumber())
                || value.asText().isBlank()) {
            return null;
        }
        return value.asText();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            // 1e400 parses as infinity, which would make every revenue sum infinite
            double parsed = value.asDouble();
            return Double.isFinite(parsed) ? parsed : null;
        }
        if (value.isTextual()) {
            try {
                double parsed = Double.parseDouble(value.asText().strip());
                return Double.isFinite(parsed) ? parsed : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String clip(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
