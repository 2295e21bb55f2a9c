package dev.lodestar.spi.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One stored event, after validation and clock-skew correction. JSON-valued fields hold JSON object
 * text. The frequently queried properties are extracted into their own fields so that engines can
 * store them as columns.
 *
 * @param messageId unique id from the client (or generated), used for de-duplication
 * @param type the Segment message type
 * @param name event name for track, page/screen name for page and screen, null otherwise
 * @param anonymousId the device or cookie id, may be null when userId is set
 * @param userId the customer's own id, may be null when anonymousId is set
 * @param personKey the identity that stands for the event's person, as {@code type:value}: {@code
 *     user_id:X} when it has a user id, else {@code anonymous_id:Y} (see {@link PersonIds})
 * @param timestamp when the event happened, corrected for client clock skew
 * @param originalTimestamp the timestamp as the client sent it (null when it sent none)
 * @param sentAt when the client sent it, by the client's clock (may be null)
 * @param receivedAt when the server received it
 * @param properties event properties as JSON object text
 * @param traits identify/group traits as JSON object text
 * @param context context object as JSON object text
 * @param source name of the write key (source) that sent it
 */
public record Event(
        String messageId,
        EventType type,
        String name,
        String anonymousId,
        String userId,
        String personKey,
        Instant timestamp,
        Instant originalTimestamp,
        Instant sentAt,
        Instant receivedAt,
        String properties,
        String traits,
        String context,
        String source,
        CommonProperties common) {

    public Event {
        requireNonNull(messageId, "messageId is null");
        requireNonNull(type, "type is null");
        requireNonNull(personKey, "personKey is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(properties, "properties is null");
        requireNonNull(traits, "traits is null");
        requireNonNull(context, "context is null");
        requireNonNull(common, "common is null");
    }

    /**
     * Properties that almost every analysis touches, stored as columns so that no query parses JSON
     * for them. Any field may be null.
     *
     * @param url page URL ({@code properties.url} or {@code context.page.url})
     * @param revenue order value ({@code properties.revenue}, else {@code total}, else {@code value})
     * @param currency ISO currency code
     * @param orderId order id of an order event
     * @param productId product id ({@code properties.product_id})
     * @param category product category
     * @param channel acquisition or campaign channel ({@code properties.channel} or {@code
     *     context.campaign.source})
     * @param groupId group id of a group call
     * @param previousId previous id of an alias call
     */
    public record CommonProperties(
            String url,
            Double revenue,
            String currency,
            String orderId,
            String productId,
            String category,
            String channel,
            String groupId,
            String previousId) {
        public static final CommonProperties NONE =
                new CommonProperties(null, null, null, null, null, null, null, null, null);
    }
}
