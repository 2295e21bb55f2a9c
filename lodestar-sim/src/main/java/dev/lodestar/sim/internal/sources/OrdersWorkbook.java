package dev.lodestar.sim.internal.sources;

import dev.lodestar.sim.internal.Person;
import dev.lodestar.sim.internal.Rng;
import dev.lodestar.sim.internal.ShopCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The orders export as an Excel workbook: one row per online order, with the order time written in
 * one of several formats (a real date cell, or text in five layouts), as exports merged from
 * several systems look. Sheets roll over below Excel's row limit.
 */
final class OrdersWorkbook implements AutoCloseable {
    static final String[] HEADER = {"订单编号", "下单时间", "会员ID", "手机号", "商品明细", "商品件数", "实付金额(元)", "优惠金额(元)", "优惠券"};
    static final int MAX_ROWS_PER_SHEET = 1_000_000;
    /** Shares of the order time layouts: date cell, ISO-like text, slashes, Chinese, compact, ISO with offset. */
    static final double[] DATE_FORMAT_SHARES = {0.35, 0.25, 0.20, 0.10, 0.05, 0.05};

    private static final DateTimeFormatter[] TEXT_FORMATS = {
        null,
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
        DateTimeFormatter.ofPattern("yyyy/M/d H:mm"),
        DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm"),
        DateTimeFormatter.ofPattern("yyyyMMdd"),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME
    };
    private static final double[] CUMULATIVE = Rng.cumulative(DATE_FORMAT_SHARES);

    private final Path file;
    private final ZoneId zone;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
    private final CellStyle dateStyle;
    private Sheet sheet;
    private int rowNumber;
    private int sheets;

    OrdersWorkbook(Path file, ZoneId zone) {
        this.file = file;
        this.zone = zone;
        dateStyle = workbook.createCellStyle();
        dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
        workbook.getXSSFWorkbook()
                .getProperties()
                .getCoreProperties()
                .setCreated(Optional.of(java.util.Date.from(Instant.EPOCH)));
        newSheet();
    }

    private void newSheet() {
        sheets++;
        sheet = workbook.createSheet(sheets == 1 ? "订单" : "订单" + sheets);
        Row header = sheet.createRow(0);
        for (int i = 0; i < HEADER.length; i++) {
            header.createCell(i).setCellValue(HEADER[i]);
        }
        rowNumber = 1;
    }

    void add(Person p, Person.Order order, Rng rng) {
        if (rowNumber > MAX_ROWS_PER_SHEET) {
            newSheet();
        }
        Row row = sheet.createRow(rowNumber++);
        row.createCell(0).setCellValue(order.orderId());
        LocalDateTime time =
                LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(order.at(), 1_000_000L)), zone);
        int format = rng.pick(CUMULATIVE);
        if (format == 0) {
            row.createCell(1).setCellValue(time);
            row.getCell(1).setCellStyle(dateStyle);
        } else if (format == 5) {
            row.createCell(1)
                    .setCellValue(TEXT_FORMATS[5].format(time.atZone(zone).toOffsetDateTime()));
        } else {
            row.createCell(1).setCellValue(TEXT_FORMATS[format].format(time));
        }
        row.createCell(2).setCellValue(p.userId);
        row.createCell(3).setCellValue(p.phone);
        StringBuilder items = new StringBuilder();
        int count = 0;
        for (int i = 0; i < order.categories().length; i++) {
            if (order.lineCents()[i] == 0) {
                continue;
            }
            if (items.length() > 0) {
                items.append("；");
            }
            items.append(ShopCatalog.CATEGORIES[order.categories()[i]])
                    .append('/')
                    .append("SKU")
                    .append('×')
                    .append(order.quantities()[i]);
            count += order.quantities()[i];
        }
        row.createCell(4).setCellValue(items.toString());
        row.createCell(5).setCellValue(count);
        row.createCell(6).setCellValue(order.revenueCents() / 100.0);
        row.createCell(7).setCellValue(order.discountCents() / 100.0);
        row.createCell(8).setCellValue(order.coupon() == null ? "" : order.coupon());
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
