package dev.lodestar.core.imports;

import java.util.Arrays;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * SAX handler for one worksheet part of an .xlsx: turns {@code <row><c r= t= s=><v>} into typed
 * cells (shared and inline strings, numbers, dates by their number format, booleans, cached formula
 * results) without building a sheet in memory.
 */
final class XlsxSheetHandler extends DefaultHandler {
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final RowHandler handler;
    private final Boolean[] dateStyle;

    private final StringBuilder text = new StringBuilder();
    private boolean collecting;
    private boolean inInline;
    private Object[] cells = new Object[16];
    private int width;
    private long rowNumber;
    private long nextRow = 1;
    private int column;
    private int nextColumn;
    private String type;
    private int style;
    private boolean headerSeen;

    XlsxSheetHandler(ReadOnlySharedStringsTable strings, StylesTable styles, RowHandler handler) {
        this.strings = strings;
        this.styles = styles;
        this.handler = handler;
        this.dateStyle = new Boolean[styles == null ? 0 : styles.getNumCellStyles()];
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        switch (localName) {
            case "row" -> {
                String r = attributes.getValue("r");
                rowNumber = r == null ? nextRow : Long.parseLong(r);
                nextRow = rowNumber + 1;
                Arrays.fill(cells, 0, width, null);
                width = 0;
                nextColumn = 0;
            }
            case "c" -> {
                String ref = attributes.getValue("r");
                column = ref == null ? nextColumn : columnOf(ref);
                nextColumn = column + 1;
                type = attributes.getValue("t");
                String s = attributes.getValue("s");
                style = s == null ? -1 : Integer.parseInt(s);
            }
            case "v" -> start();
            case "is" -> inInline = true;
            case "t" -> {
                if (inInline) {
                    if (!collecting) {
                        start();
                    }
                }
            }
            default -> {}
        }
    }

    private void start() {
        collecting = true;
        text.setLength(0);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (collecting) {
            text.append(ch, start, length);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        switch (localName) {
            case "v" -> collecting = false;
            case "t" -> {
                // inline rich text may have several <t> runs: keep collecting until </is>
            }
            case "is" -> {
                inInline = false;
                collecting = false;
            }
            case "c" -> {
                set(column, value());
                collecting = false;
                text.setLength(0);
            }
            case "row" -> endRow();
            default -> {}
        }
    }

    private Object value() {
        String v = text.toString();
        if (type == null || type.equals("n")) {
            if (v.isEmpty()) {
                return null;
            }
            double d = Double.parseDouble(v);
            if (isDateStyle(style) && DateUtil.isValidExcelDate(d)) {
                return DateUtil.getLocalDateTime(d);
            }
            return ExcelRowSource.number(d);
        }
        return switch (type) {
            case "s" ->
                v.isEmpty() ? null : strings.getItemAt(Integer.parseInt(v)).getString();
            case "inlineStr", "str" -> v;
            case "b" -> v.equals("1") || v.equalsIgnoreCase("true");
            case "e" -> null; // #N/A, #DIV/0!: no value
            case "d" -> v; // ISO 8601 date cell (rare, strict OOXML)
            default -> v;
        };
    }

    private boolean isDateStyle(int s) {
        if (s < 0 || styles == null || s >= dateStyle.length) {
            return false;
        }
        Boolean known = dateStyle[s];
        if (known == null) {
            XSSFCellStyle cellStyle = styles.getStyleAt(s);
            known = cellStyle != null
                    && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
            dateStyle[s] = known;
        }
        return known;
    }

    private void set(int c, Object value) {
        if (value == null) {
            return;
        }
        if (c >= cells.length) {
            cells = Arrays.copyOf(cells, Math.max(c + 1, cells.length * 2));
        }
        cells[c] = value;
        width = Math.max(width, c + 1);
    }

    private void endRow() {
        boolean empty = true;
        for (int i = 0; i < width && empty; i++) {
            empty = cells[i] == null || (cells[i] instanceof String s && s.isBlank());
        }
        if (empty) {
            return;
        }
        Object[] row = Arrays.copyOf(cells, width);
        if (!headerSeen) {
            headerSeen = true;
            handler.header(ExcelRowSource.headerOf(row));
        } else if (!handler.row(rowNumber, row)) {
            throw new ExcelRowSource.Stop();
        }
    }

    @Override
    public void endDocument() {
        if (!headerSeen) {
            throw new dev.lodestar.spi.LodestarException(
                    dev.lodestar.spi.ErrorCode.INVALID_FILE, "the sheet is empty (expected a header row)");
        }
        handler.end();
    }

    private static int columnOf(String ref) {
        int end = 0;
        while (end < ref.length() && Character.isLetter(ref.charAt(end))) {
            end++;
        }
        return CellReference.convertColStringToIndex(ref.substring(0, end));
    }
}
