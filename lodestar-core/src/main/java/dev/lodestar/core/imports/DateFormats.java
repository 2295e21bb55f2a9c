package dev.lodestar.core.imports;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * The accepted formats of one date column. A value is tried against each format in order (the last
 * format that matched first, since a column rarely changes format from row to row); strict
 * resolution, so {@code 2026-02-30} is refused rather than moved to March. Cells that already hold
 * a date (Excel date cells, SQL dates and timestamps) need no format. Values without an offset are
 * in the mapping's zone.
 *
 * <p>Format names: java.time patterns ({@code yyyy/M/d H:mm}, {@code yyyy年M月d日}), {@code iso}
 * (ISO-8601 with or without offset, or a date), {@code excel} (an Excel serial day number such as
 * {@code 45678.5}), {@code epoch_seconds}, {@code epoch_millis}.
 */
public final class DateFormats {
    /** The formats used when a mapping gives none: the ones seen in Chinese exports. */
    public static final List<String> DEFAULTS = List.of(
            "iso",
            "yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-dd HH:mm",
            "yyyy/M/d H:mm:ss",
            "yyyy/M/d H:mm",
            "yyyy/M/d",
            "yyyy年M月d日 H:mm:ss",
            "yyyy年M月d日 H:mm",
            "yyyy年M月d日",
            "yyyyMMdd",
            "yyyy.M.d",
            "yyyy-MM-dd HH:mm:ss.SSS");

    private final List<String> names;
    private final Format[] formats;
    private final ZoneId zone;
    private final boolean excel;
    private int last;

    public DateFormats(List<String> names, ZoneId zone) {
        this.names = List.copyOf(names.isEmpty() ? DEFAULTS : names);
        this.zone = zone;
        List<Format> list = new ArrayList<>();
        boolean serial = false;
        for (String name : this.names) {
            switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "iso" -> {
                    list.add(new Pattern(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                    list.add(new Pattern(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
                    list.add(new Pattern(DateTimeFormatter.ISO_LOCAL_DATE));
                }
                case "excel" -> {
                    serial = true;
                    list.add(new Epoch(0));
                }
                case "epoch_seconds" -> list.add(new Epoch(1));
                case "epoch_millis" -> list.add(new Epoch(1000));
                default -> {
                    try {
                        list.add(new Pattern(DateTimeFormatter.ofPattern(strictYears(name.strip()), Locale.ROOT)
                                .withResolverStyle(ResolverStyle.STRICT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("date format '" + name
                                + "' is not a java.time pattern (expected e.g. yyyy/M/d H:mm, iso, excel): "
                                + e.getMessage());
                    }
                }
            }
        }
        this.formats = list.toArray(new Format[0]);
        this.excel = serial;
    }

    /** The format names, as given or the defaults. */
    public List<String> names() {
        return names;
    }

    /**
     * Parses a cell: a {@code LocalDateTime}, {@code LocalDate} or {@code Instant} cell as it is, a
     * number as an Excel serial day or epoch when such a format is listed, text by the formats.
     * Returns a {@code LocalDateTime} (no offset in the value) or an {@code Instant}; null when no
     * format matches.
     */
    public Object parse(Object cell) {
        if (cell instanceof LocalDateTime || cell instanceof Instant) {
            return cell;
        }
        if (cell instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        String text = Cells.text(cell).strip();
        if (text.isEmpty()) {
            return null;
        }
        int n = formats.length;
        for (int k = 0; k < n; k++) {
            int i = (last + k) % n;
            Object parsed = formats[i].parse(text);
            if (parsed != null) {
                last = i;
                return parsed;
            }
        }
        return null;
    }

    /** Parses to an instant (local values in the zone); null when unparseable. */
    public Instant instant(Object cell) {
        Object parsed = parse(cell);
        if (parsed instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant();
        }
        return (Instant) parsed;
    }

    /** Parses to a date (instants taken in the zone); null when unparseable. */
    public LocalDate date(Object cell) {
        Object parsed = parse(cell);
        if (parsed instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        return parsed == null ? null : ((Instant) parsed).atZone(zone).toLocalDate();
    }

    boolean acceptsExcelSerial() {
        return excel;
    }

    /** {@code y} (year of era) resolves strictly only with an era: use {@code u} outside quotes. */
    static String strictYears(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            b.append(!quoted && c == 'y' ? 'u' : c);
        }
        return b.toString();
    }

    private interface Format {
        Object parse(String text);
    }

    private record Pattern(DateTimeFormatter formatter) implements Format {
        @Override
        public Object parse(String text) {
            ParsePosition position = new ParsePosition(0);
            // parseUnresolved fails without an exception: most misses cost nothing
            if (formatter.parseUnresolved(text, position) == null
                    || position.getErrorIndex() >= 0
                    || position.getIndex() != text.length()) {
                return null;
            }
            TemporalAccessor t;
            try {
                t = formatter.parse(text);
            } catch (DateTimeException e) {
                return null; // out of range: month 13, 30 February
            }
            LocalDate date = t.query(TemporalQueries.localDate());
            if (date == null) {
                return null;
            }
            LocalTime time = t.query(TemporalQueries.localTime());
            ZoneOffset offset = t.query(TemporalQueries.offset());
            LocalDateTime local = time == null ? date.atStartOfDay() : date.atTime(time);
            return offset == null ? local : local.toInstant(offset);
        }
    }

    /** scale 0: Excel serial days; 1: epoch seconds; 1000: epoch milliseconds. */
    private record Epoch(int scale) implements Format {
        @Override
        public Object parse(String text) {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(value)) {
                return null;
            }
            if (scale == 0) {
                return DateUtil.isValidExcelDate(value) && value < 2_958_466 ? DateUtil.getLocalDateTime(value) : null;
            }
            double seconds = value / scale;
            if (Math.abs(seconds) > 1e11) {
                return null;
            }
            return Instant.ofEpochMilli(Math.round(seconds * 1000));
        }
    }
}
