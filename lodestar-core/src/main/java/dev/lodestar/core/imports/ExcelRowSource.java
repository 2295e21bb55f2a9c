package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * One sheet of an Excel workbook. {@code .xlsx} is streamed with POI's SAX event API ({@link
 * XSSFReader}): memory stays bounded whatever the number of rows (the shared-strings table is held,
 * as Excel needs it). {@code .xls} (at most 65,536 rows) is read with HSSF. The first non-empty row
 * is the header; positions are the sheet's 1-based row numbers as Excel shows them. Cells with a
 * date format come as {@link LocalDateTime}, other numbers as {@code Long} when integral (phones,
 * ids) else {@code Double}, booleans as {@code Boolean}, formulas as their cached result.
 */
public final class ExcelRowSource implements RowSource {
    private final Path file;
    private final String sheet;

    /**
     * @param file an .xlsx or .xls file
     * @param sheet the sheet name, or its 1-based index as digits, or null for the first sheet
     */
    public ExcelRowSource(Path file, String sheet) {
        this.file = requireNonNull(file, "file is null");
        this.sheet = sheet == null || sheet.isBlank() ? null : sheet.strip();
    }

    static boolean isExcel(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".xlsx") || name.endsWith(".xlsm") || name.endsWith(".xls");
    }

    @Override
    public String name() {
        return file.getFileName().toString() + (sheet == null ? "" : "[" + sheet + "]");
    }

    @Override
    public void read(RowHandler handler) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xls")) {
                readXls(handler);
            } else {
                readXlsx(handler);
            }
        } catch (Stop stop) {
            // the handler asked to stop
        } catch (IOException | OpenXML4JException | SAXException | RuntimeException e) {
            if (e instanceof LodestarException le) {
                throw le;
            }
            throw new LodestarException(
                    ErrorCode.INVALID_FILE, "cannot read " + file.getFileName() + " as Excel: " + e.getMessage(), e);
        }
    }

    private String unknownSheet(List<String> names) {
        return "sheet '" + sheet + "' is not in " + file.getFileName() + " (sheets: " + names
                + "; give a name or a 1-based index)";
    }

    private void readXlsx(RowHandler handler) throws IOException, OpenXML4JException, SAXException {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            int index = 0;
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    index++;
                    String name = sheets.getSheetName();
                    names.add(name);
                    if (sheet == null || sheet.equals(name) || sheet.equals(Integer.toString(index))) {
                        XMLReader parser = XMLHelper.newXMLReader();
                        parser.setContentHandler(new XlsxSheetHandler(strings, styles, handler));
                        parser.parse(new InputSource(in));
                        return;
                    }
                }
            }
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, unknownSheet(names));
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no SAX parser", e);
        }
    }

    private void readXls(RowHandler handler) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true);
                Workbook workbook = new HSSFWorkbook(fs.getRoot(), true)) {
            Sheet chosen = null;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                String name = workbook.getSheetName(i);
                names.add(name);
                if (chosen == null && (sheet == null || sheet.equals(name) || sheet.equals(Integer.toString(i + 1)))) {
                    chosen = workbook.getSheetAt(i);
                }
            }
            if (chosen == null) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, unknownSheet(names));
            }
            boolean headerSeen = false;
            for (Row row : chosen) {
                int n = Math.max(0, row.getLastCellNum());
                Object[] cells = new Object[n];
                boolean empty = true;
                for (int c = 0; c < n; c++) {
                    Cell cell = row.getCell(c);
                    cells[c] = cell == null ? null : value(cell, cell.getCellType());
                    empty &= cells[c] == null || (cells[c] instanceof String s && s.isBlank());
                }
                if (empty) {
                    continue;
                }
                if (!headerSeen) {
                    handler.header(headerOf(cells));
                    headerSeen = true;
                } else if (!handler.row(row.getRowNum() + 1L, cells)) {
                    return;
                }
            }
            if (!headerSeen) {
                throw new LodestarException(ErrorCode.INVALID_FILE, name() + " is empty (expected a header row)");
            }
            handler.end();
        }
    }

    private static Object value(Cell cell, CellType type) {
        return switch (type) {
            case NUMERIC ->
                DateUtil.isCellDateFormatted(cell)
                        ? cell.getLocalDateTimeCellValue()
                        : number(cell.getNumericCellValue());
            case STRING -> cell.getStringCellValue();
            case BOOLEAN -> cell.getBooleanCellValue();
            case FORMULA -> value(cell, cell.getCachedFormulaResultType());
            default -> null;
        };
    }

    static Object number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return value;
    }

    static List<String> headerOf(Object[] cells) {
        List<String> header = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            header.add(cell == null ? "" : Cells.text(cell).strip());
        }
        return header;
    }

    /** Thrown through the SAX parser when the handler asks to stop. */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
