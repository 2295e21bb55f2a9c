package dev.lodestar.sim.internal;

import dev.lodestar.sim.PurchaseModel;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Lives one person's period in the online shop: draws the purchase process (BG/NBD), the browsing
 * sessions between purchases, sign-up, second device, survey and offline purchases, and writes the
 * resulting Segment events. One instance per generator thread.
 */
public final class ShopLifecycle {
    static final long DAY = 86_400_000_000L;
    private static final long SECOND = 1_000_000L;
    private static final int FIRST = 0;
    private static final int BROWSE = 1;
    private static final int PURCHASE = 2;
    private static final String[] PAYMENT = {"wechat_pay", "alipay", "unionpay"};
    private static final double[] PAYMENT_CUMULATIVE = Rng.cumulative(0.58, 0.37, 0.05);

    private final SimContext ctx;
    private final ShopCatalog catalog;
    private final ShopStrings strings;
    private final PurchaseModel model;
    private final String appOpened = "{\"from_background\":false,\"version\":\"5.2.0\"}";

    // per-person state
    private Person p;
    private Rng rng;
    private EventBatch out;
    private long seq;
    private long clock;
    private long hiId;
    private String[] contexts;
    private final boolean[] identified = new boolean[2];
    private long[] sessions = new long[64];
    private int sessionCount;
    private final int[] addedCategories = new int[8];
    private final int[] addedProducts = new int[8];
    private final StringBuilder sb = new StringBuilder(512);
    private double[] interest;
    private Who[] whos = new Who[8];
    private int whoCount;

    public ShopLifecycle(SimContext ctx) {
        this.ctx = ctx;
        this.catalog = ctx.catalog();
        this.strings = new ShopStrings(catalog);
        this.model = ctx.config().purchaseModel();
    }

    public void simulate(Person person, Rng random, EventBatch batch) {
        this.p = person;
        this.rng = random;
        this.out = batch;
        this.seq = 0;
        this.hiId = Rng.mix64(person.index ^ ctx.messageIdSalt());
        identified[0] = false;
        identified[1] = false;
        sessionCount = 0;
        whoCount = 0;
        interest = Rng.cumulative(p.interest);
        contexts = new String[] {
            ContextJson.build(p, p.device, p.anonymousId, null, rng),
            p.secondDevice == null ? null : ContextJson.build(p, p.secondDevice, p.secondAnonymousId, null, rng),
            ContextJson.build(p, p.device, p.anonymousId, p.channel, rng)
        };

        double days = ctx.days();
        double acquired = toDays(p.acquiredAt);
        addSession(p.acquiredAt, FIRST);
        double activeEnd;
        boolean buysInFirstSession = false;
        boolean died = false;
        if (p.willConvert) {
            double first = p.convertsInFirstSession ? acquired : acquired + rng.exponential(p.conversionRate);
            if (first >= days) {
                p.pendingConversion = true;
                activeEnd = days;
            } else {
                if (p.convertsInFirstSession) {
                    buysInFirstSession = true;
                } else {
                    addSession(timeOf(first), PURCHASE);
                }
                double t = first;
                while (true) {
                    t += rng.exponential(p.lambda);
                    if (t >= days) {
                        break;
                    }
                    addSession(timeOf(t), PURCHASE);
                    if (rng.chance(p.dropout)) {
                        died = true;
                        break;
                    }
                }
                activeEnd = died ? t : days;
            }
            p.aliveAtEnd = !died;
        } else {
            double lapse = acquired + p.visitorLifetimeDays;
            activeEnd = Math.min(lapse, days);
            p.aliveAtEnd = lapse >= days;
            if (!p.aliveAtEnd) {
                p.churnedAt = ctx.windowStart() + (long) (lapse * DAY);
            }
        }
        double t = acquired;
        while (true) {
            t += rng.exponential(p.sessionRate);
            if (t >= activeEnd) {
                break;
            }
            addSession(timeOf(t), BROWSE);
        }
        Arrays.sort(sessions, 0, sessionCount);

        int firstPurchase = buysInFirstSession ? 0 : -1;
        for (int i = 0; i < sessionCount && firstPurchase < 0; i++) {
            if (kind(sessions[i]) == PURCHASE) {
                firstPurchase = i;
            }
        }
        int signUp = -1;
        if (p.signsUp) {
            if (!p.anonymousFirst) {
                signUp = 0;
            } else if (firstPurchase >= 0) {
                signUp = firstPurchase == 0 ? 0 : rng.nextInt(1, firstPurchase + 1);
            } else if (sessionCount >= 2 && rng.chance(0.6)) {
                signUp = rng.nextInt(1, sessionCount);
            }
        }
        int survey = -1;
        if (p.surveyed && signUp >= 0 && signUp + 1 < sessionCount) {
            survey = rng.nextInt(signUp + 1, sessionCount);
        }
        for (int i = 0; i < sessionCount; i++) {
            int kind = kind(sessions[i]);
            boolean buys = kind == PURCHASE || (i == 0 && buysInFirstSession);
            int slot = p.secondDevice != null && signUp >= 0 && i > signUp && rng.chance(0.35) ? 1 : 0;
            session(time(sessions[i]), kind == FIRST, buys, slot, i == signUp, i == survey);
        }
        if (died) {
            p.churnedAt = p.lastPurchaseAt;
        }
        offlinePurchases(acquired, activeEnd);
        future(Rng.forIndex(ctx.config().seed(), 2, p.index));
    }

