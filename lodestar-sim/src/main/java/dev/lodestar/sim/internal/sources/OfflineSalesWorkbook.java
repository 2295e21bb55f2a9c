package dev.lodestar.sim.internal.sources;

import dev.lodestar.sim.PhoneFormat;
import dev.lodestar.sim.internal.ChinaData;
import dev.lodestar.sim.internal.Person;
import dev.lodestar.sim.internal.Rng;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/** Offline-store sales as a store manager sends them: keyed by the member's phone only. */
final class OfflineSalesWorkbook implements AutoCloseable {
    static final String[] HEADER = {"门店", "销售日期", "会员手机号", "金额", "导购"};

    private final Path file;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
    private Sheet sheet;
    private int rowNumber;
    private int sheets;

    OfflineSalesWorkbook(Path file) {
        this.file = file;
        workbook.getXSSFWorkbook()
                .getProperties()
                .getCoreProperties()
                .setCreated(Optional.of(java.util.Date.from(Instant.EPOCH)));
        newSheet();
    }

    private void newSheet() {
        sheets++;
        sheet = workbook.createSheet(sheets == 1 ? "门店销售" : "门店销售" + sheets);
        Row header = sheet.createRow(0);
        for (int i = 0; i < HEADER.length; i++) {
            header.createCell(i).setCellValue(HEADER[i]);
        }
        rowNumber = 1;
    }

    void add(Person p, Person.Order order, LocalDate date, Rng rng) {
        if (rowNumber > OrdersWorkbook.MAX_ROWS_PER_SHEET) {
            newSheet();
        }
        Row row = sheet.createRow(rowNumber++);
        row.createCell(0).setCellValue(order.store());
        row.createCell(1).setCellValue(date.toString());
        row.createCell(2).setCellValue(rng.chance(0.7) ? p.phone : PhoneFormat.SPACED_3_4_4.format(p.phone));
        row.createCell(3).setCellValue(order.revenueCents() / 100.0);
        row.createCell(4).setCellValue(ChinaData.CLERKS[rng.nextInt(ChinaData.CLERKS.length)]);
    }

    void finish() throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            workbook.write(out);
        }
        workbook.close();
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }
}
