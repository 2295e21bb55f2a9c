package dev.lodestar.testing;

import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import java.time.Instant;

/** Events for tests, as the collector would store them (received when they happened, source "test"). */
public final class TestingEvents {
    private TestingEvents() {}

    public static Event track(String messageId, String userId, String anonymousId, String name, Instant at) {
        return event(messageId, EventType.TRACK, name, userId, anonymousId, "{}", at);
    }

    public static Event identify(String messageId, String userId, String anonymousId, String traits, Instant at) {
        return event(messageId, EventType.IDENTIFY, null, userId, anonymousId, traits, at);
    }

    /**
     * A track call of a signed-in user with a {@code plan} property (or none) and a {@code category}
     * column (or none), for property filters and breakdowns.
     */
    public static Event trackWith(
            String messageId, String userId, String name, Instant at, String category, String plan) {
        return new Event(
                messageId,
                EventType.TRACK,
                name,
                null,
                userId,
                PersonIds.eventKey(userId, null),
                at,
                at,
                null,
                at,
                plan == null ? "{}" : "{\"plan\":\"" + plan + "\"}",
                "{}",
                "{}",
                "test",
                new Event.CommonProperties(null, null, null, null, null, category, null, null, null));
    }

    public static Event event(
            String messageId,
            EventType type,
            String name,
            String userId,
            String anonymousId,
            String traits,
            Instant at) {
        return new Event(
                messageId,
                type,
                name,
                anonymousId,
                userId,
                PersonIds.eventKey(userId, anonymousId),
                at,
                at,
                null,
                at,
                "{}",
                traits,
                "{}",
                "test",
                Event.CommonProperties.NONE);
    }
}
