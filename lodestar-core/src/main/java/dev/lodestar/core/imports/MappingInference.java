package dev.lodestar.core.imports;

import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.identity.Normalizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Proposes a mapping from the header and sample rows, for the user to confirm or edit (printed as
 * YAML by {@code lodestar import --infer-mapping}). Headers are matched by keywords in Chinese and
 * English; sample values decide what the header leaves open (a column of phone numbers or e-mail
 * addresses under any header is an identity, dates get the formats that match the samples, numbers
 * become numbers). A source with an order id or amount and a time column is an event source ({@code
 * Order Completed}), otherwise a person source. Columns it cannot place become string traits named
 * by their header.
 */
public final class MappingInference {
    private final Normalizer normalizer;

    public MappingInference(Normalizer normalizer) {
        this.normalizer = normalizer;
    }

    private enum Role {
        IDENTITY,
        TRAIT,
        CONSENT,
        TIME,
        PROPERTY
    }

    private record Guess(
            String column, Role role, String name, TraitType type, List<String> formats, ConsentChannel channel) {}

    /** Proposes a mapping; {@code samples} are the first rows (a few hundred are plenty). */
    public ImportMapping infer(String sourceName, List<String> header, List<Object[]> samples) {
        List<Guess> guesses = new ArrayList<>();
        Set<String> traitNames = new HashSet<>();
        boolean hasOrder = false;
        boolean hasAmount = false;
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            if (column.isBlank()) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (Object[] row : samples) {
                if (c < row.length && !Cells.isBlank(row[c])) {
                    values.add(row[c]);
                }
            }
            Guess guess = guess(column, key(column), values);
            if (guess.role() == Role.TRAIT && !traitNames.add(guess.name())) {
                guess = new Guess(column, Role.TRAIT, column, guess.type(), guess.formats(), null);
            }
            guesses.add(guess);
            String k = key(column);
            hasOrder |= has(k, "订单号", "订单编号", "订单id", "orderid", "orderno", "ordernumber");
            hasAmount |= has(k, "金额", "amount", "revenue", "total", "paid", "实付");
        }
        Guess time =
                guesses.stream().filter(g -> g.role() == Role.TIME).findFirst().orElse(null);
        boolean event = time != null && (hasOrder || hasAmount);
        List<ImportMapping.IdentityColumn> identities = new ArrayList<>();
        List<ImportMapping.TraitColumn> traits = new ArrayList<>();
        List<ImportMapping.ConsentColumn> consent = new ArrayList<>();
        List<ImportMapping.TraitColumn> properties = new ArrayList<>();
        boolean revenueTaken = false;
        for (Guess g : guesses) {
            switch (g.role()) {
                case IDENTITY -> identities.add(new ImportMapping.IdentityColumn(g.column(), g.name(), null));
                case CONSENT -> consent.add(new ImportMapping.ConsentColumn(g.column(), g.channel(), null, null));
                default -> {
                    if (event) {
                        if (g == time) {
                            continue;
                        }
                        String name = propertyName(key(g.column()), g.name());
                        if (name.equals("revenue")) {
                            if (revenueTaken) {
                                name = g.name();
                            }
                            revenueTaken = true;
                        }
                        TraitType type = name.equals("revenue") || name.equals("discount") || name.equals("quantity")
                                ? TraitType.NUMBER
                                : name.equals("order_id") ? TraitType.STRING : g.type();
                        properties.add(new ImportMapping.TraitColumn(g.column(), name, type, g.formats()));
                    } else {
                        TraitType type = g.role() == Role.TIME ? TraitType.DATETIME : g.type();
                        traits.add(new ImportMapping.TraitColumn(g.column(), g.name(), type, g.formats()));
                    }
                }
            }
        }
        if (identities.isEmpty()) {
            // nothing looked like an identifier: propose the first column, the user must confirm
            identities.add(new ImportMapping.IdentityColumn(header.get(0), IdentityType.CRM_ID.name(), null));
            traits.removeIf(t -> t.column().equals(header.get(0)));
            properties.removeIf(t -> t.column().equals(header.get(0)));
        }
        ImportMapping.EventMapping eventMapping = event
                ? new ImportMapping.EventMapping(
                        "Order Completed",
                        null,
                        new ImportMapping.DateColumn(time.column(), time.formats()),
                        properties)
                : null;
        return new ImportMapping(
                sourceName,
                ImportMapping.DEFAULT_ZONE,
                identities,
                event ? List.of() : traits,
                consent,
                eventMapping,
                null);
    }

    private Guess guess(String column, String k, List<Object> values) {
        // identities by header
        if (has(k, "unionid")) {
            return identity(column, IdentityType.WECHAT_UNIONID);
        }
        if (has(k, "openid")) {
            return identity(column, IdentityType.WECHAT_OPENID);
        }
        if (has(k, "用户id", "userid", "uid", "用户编号")) {
            return identity(column, IdentityType.USER_ID);
        }
        if (has(k, "会员id", "会员编号", "会员号", "客户编号", "客户id", "客户号", "crm", "customerid", "memberid", "客户代码")
                && !has(k, "等级", "level", "名")) {
            return identity(column, IdentityType.CRM_ID);
        }
        if (has(k, "手机", "电话", "mobile", "phone", "tel", "联系方式")) {
            return identity(column, IdentityType.PHONE);
        }
        if (has(k, "邮箱", "邮件", "email", "mail") && !has(k, "订阅", "optin", "consent", "同意")) {
            return identity(column, IdentityType.EMAIL);
        }
        // consent
        if (has(k, "关注状态", "关注", "subscribe", "订阅", "optin", "consent", "同意", "允许")
                && !has(k, "时间", "日期", "time", "date")) {
            ConsentChannel channel = has(k, "短信", "sms")
                    ? ConsentChannel.SMS
                    : has(k, "邮件", "email", "mail")
                            ? ConsentChannel.EMAIL
                            : has(k, "push", "推送") ? ConsentChannel.PUSH : ConsentChannel.WECHAT;
            return new Guess(column, Role.CONSENT, null, null, List.of(), channel);
        }
        // identities by values
        if (!values.isEmpty()) {
            if (share(values, IdentityType.PHONE) >= 0.8 && !allDates(values)) {
                return identity(column, IdentityType.PHONE);
            }
            if (share(values, IdentityType.EMAIL) >= 0.8) {
                return identity(column, IdentityType.EMAIL);
            }
        }
        // traits by header
        String name = null;
        TraitType type = null;
        if (has(k, "姓名", "名字", "name", "联系人") && !has(k, "昵称", "nick", "商品", "product", "门店", "store")) {
            name = "name";
        } else if (has(k, "昵称", "nickname", "nick")) {
            name = "nickname";
        } else if (has(k, "性别", "gender", "sex")) {
            name = "gender";
        } else if (has(k, "省", "province")) {
            name = "province";
        } else if (has(k, "城市", "city", "所在地")) {
            name = "city";
        } else if (has(k, "生日", "出生", "birthday", "birth")) {
            name = "birthday";
            type = TraitType.DATE;
        } else if (has(k, "注册时间", "注册日期", "createdat", "created", "signup", "registered", "开户")) {
            name = "created_at";
            type = TraitType.DATETIME;
        } else if (has(k, "关注时间", "followedat", "followtime")) {
            name = "followed_at";
            type = TraitType.DATETIME;
        } else if (has(k, "等级", "level", "tier", "vip")) {
            name = "member_level";
        } else if (has(k, "年龄") || k.equals("age")) {
            name = "age";
            type = TraitType.NUMBER;
        }
        boolean timeHeader = has(k, "时间", "日期", "time", "date", "timestamp") || k.endsWith("at");
        List<String> formats = dateFormatsOf(values);
        if (type == null) {
            if (!values.isEmpty() && !formats.isEmpty() && (timeHeader || allDates(values)) && !allNumbers(values)) {
                type = TraitType.DATETIME;
            } else if (!values.isEmpty() && allNumbers(values) && !has(k, "编号", "号", "id", "no", "code")) {
                type = TraitType.NUMBER;
            } else {
                type = TraitType.STRING;
            }
        }
        if (type != TraitType.DATE && type != TraitType.DATETIME) {
            formats = List.of();
        }
        if (type == TraitType.DATETIME && name == null) {
            return new Guess(column, Role.TIME, column, type, formats, null);
        }
        return new Guess(column, Role.TRAIT, name == null ? column : name, type, formats, null);
    }

    private static Guess identity(String column, IdentityType type) {
        return new Guess(column, Role.IDENTITY, type.name(), null, List.of(), null);
    }

    private static String propertyName(String k, String fallback) {
        if (has(k, "订单号", "订单编号", "订单id", "orderid", "orderno", "ordernumber")) {
            return "order_id";
        }
        if (has(k, "优惠金额", "折扣", "discount")) {
            return "discount";
        }
        if (has(k, "优惠券", "coupon")) {
            return "coupon";
        }
        if (has(k, "件数", "数量", "quantity", "qty")) {
            return "quantity";
        }
        if (has(k, "金额", "amount", "revenue", "total", "paid", "实付")) {
            return "revenue";
        }
        if (has(k, "商品明细", "商品", "products", "product")) {
            return "products";
        }
        if (has(k, "门店", "store", "shop")) {
            return "store";
        }
        if (has(k, "币种", "currency")) {
            return "currency";
        }
        if (has(k, "导购", "店员", "staff", "seller")) {
            return "staff";
        }
        return fallback;
    }

    private double share(List<Object> values, IdentityType type) {
        int ok = 0;
        for (Object v : values) {
            Normalized n = normalizer.normalize(type, Cells.text(v));
            if (n.isValid() || (n instanceof Normalized.Invalid i && i.problem() == Normalized.Problem.BLOCKED)) {
                ok++;
            }
        }
        return ok / (double) values.size();
    }

    /** The default formats that match at least one sample, in their order; empty if none does. */
    static List<String> dateFormatsOf(List<Object> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> matched = new ArrayList<>();
        boolean dateCells = false;
        for (String format : DateFormats.DEFAULTS) {
            DateFormats one = new DateFormats(List.of(format), ZoneId.of("UTC"));
            for (Object v : values) {
                if (v instanceof java.time.temporal.Temporal) {
                    dateCells = true;
                    continue;
                }
                if (one.parse(v) != null) {
                    matched.add(format);
                    break;
                }
            }
        }
        if (matched.isEmpty() && dateCells) {
            return List.of("iso"); // date cells need no format; iso covers text dates among them
        }
        if (dateCells && !matched.contains("iso")) {
            matched.add(0, "iso");
        }
        return matched;
    }

    private static boolean allDates(List<Object> values) {
        DateFormats formats = new DateFormats(List.of(), ZoneId.of("UTC"));
        for (Object v : values) {
            if (formats.parse(v) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean allNumbers(List<Object> values) {
        for (Object v : values) {
            if (!(v instanceof Number) && RowConverter.number(v) == null) {
                return false;
            }
        }
        return true;
    }

    /** Lower case without spaces, underscores, hyphens and brackets: {@code 实付金额(元)} → {@code 实付金额元}. */
    static String key(String header) {
        StringBuilder b = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = Character.toLowerCase(header.charAt(i));
            if (!Character.isWhitespace(c) && "_-()（）[]【】.:：".indexOf(c) < 0) {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean has(String key, String... words) {
        for (String w : words) {
            if (key.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
