package dev.lodestar.sim.internal;

import java.util.Arrays;

/**
 * Events of one chunk of persons in columns, ready for the DuckDB appender or a JSON writer. JSON
 * valued columns hold JSON object text.
 */
public final class EventBatch {
    public static final String TRACK = "track";
    public static final String PAGE = "page";
    public static final String SCREEN = "screen";
    public static final String IDENTIFY = "identify";
    public static final String ALIAS = "alias";
    public static final String EMPTY = "{}";

    /** The message id as text (UUID-shaped). */
    public String messageId(int i) {
        StringBuilder sb = new StringBuilder(36);
        Json.appendUuid(sb, idHigh[i], idLow[i]);
        return sb.toString();
    }

    public int size;
    public String[] type = new String[0];
    public String[] event = new String[0];
    public String[] name = new String[0];
    public Who[] who = new Who[0];
    public long[] idHigh = new long[0];
    public long[] idLow = new long[0];
    public long[] timestamp = new long[0];
    public long[] sentAt = new long[0];
    public String[] properties = new String[0];
    public String[] traits = new String[0];
    public String[] previousId = new String[0];
    public long orders;

    public EventBatch(int capacity) {
        grow(Math.max(16, capacity));
    }

    public void add(
            long idHigh,
            long idLow,
            String type,
            String event,
            String name,
            Who who,
            long timestamp,
            long sentAt,
            String properties,
            String traits,
            String previousId) {
        if (size == this.type.length) {
            grow(size * 2);
        }
        int i = size++;
        this.idHigh[i] = idHigh;
        this.idLow[i] = idLow;
        this.type[i] = type;
        this.event[i] = event;
        this.name[i] = name;
        this.who[i] = who;
        this.timestamp[i] = timestamp;
        this.sentAt[i] = sentAt;
        this.properties[i] = properties;
        this.traits[i] = traits;
        this.previousId[i] = previousId;
    }

    private void grow(int capacity) {
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        type = Arrays.copyOf(type, capacity);
        event = Arrays.copyOf(event, capacity);
        name = Arrays.copyOf(name, capacity);
        who = Arrays.copyOf(who, capacity);
        timestamp = Arrays.copyOf(timestamp, capacity);
        sentAt = Arrays.copyOf(sentAt, capacity);
        properties = Arrays.copyOf(properties, capacity);
        traits = Arrays.copyOf(traits, capacity);
        previousId = Arrays.copyOf(previousId, capacity);
    }
}
