package dev.lodestar.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/** The messy source exports: encodings, headers, formats and their configured shares. */
class TestSourceExports {
    private static final Map<PhoneFormat, Pattern> PATTERNS = new EnumMap<>(Map.of(
            PhoneFormat.PLAIN, Pattern.compile("1[3-9]\\d{9}"),
            PhoneFormat.SPACED_3_4_4, Pattern.compile("1[3-9]\\d \\d{4} \\d{4}"),
            PhoneFormat.DASHED_3_4_4, Pattern.compile("1[3-9]\\d-\\d{4}-\\d{4}"),
            PhoneFormat.PLUS86_DASHED, Pattern.compile("\\+86-1[3-9]\\d-\\d{4}-\\d{4}"),
            PhoneFormat.PLUS86, Pattern.compile("\\+861[3-9]\\d{9}"),
            PhoneFormat.ZERO_ZERO_86, Pattern.compile("0086 1[3-9]\\d{9}"),
            PhoneFormat.PAREN_PLUS86, Pattern.compile("\\(\\+86\\)1[3-9]\\d{9}"),
            PhoneFormat.FULL_WIDTH, Pattern.compile("１[３-９][０-９]{9}"),
            PhoneFormat.STRAY_SPACES, Pattern.compile(" 1[3-9]\\d{5} \\d{4}  ")));

    private final SimFixture f = SimFixture.shared();
    private final IdentityMix mix = f.config.identityMix();

    private List<String> crmLines() throws IOException {
        byte[] bytes = Files.readAllBytes(f.out.resolve("sources/crm_customers.csv"));
        return List.of(new String(bytes, Charset.forName("GBK")).split("\r\n"));
    }

    @Test
    void crmExportIsGbkWithChineseHeaders() throws IOException {
        byte[] bytes = Files.readAllBytes(f.out.resolve("sources/crm_customers.csv"));
        assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CharacterCodingException.class);
        String[] header = crmLines().get(0).split(",");
        assertThat(header).containsExactly("客户编号", "姓名", "性别", "手机号码", "电子邮箱", "所在省份", "所在城市", "注册时间", "会员等级");
        assertThat(crmLines().get(1)).matches("CRM\\d{8},\\p{IsHan}{2,3},[男女],.*");
    }

    @Test
    void crmPhoneFormatsDuplicatesAndInvalidNumbersHaveTheirShares() throws IOException {
        List<String> rows = crmLines().subList(1, crmLines().size());
        Map<PhoneFormat, Integer> counts = new EnumMap<>(PhoneFormat.class);
        int invalid = 0;
        Set<String> ids = new HashSet<>();
        for (String row : rows) {
            String[] fields = row.split(",", -1);
            ids.add(fields[0]);
            PhoneFormat match = null;
            for (Map.Entry<PhoneFormat, Pattern> e : PATTERNS.entrySet()) {
                if (e.getValue().matcher(fields[3]).matches()) {
                    match = e.getKey();
                }
            }
            if (match == null) {
                invalid++;
            } else {
                counts.merge(match, 1, Integer::sum);
            }
        }
        int n = rows.size();
        assertShare(invalid, n, mix.crmInvalidPhoneShare());
        for (PhoneFormat format : PhoneFormat.values()) {
            assertShare(counts.getOrDefault(format, 0), n - invalid, mix.phoneFormatShare(format));
        }
        long signedUp =
                (long) SimFixture.number("SELECT count(*) FROM " + f.persons() + " WHERE signed_up_at IS NOT NULL");
        assertThat(ids).hasSize((int) signedUp);
        assertShare(n - ids.size(), ids.size(), mix.crmDuplicateShare());
    }

    @Test
    void identitySharesInTheTruthAreAsConfigured() {
        Object[] row = SimFixture.query("SELECT count(*) FILTER (WHERE email IS NOT NULL), "
                        + "count(*) FILTER (WHERE will_buy OR user_id IS NOT NULL), "
                        + "count(*) FILTER (WHERE wechat_official_openid IS NOT NULL), count(*), "
                        + "count(*) FILTER (WHERE wechat_unionid IS NOT NULL), "
                        + "count(*) FILTER (WHERE wechat_official_openid IS NOT NULL OR wechat_miniprogram_openid IS NOT NULL), "
                        + "count(*) FILTER (WHERE NOT regexp_full_match(phone, '1[3-9][0-9]{9}')), count(DISTINCT phone) "
                        + "FROM " + f.persons())
                .get(0);
        long persons = ((Number) row[3]).longValue();
        assertShare(((Number) row[2]).longValue(), persons, mix.wechatFollowShare());
        assertShare(((Number) row[4]).longValue(), ((Number) row[5]).longValue(), mix.unionIdShare());
        assertThat(((Number) row[6]).longValue()).isZero();
        assertThat(((Number) row[7]).longValue()).isEqualTo(persons);
        double emailShare = SimFixture.number("SELECT avg(CASE WHEN email IS NOT NULL THEN 1 ELSE 0 END) FROM "
                + f.persons() + " WHERE will_buy OR email IS NOT NULL OR signed_up_at IS NOT NULL");
        assertThat(emailShare).isBetween(mix.emailShare() - 0.05, mix.emailShare() + 0.05);
    }

    @Test
    void ordersWorkbookHoldsEveryOnlineOrderWithMixedDates() throws Exception {
        try (InputStream in = Files.newInputStream(f.out.resolve("sources/orders.xlsx"));
                Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheet("订单");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("订单编号");
            assertThat(sheet.getLastRowNum()).isEqualTo((int) f.summary.orders());
            int dateCells = 0;
            int chinese = 0;
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                Cell time = row.getCell(1);
                if (time.getCellType() == CellType.NUMERIC) {
                    dateCells++;
                } else if (time.getStringCellValue().contains("年")) {
                    chinese++;
                }
                assertThat(row.getCell(0).getStringCellValue()).matches("DD\\d{18}");
            }
            int n = sheet.getLastRowNum();
            assertShare(dateCells, n, 0.35);
            assertShare(chinese, n, 0.10);
        }
    }

    @Test
    void wechatAndOfflineExports() throws Exception {
        List<String> lines = Files.readAllLines(f.out.resolve("sources/wechat_followers.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("\uFEFFopenid,unionid,昵称,关注时间,关注状态");
        long followers = (long)
                SimFixture.number("SELECT count(*) FROM " + f.persons() + " WHERE wechat_official_openid IS NOT NULL");
        assertThat(lines).hasSize((int) followers + 1);
        assertThat(lines.get(1))
                .matches(
                        "o[A-Za-z0-9_-]{27},(o[A-Za-z0-9_-]{27})?,.+,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},已(取消)?关注");
        try (InputStream in = Files.newInputStream(f.out.resolve("sources/offline_store_sales.xlsx"));
                Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            long offline = (long) SimFixture.number("SELECT sum(offline_orders) FROM " + f.persons());
            assertThat(sheet.getLastRowNum()).isEqualTo((int) offline).isPositive();
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue().replace(" ", ""))
                    .matches("1[3-9]\\d{9}");
        }
    }

    /** Observed count within 4 binomial standard errors of the configured share. */
    private static void assertShare(long count, long n, double share) {
        double se = Math.sqrt(share * (1 - share) / n);
        assertThat((double) count / n).isBetween(share - 4 * se - 1e-9, share + 4 * se + 1e-9);
    }
}
