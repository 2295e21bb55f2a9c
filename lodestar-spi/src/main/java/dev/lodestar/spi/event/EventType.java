package dev.lodestar.spi.event;

import java.util.Locale;

/** The six message types of the Segment tracking spec. */
public enum EventType {
    TRACK,
    PAGE,
    SCREEN,
    IDENTIFY,
    GROUP,
    ALIAS;

    /** The lower-case wire name, as Segment writes it ({@code "track"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; returns null when it is not one of the six types. */
    public static EventType fromWire(String name) {
        if (name == null) {
            return null;
        }
        for (EventType type : values()) {
            if (type.wireName().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
