package dev.lodestar.core.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.LodestarException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImportSources {
    @TempDir
    Path dir;

    static final String CSV =
            "客户编号,姓名,手机号码,注册时间\r\nCRM001,王芳,138 0013 8000,2024/3/5 9:05\r\nCRM002,\"李\r\n娜\",+86-139-0013-9000,2024-03-06 10:11:12\r\nCRM003,𠮷田,13700137000,\r\n";

    record Read(List<String> header, List<Long> lines, List<List<Object>> rows) {}

    static Read read(RowSource source) {
        List<String> header = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        source.read(new RowHandler() {
            @Override
            public void header(List<String> columns) {
                header.addAll(columns);
            }

            @Override
            public boolean row(long number, Object[] cells) {
                lines.add(number);
                rows.add(java.util.Arrays.asList(cells.clone()));
                return true;
            }
        });
        return new Read(header, lines, rows);
    }

    private Path write(String name, byte[] bom, String text, Charset charset) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bom);
            out.write(text.getBytes(charset));
        }
        return file;
    }

    @Test
    void detectsUtf8BomGbkAndGb18030() throws Exception {
        String gbkText = CSV.replace("𠮷", "吉"); // GBK has no 𠮷
        Path utf8 = write("utf8.csv", new byte[0], CSV, StandardCharsets.UTF_8);
        Path bom = write("bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CSV, StandardCharsets.UTF_8);
        Path gbk = write("gbk.csv", new byte[0], gbkText, Charset.forName("GBK"));
        Path gb18030 = write("gb18030.csv", new byte[0], CSV, Encodings.GB18030);
        for (Path file : List.of(utf8, bom, gbk, gb18030)) {
            CsvRowSource source = new CsvRowSource(file, null, null);
            Read read = read(source);
            assertThat(read.header()).as(file.toString()).containsExactly("客户编号", "姓名", "手机号码", "注册时间");
            assertThat(read.rows()).hasSize(3);
            assertThat(read.rows().get(1).get(1)).isEqualTo("李\r\n娜");
            // 1-based line where each record starts; the quoted field spans lines 3-4
            assertThat(read.lines()).containsExactly(2L, 3L, 5L);
            String name = (String) read.rows().get(2).get(1);
            assertThat(name).isEqualTo(file == gbk ? "吉田" : "𠮷田");
        }
        assertThat(new CsvRowSource(utf8, null, null).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(new CsvRowSource(gbk, null, null).charset()).isEqualTo(Encodings.GB18030);
        // overridable: GBK bytes read as UTF-8 on request give replacement characters, not an error
        Read forced = read(new CsvRowSource(gbk, StandardCharsets.UTF_8, null));
        assertThat(forced.header().get(0)).contains("\uFFFD");
    }

    @Test
    void detectsDelimiters() throws Exception {
        Path tsv = write("x.txt", new byte[0], "a\tb\tc\n1\t2,5\t3\n", StandardCharsets.UTF_8);
        Path semi = write("y.csv", new byte[0], "a;b;c\n1;\"2;5\";3\n", StandardCharsets.UTF_8);
        assertThat(read(new CsvRowSource(tsv, null, null)).rows().get(0)).containsExactly("1", "2,5", "3");
        assertThat(read(new CsvRowSource(semi, null, null)).rows().get(0)).containsExactly("1", "2;5", "3");
        assertThat(read(new CsvRowSource(semi, null, ',')).header()).containsExactly("a;b;c");
    }

    static void fillWorkbook(Workbook workbook) {
        Sheet other = workbook.createSheet("说明");
        other.createRow(0).createCell(0).setCellValue("notes");
        Sheet sheet = workbook.createSheet("订单");
        CellStyle date = workbook.createCellStyle();
        date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
        Row header = sheet.createRow(0);
        String[] names = {"订单编号", "下单时间", "手机号", "实付金额(元)", "会员"};
        for (int i = 0; i < names.length; i++) {
            header.createCell(i).setCellValue(names[i]);
        }
        Row r1 = sheet.createRow(1);
        r1.createCell(0).setCellValue("DD001");
        r1.createCell(1).setCellValue(LocalDateTime.of(2026, 1, 31, 20, 15));
        r1.getCell(1).setCellStyle(date);
        r1.createCell(2).setCellValue(13800138000d); // a phone typed as a number
        r1.createCell(3).setCellValue(199.5);
        r1.createCell(4).setCellValue(true);
        // row 3 is empty and skipped; row 4 holds text dates
        Row r3 = sheet.createRow(3);
        r3.createCell(0).setCellValue("DD002");
        r3.createCell(1).setCellValue("2026年2月1日 08:30");
        r3.createCell(2).setCellValue("139 0013 9000");
        r3.createCell(3).setCellFormula("100+20");
    }

    @Test
    void readsXlsxAndXlsWithTypedCells() throws Exception {
        for (String name : List.of("orders.xlsx", "orders.xls")) {
            Path file = dir.resolve(name);
            try (Workbook workbook = name.endsWith("x") ? new XSSFWorkbook() : new HSSFWorkbook();
                    OutputStream out = Files.newOutputStream(file)) {
                fillWorkbook(workbook);
                if (workbook instanceof XSSFWorkbook x) {
                    new org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator(x).evaluateAll();
                } else {
                    new org.apache.poi.hssf.usermodel.HSSFFormulaEvaluator((HSSFWorkbook) workbook).evaluateAll();
                }
                workbook.write(out);
            }
            for (String sheet : List.of("订单", "2")) {
                Read read = read(new ExcelRowSource(file, sheet));
                assertThat(read.header()).as(name).containsExactly("订单编号", "下单时间", "手机号", "实付金额(元)", "会员");
                assertThat(read.lines()).containsExactly(2L, 4L);
                assertThat(read.rows().get(0))
                        .containsExactly("DD001", LocalDateTime.of(2026, 1, 31, 20, 15), 13800138000L, 199.5, true);
                assertThat(read.rows().get(1)).startsWith("DD002", "2026年2月1日 08:30", "139 0013 9000", 120L);
            }
            assertThat(read(new ExcelRowSource(file, null)).header()).containsExactly("notes");
            assertThatThrownBy(() -> read(new ExcelRowSource(file, "Sheet9")))
                    .isInstanceOf(LodestarException.class)
                    .hasMessageContaining("sheets: [说明, 订单]");
        }
    }

    @Test
    void readsJsonLinesWithBadLines() throws Exception {
        Path file = write(
                "e.jsonl",
                new byte[0],
                "{\"phone\":\"13800138000\",\"n\":3,\"tags\":[1]}\nnot json\n\n{\"email\":\"a@b.cn\",\"ok\":true}\n",
                StandardCharsets.UTF_8);
        Read read = read(new JsonLinesRowSource(file, new ObjectMapper()));
        assertThat(read.header()).containsExactly("phone", "n", "tags", "email", "ok");
        assertThat(read.lines()).containsExactly(1L, 2L, 4L);
        assertThat(read.rows().get(0)).containsExactly("13800138000", 3L, "[1]", null, null);
        assertThat(read.rows().get(1).get(0)).isInstanceOf(JsonLinesRowSource.InvalidLine.class);
        assertThat(read.rows().get(2)).containsExactly(null, null, null, "a@b.cn", true);
    }

    @Test
    void readsParquetThroughDuckDb() throws Exception {
        Path file = dir.resolve("p.parquet");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var s = c.createStatement()) {
            s.execute("COPY (SELECT '13800138000' AS 手机, DATE '2026-01-02' AS 生日, 12.5 AS 金额) TO '" + file
                    + "' (FORMAT parquet)");
        }
        Read read = read(RowSources.open(file, SourceOptions.DETECT, new ObjectMapper()));
        assertThat(read.header()).containsExactly("手机", "生日", "金额");
        assertThat(read.rows().get(0).get(0)).isEqualTo("13800138000");
        assertThat(read.rows().get(0).get(1)).isEqualTo(java.time.LocalDate.of(2026, 1, 2));
    }
}