    private void session(long start, boolean first, boolean buys, int slot, boolean signUp, boolean survey) {
        Device device = slot == 0 ? p.device : p.secondDevice;
        String anonymousId = slot == 0 ? p.anonymousId : p.secondAnonymousId;
        String context = first ? contexts[2] : contexts[slot];
        int d = device.ordinal();
        clock = start;
        boolean started = false;
        if (device.isApp()) {
            emit(EventBatch.TRACK, "Application Opened", null, appOpened, null, anonymousId, context, slot, started);
            started = true;
        }
        String landing = first
                ? ShopStrings.pageProperties(
                        device,
                        ShopStrings.PAGE_PATHS[ShopStrings.PROMO] + "?utm_source=" + p.channel.code,
                        ShopStrings.PAGE_TITLES[ShopStrings.PROMO],
                        p.channel.code)
                : strings.pages[d][ShopStrings.HOME];
        page(
                device,
                first ? ShopStrings.PAGE_TITLES[ShopStrings.PROMO] : "首页",
                landing,
                anonymousId,
                context,
                slot,
                started);
        if (slot == 1 && !identified[1]) {
            identified[1] = true;
            sb.setLength(0);
            sb.append('{');
            Json.field(sb, "login_method", device == Device.MINIPROGRAM ? "wechat" : "phone");
            Json.field(sb, "phone", p.phone);
            emitIdentify(sb.append('}').toString(), anonymousId, context, slot);
        }
        if (signUp && !p.anonymousFirst) {
            signUp(device, anonymousId, context);
        }
        int listings = rng.geometric(device.mobile ? 0.55 : 0.4);
        for (int i = 0; i < listings; i++) {
            if (rng.chance(0.75)) {
                int c = rng.pick(interest);
                page(device, ShopCatalog.CATEGORIES[c], strings.categoryPages[d][c], anonymousId, context, slot, true);
            } else {
                int page = rng.chance(0.5) ? ShopStrings.SEARCH : ShopStrings.PROMO;
                page(device, ShopStrings.PAGE_TITLES[page], strings.pages[d][page], anonymousId, context, slot, true);
            }
        }
        if (signUp && p.anonymousFirst) {
            signUp(device, anonymousId, context);
        }
        int views = buys ? 1 + rng.poisson(1.2) : rng.poisson(1.3);
        int added = 0;
        for (int i = 0; i < views; i++) {
            int c = rng.pick(interest);
            int product = catalog.sampleProduct(rng);
            int content = contentType(device);
            page(
                    device,
                    catalog.productNames[c][product],
                    strings.productPages[d][c][product],
                    anonymousId,
                    context,
                    slot,
                    true);
            emit(
                    EventBatch.TRACK,
                    "Product Viewed",
                    null,
                    strings.productViewed[c][product][content],
                    null,
                    anonymousId,
                    context,
                    slot,
                    true);
            boolean add = added < addedProducts.length
                    && (rng.chance(addProbability(device, content)) || (buys && i == views - 1 && added == 0));
            if (add) {
                addedCategories[added] = c;
                addedProducts[added] = product;
                added++;
                emit(
                        EventBatch.TRACK,
                        "Product Added",
                        null,
                        strings.productAdded[c][product],
                        null,
                        anonymousId,
                        context,
                        slot,
                        true);
            }
        }
        if (added > 0 && (buys || rng.chance(checkoutProbability(device)))) {
            page(device, "购物车", strings.pages[d][ShopStrings.CART], anonymousId, context, slot, true);
            emit(
                    EventBatch.TRACK,
                    "Checkout Started",
                    null,
                    checkoutProperties(added),
                    null,
                    anonymousId,
                    context,
                    slot,
                    true);
            if (buys) {
                order(device, added, anonymousId, context, slot);
            }
        }
        if (survey) {
            int score = (int) Math.max(0, Math.min(10, Math.round(10 * p.satisfaction + 1.2 * rng.normal())));
            String[] comments = ChinaData.NPS_COMMENTS[score <= 6 ? 0 : score <= 8 ? 1 : 2];
            p.npsScore = score;
            p.npsComment = comments[rng.nextInt(comments.length)];
            sb.setLength(0);
            sb.append("{\"survey_id\":\"nps\",\"score\":").append(score);
            Json.field(sb, "comment", p.npsComment);
            emit(
                    EventBatch.TRACK,
                    "NPS Survey Submitted",
                    null,
                    sb.append('}').toString(),
                    null,
                    anonymousId,
                    context,
                    slot,
                    true);
        }
    }

