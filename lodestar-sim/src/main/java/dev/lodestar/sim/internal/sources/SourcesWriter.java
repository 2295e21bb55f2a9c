package dev.lodestar.sim.internal.sources;

import dev.lodestar.sim.IdentityMix;
import dev.lodestar.sim.PhoneFormat;
import dev.lodestar.sim.internal.Person;
import dev.lodestar.sim.internal.Rng;
import dev.lodestar.sim.internal.SimContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the same persons as real teams receive them: a GBK CRM export with Chinese headers and
 * messy phone numbers, an orders workbook with mixed date formats, a WeChat followers export and
 * an offline-store sales sheet keyed by phone only. Each person's messiness is drawn from its own
 * random stream, so the exports do not change the event stream.
 */
public final class SourcesWriter implements AutoCloseable {
    public static final String CRM_FILE = "crm_customers.csv";
    public static final String ORDERS_FILE = "orders.xlsx";
    public static final String WECHAT_FILE = "wechat_followers.csv";
    public static final String OFFLINE_FILE = "offline_store_sales.xlsx";
    public static final Charset GBK = Charset.forName("GBK");
    static final String[] CRM_HEADER = {"客户编号", "姓名", "性别", "手机号码", "电子邮箱", "所在省份", "所在城市", "注册时间", "会员等级"};
    static final String[] WECHAT_HEADER = {"openid", "unionid", "昵称", "关注时间", "关注状态"};
    private static final long SOURCES_STREAM = 3;
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("yyyy/M/d H:mm");
    private static final DateTimeFormatter FOLLOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path directory;
    private final SimContext ctx;
    private final IdentityMix mix;
    private final ZoneId zone;
    private final PhoneFormat[] formats = PhoneFormat.values();
    private final double[] formatCumulative;
    private final Writer crm;
    private final Writer wechat;
    private final OrdersWorkbook orders;
    private final OfflineSalesWorkbook offline;
    private final List<String> crmDuplicates = new ArrayList<>();

    public SourcesWriter(Path directory, SimContext ctx) throws IOException {
        this.directory = directory;
        this.ctx = ctx;
        this.mix = ctx.config().identityMix();
        this.zone = ctx.config().zone();
        double[] weights = new double[formats.length];
        for (int i = 0; i < formats.length; i++) {
            weights[i] = mix.phoneFormats().get(formats[i]);
        }
        this.formatCumulative = Rng.cumulative(weights);
        this.crm = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(directory.resolve(CRM_FILE)), GBK), 1 << 16);
        crm.write(String.join(",", CRM_HEADER) + "\r\n");
        this.wechat = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(directory.resolve(WECHAT_FILE)), StandardCharsets.UTF_8),
                1 << 16);
        wechat.write('\uFEFF'); // Excel needs the BOM to open UTF-8 CSV
        wechat.write(String.join(",", WECHAT_HEADER) + "\r\n");
        this.orders = new OrdersWorkbook(directory.resolve(ORDERS_FILE), zone);
        this.offline = ctx.config().offlineStore() ? new OfflineSalesWorkbook(directory.resolve(OFFLINE_FILE)) : null;
    }

    public void append(List<Person> persons) throws IOException {
        for (Person p : persons) {
            Rng rng = Rng.forIndex(ctx.config().seed(), SOURCES_STREAM, p.index);
            if (p.signedUpAt != Long.MIN_VALUE) {
                String row = crmRow(p, rng);
                crm.write(row);
                if (rng.chance(mix.crmDuplicateShare())) {
                    crmDuplicates.add(crmRow(p, rng));
                }
            }
            if (p.officialAccountOpenId != null) {
                long follow = p.acquiredAt + (long) (rng.normal() * 10 * 86_400_000_000.0);
                follow = Math.max(ctx.windowStart(), Math.min(ctx.windowEnd() - 3_600_000_000L, follow));
                p.followedAt = follow;
                p.unfollowed = rng.chance(0.08);
                csv(
                        wechat,
                        p.officialAccountOpenId,
                        p.unionId == null ? "" : p.unionId,
                        p.nickname,
                        FOLLOW_TIME.format(local(follow)),
                        p.unfollowed ? "已取消关注" : "已关注");
            }
            for (Person.Order order : p.orders) {
                orders.add(p, order, rng);
            }
            if (offline != null) {
                for (Person.Order order : p.offlineOrders) {
                    offline.add(p, order, local(order.at()).toLocalDate(), rng);
                }
            }
        }
    }

    private String crmRow(Person p, Rng rng) throws IOException {
        String phone = rng.chance(mix.crmInvalidPhoneShare())
                ? invalidPhone(p.phone, rng)
                : formats[rng.pick(formatCumulative)].format(p.phone);
        String level = p.purchases >= 6 ? "钻石会员" : p.purchases >= 3 ? "金卡会员" : p.purchases >= 1 ? "银卡会员" : "普通会员";
        StringBuilder sb = new StringBuilder(160);
        csvRow(
                sb,
                p.crmId,
                p.name,
                "female".equals(p.gender) ? "女" : "男",
                phone,
                p.email == null ? "" : p.email,
                p.city.province(),
                p.city.name(),
                CRM_TIME.format(local(p.signedUpAt)),
                level);
        return sb.toString();
    }

    /** A number that no cleaning can make valid: wrong length, a landline-like prefix, or junk. */
    static String invalidPhone(String phone, Rng rng) {
        return switch (rng.nextInt(4)) {
            case 0 -> phone.substring(0, 10); // a digit lost
            case 1 -> phone + rng.nextInt(10); // a digit too many
            case 2 -> "12" + phone.substring(2); // no mobile prefix starts with 12
            default -> "无";
        };
    }

    private LocalDateTime local(long micros) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)), zone);
    }

    private static void csv(Writer w, String... values) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        csvRow(sb, values);
        w.write(sb.toString());
    }

    static void csvRow(StringBuilder sb, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = values[i];
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        sb.append("\r\n");
    }

    public List<Path> finish() throws IOException {
        for (String row : crmDuplicates) {
            crm.write(row);
        }
        crmDuplicates.clear();
        crm.close();
        wechat.close();
        orders.finish();
        List<Path> files = new ArrayList<>(
                List.of(directory.resolve(CRM_FILE), directory.resolve(ORDERS_FILE), directory.resolve(WECHAT_FILE)));
        if (offline != null) {
            offline.finish();
            files.add(directory.resolve(OFFLINE_FILE));
        }
        return files;
    }

    @Override
    public void close() throws IOException {
        crm.close();
        wechat.close();
        orders.close();
        if (offline != null) {
            offline.close();
        }
    }
}
