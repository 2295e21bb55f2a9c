package dev.lodestar.sim.internal;

/** Writing JSON text directly, without object trees: the simulator writes millions of events a second. */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /** Appends a quoted, escaped JSON string, or null. */
    public static void appendString(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u00").append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                        if (c >= 0x100) {
                            sb.setLength(sb.length() - 4);
                            sb.append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]);
                            sb.append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Appends "name":"value" (value escaped), preceded by a comma unless first. */
    public static void field(StringBuilder sb, String name, String value) {
        if (sb.charAt(sb.length() - 1) != '{') {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":");
        appendString(sb, value);
    }

    /** Appends an amount in cents as a JSON number with two decimals, e.g. 12990 as 129.90. */
    public static void appendCents(StringBuilder sb, long cents) {
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        sb.append(cents / 100).append('.');
        long rest = cents % 100;
        if (rest < 10) {
            sb.append('0');
        }
        sb.append(rest);
    }

    /** Appends 128 bits as a lower-case UUID-shaped string (8-4-4-4-12). */
    public static void appendUuid(StringBuilder sb, long hi, long lo) {
        appendHex(sb, hi >>> 32, 8);
        sb.append('-');
        appendHex(sb, hi >>> 16, 4);
        sb.append('-');
        appendHex(sb, hi, 4);
        sb.append('-');
        appendHex(sb, lo >>> 48, 4);
        sb.append('-');
        appendHex(sb, lo, 12);
    }

    private static void appendHex(StringBuilder sb, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(HEX[(int) (value >>> (i * 4)) & 0xF]);
        }
    }
}