    private void signUp(Device device, String anonymousId, String context) {
        identified[0] = true;
        sb.setLength(0);
        sb.append('{');
        Json.field(sb, "method", device == Device.MINIPROGRAM ? "wechat_phone" : "phone");
        Json.field(sb, "channel", p.channel.code);
        emit(EventBatch.TRACK, "Signed Up", null, sb.append('}').toString(), null, anonymousId, context, 0, true);
        p.signedUpAt = clock;
        emitIdentify(TraitsJson.signUp(p, clock, ctx), anonymousId, context, 0);
        if (device == Device.WEB) {
            emit(EventBatch.ALIAS, null, null, EventBatch.EMPTY, null, null, context, 0, true, anonymousId);
        }
    }

    private void order(Device device, int lines, String anonymousId, String context, int slot) {
        long paid = Math.max(100, Math.round(rng.gamma(model.spendP(), p.spendNu) * 100));
        String coupon = null;
        long discount = 0;
        if (rng.chance(0.8 * p.priceSensitivity)) {
            coupon = ShopCatalog.COUPONS[rng.nextInt(ShopCatalog.COUPONS.length)];
            discount = Math.round(paid * rng.uniform(0.08, 0.2));
        }
        long list = paid + discount;
        int[] categories = Arrays.copyOf(addedCategories, lines);
        int[] products = Arrays.copyOf(addedProducts, lines);
        int[] quantities = new int[lines];
        long[] unit = new long[lines];
        double weight = 0;
        for (int i = 0; i < lines; i++) {
            quantities[i] = i == lines - 1 ? 1 : rng.chance(0.8) ? 1 : rng.chance(0.75) ? 2 : 3;
            weight += catalog.priceCents[categories[i]][products[i]] * quantities[i];
        }
        long rest = list;
        for (int i = 0; i < lines - 1; i++) {
            unit[i] = Math.max(1, Math.round(list * catalog.priceCents[categories[i]][products[i]] / weight));
            rest -= unit[i] * quantities[i];
        }
        unit[lines - 1] = rest;
        if (rest <= 0) { // tiny orders: put everything on one line
            Arrays.fill(unit, 0);
            Arrays.fill(quantities, 1);
            unit[lines - 1] = list;
        }
        String orderId = orderId(p.purchases + 1);
        sb.setLength(0);
        sb.append('{');
        Json.field(sb, "order_id", orderId);
        sb.append(",\"revenue\":");
        Json.appendCents(sb, paid);
        sb.append(",\"discount\":");
        Json.appendCents(sb, discount);
        sb.append(",\"coupon\":");
        Json.appendString(sb, coupon);
        Json.field(sb, "currency", "CNY");
        Json.field(sb, "payment_method", PAYMENT[rng.pick(PAYMENT_CUMULATIVE)]);
        sb.append(",\"products\":[");
        productsJson(categories, products, unit, quantities);
        sb.append("]}");
        if (!emit(EventBatch.TRACK, "Order Completed", null, sb.toString(), null, anonymousId, context, slot, true)) {
            return;
        }
        p.purchases++;
        p.revenueCents += paid;
        if (p.firstPurchaseAt == Long.MIN_VALUE) {
            p.firstPurchaseAt = clock;
        }
        p.lastPurchaseAt = clock;
        out.orders++;
        p.orders.add(
                new Person.Order(orderId, clock, paid, discount, coupon, categories, products, unit, quantities, null));
        page(device, "支付成功", strings.pages[device.ordinal()][ShopStrings.SUCCESS], anonymousId, context, slot, true);
    }

