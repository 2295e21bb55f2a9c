package dev.lodestar.sim.internal;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ISO-8601 text of epoch micros with millisecond precision and the zone's offset. */
public final class Timestamps {
    private Timestamps() {}

    public static void appendIso(StringBuilder sb, long micros, ZoneOffset offset) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int millis = (int) (Math.floorMod(micros, 1_000_000L) / 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, offset);
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue());
        sb.append('-');
        two(sb, t.getDayOfMonth());
        sb.append('T');
        two(sb, t.getHour());
        sb.append(':');
        two(sb, t.getMinute());
        sb.append(':');
        two(sb, t.getSecond());
        sb.append('.');
        if (millis < 100) {
            sb.append('0');
        }
        if (millis < 10) {
            sb.append('0');
        }
        sb.append(millis);
        sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    }

    public static String iso(long micros, ZoneOffset offset) {
        StringBuilder sb = new StringBuilder(29);
        appendIso(sb, micros, offset);
        return sb.toString();
    }

    private static void two(StringBuilder sb, int value) {
        if (value < 10) {
            sb.append('0');
        }
        sb.append(value);
    }
}