    private void productsJson(int[] categories, int[] products, long[] unit, int[] quantities) {
        boolean firstLine = true;
        for (int i = 0; i < categories.length; i++) {
            if (unit[i] == 0) {
                continue;
            }
            if (!firstLine) {
                sb.append(',');
            }
            firstLine = false;
            sb.append('{');
            Json.field(sb, "product_id", catalog.productIds[categories[i]][products[i]]);
            Json.field(sb, "category", ShopCatalog.CATEGORIES[categories[i]]);
            sb.append(",\"price\":");
            Json.appendCents(sb, unit[i]);
            sb.append(",\"quantity\":").append(quantities[i]).append('}');
        }
    }

    private String checkoutProperties(int lines) {
        long value = 0;
        for (int i = 0; i < lines; i++) {
            value += catalog.priceCents[addedCategories[i]][addedProducts[i]];
        }
        sb.setLength(0);
        sb.append("{\"value\":");
        Json.appendCents(sb, value);
        sb.append(",\"currency\":\"CNY\",\"products\":[");
        long[] unit = new long[lines];
        int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++) {
            unit[i] = catalog.priceCents[addedCategories[i]][addedProducts[i]];
            quantities[i] = 1;
        }
        productsJson(Arrays.copyOf(addedCategories, lines), Arrays.copyOf(addedProducts, lines), unit, quantities);
        return sb.append("]}").toString();
    }

    private String orderId(int number) {
        long local = clock / SECOND + ctx.offsetAt(clock).getTotalSeconds();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400L));
        long serial = Math.floorMod((p.index * 1000 + number) * 7_777_777_777L + ctx.messageIdSalt(), 10_000_000_000L);
        String digits = Long.toString(serial);
        return "DD" + (date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth())
                + "0".repeat(10 - digits.length()) + digits;
    }

    private int contentType(Device device) {
        double shortShare = device.mobile ? p.channel.shortContentShare : 0.10;
        if (rng.chance(shortShare)) {
            return 0;
        }
        return rng.chance(0.5) ? 1 : 2;
    }

    /** Mobile users respond to short content; web users to long detail pages. */
    private double addProbability(Device device, int content) {
        double factor = device.mobile ? (content == 0 ? 1.8 : content == 1 ? 1.1 : 0.6) : (content == 2 ? 1.3 : 1.0);
        double channel = p.channel == Channel.DOUYIN ? 0.8 : p.channel == Channel.BAIDU ? 1.2 : 1.0;
        return 0.09 * factor * channel;
    }

    private static double checkoutProbability(Device device) {
        return switch (device) {
            case IOS -> 0.45;
            case ANDROID -> 0.38;
            case WEB -> 0.55;
            case MINIPROGRAM -> 0.50;
        };
    }

    private void page(
            Device device, String name, String properties, String anonymousId, String context, int slot, boolean step) {
        emit(
                device.isApp() ? EventBatch.SCREEN : EventBatch.PAGE,
                null,
                name,
                properties,
                null,
                anonymousId,
                context,
                slot,
                step);
    }

    private void emitIdentify(String traits, String anonymousId, String context, int slot) {
        clock += SECOND;
        addEvent(EventBatch.IDENTIFY, null, null, EventBatch.EMPTY, traits, p.userId, anonymousId, context, null);
    }

    private boolean emit(
            String type,
            String event,
            String name,
            String properties,
            String traits,
            String anonymousId,
            String context,
            int slot,
            boolean step) {
        return emit(type, event, name, properties, traits, anonymousId, context, slot, step, null);
    }

    private boolean emit(
            String type,
            String event,
            String name,
            String properties,
            String traits,
            String anonymousId,
            String context,
            int slot,
            boolean step,
            String previousId) {
        if (step) {
            clock += Math.min(90 * SECOND, SECOND + (long) (rng.exponential(1 / 20.0) * SECOND)) / 1000 * 1000;
        }
        String userId = identified[slot] ? p.userId : null;
        return addEvent(
                type,
                event,
                name,
                properties,
                traits == null ? EventBatch.EMPTY : traits,
                userId,
                type == EventBatch.ALIAS ? null : anonymousId,
                context,
                previousId);
    }

    private boolean addEvent(
            String type,
            String event,
            String name,
            String properties,
            String traits,
            String userId,
            String anonymousId,
            String context,
            String previousId) {
        if (clock >= ctx.windowEnd()) {
            return false; // a late session on the last day is cut at the end of the period
        }
        long sent = clock + (long) (rng.exponential(1 / 0.4) * SECOND) / 1000 * 1000;
        Who who = who(type == EventBatch.ALIAS ? p.userId : userId, anonymousId, context);
        out.add(
                hiId,
                Rng.mix64(++seq ^ 0x2545F4914F6CDD1DL),
                type,
                event,
                name,
                who,
                clock,
                sent,
                properties,
                traits,
                previousId);
        p.events++;
        return true;
    }

    /** The person's Who for these identities and context (the same strings give the same object). */
    private Who who(String userId, String anonymousId, String context) {
        for (int i = 0; i < whoCount; i++) {
            Who w = whos[i];
            if (w.userId == userId && w.anonymousId == anonymousId && w.context == context) {
                return w;
            }
        }
        if (whoCount == whos.length) {
            whos = Arrays.copyOf(whos, whoCount * 2);
        }
        Who w = new Who(userId, anonymousId, context);
        whos[whoCount++] = w;
        return w;
    }

    private void offlinePurchases(double acquired, double activeEnd) {
        boolean shopper = p.channel == Channel.OFFLINE_STORE || (p.city.tier() <= 3 && rng.chance(0.10));
        if (!shopper) {
            return;
        }
        String store = p.city.name() + ChinaData.STORES[rng.nextInt(ChinaData.STORES.length)];
        double t = p.channel == Channel.OFFLINE_STORE ? acquired : acquired + rng.exponential(0.03);
        int n = 0;
        while (t < activeEnd) {
            int day = Math.min(ctx.days() - 1, (int) t);
            long at = ctx.dayStart(day) + (long) (rng.uniform(10, 21) * 3_600_000_000.0) / SECOND * SECOND;
            long cents = Math.max(100, Math.round(rng.gamma(model.spendP(), p.spendNu) * 120));
            n++;
            p.offlineOrders.add(
                    new Person.Order("POS" + p.index + "-" + n, at, cents, 0, null, null, null, null, null, store));
            t += rng.exponential(0.015);
        }
    }

    /** The purchase process after the end, continued with the same model (for calibration checks). */
    private void future(Rng future) {
        if (!p.willConvert || !p.aliveAtEnd) {
            return;
        }
        double t = p.pendingConversion ? future.exponential(p.conversionRate) : 0;
        boolean counted = p.pendingConversion;
        while (t <= 365) {
            if (counted) {
                if (t <= 90) {
                    p.futurePurchases90++;
                }
                if (t <= 180) {
                    p.futurePurchases180++;
                }
                p.futurePurchases365++;
                p.futureRevenue365Cents += Math.round(future.gamma(model.spendP(), p.spendNu) * 100);
                if (t > 0 && future.chance(p.dropout) && !(p.pendingConversion && p.futurePurchases365 == 1)) {
                    break;
                }
            }
            counted = true;
            t += future.exponential(p.lambda);
        }
    }

    private double toDays(long micros) {
        return (micros - ctx.windowStart()) / (double) DAY;
    }

    /** Timestamp of a model time (days from the start): its day, at an hour the person is active. */
    private long timeOf(double t) {
        int day = Math.min(ctx.days() - 1, (int) t);
        int acquiredDay = ctx.dayOf(p.acquiredAt);
        if (day <= acquiredDay) {
            long earliest = p.acquiredAt + 120 * SECOND;
            long latest = ctx.dayStart(acquiredDay + 1) - 3600 * SECOND;
            if (earliest < latest || acquiredDay + 1 >= ctx.days()) {
                return earliest + (long) (rng.uniform() * Math.max(0, latest - earliest)) / 1000 * 1000;
            }
            day = acquiredDay + 1;
        }
        return ctx.dayStart(day) + PersonFactory.hourMicros(p, rng);
    }

    private void addSession(long time, int kind) {
        if (sessionCount == sessions.length) {
            sessions = Arrays.copyOf(sessions, sessionCount * 2);
        }
        sessions[sessionCount++] = time << 2 | kind;
    }

    private static int kind(long packed) {
        return (int) (packed & 3);
    }

    private static long time(long packed) {
        return packed >> 2;
    }
}
