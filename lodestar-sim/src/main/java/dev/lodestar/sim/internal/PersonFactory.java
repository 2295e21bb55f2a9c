package dev.lodestar.sim.internal;

import dev.lodestar.sim.IdentityMix;
import dev.lodestar.sim.PurchaseModel;

/**
 * Draws a person's attributes, identities and latent behaviour. The distributions are listed in the
 * module README; this class is their single source.
 */
public final class PersonFactory {
    static final String[] AGE_BANDS = {"18-24", "25-30", "31-40", "41-50", "51+"};
    private static final double[] AGE_CUMULATIVE = Rng.cumulative(0.22, 0.28, 0.28, 0.14, 0.08);
    private static final double[] TIER_CUMULATIVE = Rng.cumulative(ChinaData.TIER_SHARES);
    private static final double[] PEAK_HOURS = {8.5, 12.5, 15.5, 21.0};
    private static final double[] PEAK_CUMULATIVE = Rng.cumulative(0.15, 0.20, 0.10, 0.55);
    private static final String[] PHONE_PREFIXES = {
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
        "157", "158", "159", "170", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186",
        "187", "188", "189", "191", "193", "195", "196", "198", "199"
    };
    private static final String[] EMAIL_DOMAINS = {
        "qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com", "sina.com"
    };
    private static final double[] EMAIL_CUMULATIVE = Rng.cumulative(0.42, 0.22, 0.10, 0.07, 0.08, 0.06, 0.05);
    private static final String[] EMAIL_WORDS = {
        "", "lily", "wang", "zhang", "chen", "happy", "sunny", "xiao", "li", "mia"
    };
    static final String OPENID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Growth of daily acquisitions over the period: the last day brings (1 + GROWTH) times the first. */
    static final double GROWTH = 1.0;

    private final SimContext context;
    private final PurchaseModel model;
    private final IdentityMix mix;
    private final long[] offsets = new long[4];

    public PersonFactory(SimContext context) {
        this.context = context;
        this.model = context.config().purchaseModel();
        this.mix = context.config().identityMix();
        Rng rng = Rng.forIndex(context.config().seed(), 98, 0);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Math.floorMod(rng.nextLong(), 100_000_000L);
        }
    }

    public Person create(long index, Rng rng) {
        Person p = new Person(index);
        p.gender = rng.chance(0.58) ? "female" : "male";
        p.ageBand = AGE_BANDS[rng.pick(AGE_CUMULATIVE)];
        ChinaData.City[] tier = ChinaData.CITIES[rng.pick(TIER_CUMULATIVE)];
        p.city = tier[rng.nextInt(tier.length)];
        p.channel = Channel.sample(rng);
        p.device = Device.values()[rng.pick(p.channel.deviceCumulative)];
        p.name = ChinaData.SURNAMES[rng.nextInt(ChinaData.SURNAMES.length)]
                + ("female".equals(p.gender) ? rng.pick(ChinaData.GIVEN_FEMALE) : rng.pick(ChinaData.GIVEN_MALE));
        p.nickname = rng.pick(ChinaData.NICKNAMES) + (rng.chance(0.4) ? String.valueOf(rng.nextInt(1, 1000)) : "");

        // latent purchase behaviour (BG/NBD + Gamma-Gamma)
        p.lambda = rng.gamma(model.r(), model.alpha());
        p.dropout = rng.beta(model.a(), model.b());
        double conversion =
                model.conversionShare() * p.channel.conversionFactor * p.channel.deviceConversionFactor(p.device);
        p.willConvert = rng.chance(Math.min(0.95, conversion));
        p.convertsInFirstSession = rng.chance(0.30);
        p.conversionRate = 1 / model.conversionDelayDays();
        p.visitorLifetimeDays = rng.exponential(1 / 14.0);
        p.sessionRate = rng.gamma(2.0, 2.0 / 0.10) + 5 * p.lambda;
        p.spendNu = rng.gamma(model.spendQ(), model.spendGamma());
        p.meanOrderValue = model.spendP() / p.spendNu;
        p.interest = rng.dirichlet(interestConcentration(p));
        p.priceSensitivity = p.city.tier() >= 3 ? rng.beta(3, 3) : rng.beta(2, 4);
        p.activePeakHour = PEAK_HOURS[rng.pick(PEAK_CUMULATIVE)] + 0.75 * rng.normal();
        p.satisfaction = clamp01(0.9 - 0.8 * p.dropout + 0.12 * rng.normal());
        p.preferredChannel = preferredChannel(p, rng);
        p.uplift = new double[CampaignChannel.values().length];
        for (CampaignChannel c : CampaignChannel.values()) {
            double u = rng.beta(1.2, 25);
            p.uplift[c.ordinal()] = c == p.preferredChannel ? Math.min(0.6, 3 * u) : u;
        }

        // identity situation
        p.anonymousFirst = rng.chance(mix.anonymousFirstShare());
        p.signsUp = p.willConvert || rng.chance(mix.visitorSignUpShare());
        p.surveyed = p.signsUp && rng.chance(0.12);
        if (p.signsUp && rng.chance(mix.secondDeviceShare())) {
            Device second;
            do {
                second = Device.values()[rng.nextInt(Device.values().length)];
            } while (second == p.device);
            p.secondDevice = second;
        }
        p.userId = "u" + scramble(index, 3_141_592_653L, offsets[0], 10_000_000_000L, 10);
        p.crmId = "CRM" + scramble(index, 27_182_817L, offsets[1], 100_000_000L, 8);
        p.phone = PHONE_PREFIXES[rng.nextInt(PHONE_PREFIXES.length)]
                + scramble(index, 16_180_339L, offsets[2], 100_000_000L, 8);
        if (p.signsUp && rng.chance(mix.emailShare())) {
            String domain = EMAIL_DOMAINS[rng.pick(EMAIL_CUMULATIVE)];
            String number = Long.toString(10_000 + Math.floorMod(index * 31_415_927L + offsets[3], 1_000_000_000L));
            p.email = ("qq.com".equals(domain) ? number : rng.pick(EMAIL_WORDS) + number) + "@" + domain;
        }
        p.anonymousId = p.device == Device.MINIPROGRAM ? p.miniProgramOpenId = openId(rng) : uuid(rng);
        if (p.secondDevice != null) {
            if (p.secondDevice == Device.MINIPROGRAM) {
                p.miniProgramOpenId = openId(rng);
                p.secondAnonymousId = p.miniProgramOpenId;
            } else {
                p.secondAnonymousId = uuid(rng);
            }
        }
        if (rng.chance(mix.wechatFollowShare())) {
            p.officialAccountOpenId = openId(rng);
        }
        if ((p.officialAccountOpenId != null || p.miniProgramOpenId != null) && rng.chance(mix.unionIdShare())) {
            p.unionId = openId(rng);
        }

        // acquisition: daily acquisitions grow linearly over the period
        double u = rng.uniform();
        double g = GROWTH;
        double dayPosition = (Math.sqrt(1 + u * ((1 + g) * (1 + g) - 1)) - 1) / g;
        int day = Math.min(context.days() - 1, (int) (dayPosition * context.days()));
        p.acquiredAt = context.dayStart(day) + hourMicros(p, rng);
        return p;
    }

    /** A time of day (micros after midnight, before 23:00) around the person's active peak. */
    public static long hourMicros(Person p, Rng rng) {
        double hour = rng.chance(0.12) ? rng.uniform(0, 23) : p.activePeakHour + 1.5 * rng.normal();
        hour = ((hour % 24) + 24) % 24;
        if (hour >= 23) {
            hour = hour - 23 + 7; // late night spills into the morning
        }
        return (long) (hour * 3_600_000_000.0) / 1000 * 1000;
    }

    private static double[] interestConcentration(Person p) {
        double[] alpha = {0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6};
        boolean female = "female".equals(p.gender);
        boolean parentAge = "25-30".equals(p.ageBand) || "31-40".equals(p.ageBand);
        if (female) {
            alpha[1] += 1.0; // 美妆
            alpha[3] += 0.5; // 服饰
        } else {
            alpha[2] += 1.0; // 数码
            alpha[6] += 0.6; // 运动户外
        }
        if (parentAge) {
            alpha[0] += female ? 0.8 : 0.3; // 母婴
        }
        if ("51+".equals(p.ageBand) || "41-50".equals(p.ageBand)) {
            alpha[4] += 0.6; // 食品
            alpha[5] += 0.5; // 家居
        }
        return alpha;
    }

    private static CampaignChannel preferredChannel(Person p, Rng rng) {
        double[] weights =
                switch (p.device) {
                    case IOS, ANDROID -> new double[] {0.25, 0.25, 0.40, 0.10};
                    case MINIPROGRAM -> new double[] {0.20, 0.65, 0.05, 0.10};
                    case WEB -> new double[] {0.35, 0.25, 0.05, 0.35};
                };
        return CampaignChannel.values()[rng.pick(Rng.cumulative(weights))];
    }

    private static String scramble(long index, long multiplier, long offset, long modulus, int digits) {
        long value = Math.floorMod(Math.floorMod(index * multiplier, modulus) + offset, modulus);
        String s = Long.toString(value);
        return "0".repeat(digits - s.length()) + s;
    }

    static String uuid(Rng rng) {
        StringBuilder sb = new StringBuilder(36);
        Json.appendUuid(sb, rng.nextLong(), rng.nextLong());
        return sb.toString();
    }

    /** A WeChat-style OpenID or UnionID: 28 characters starting with 'o'. */
    static String openId(Rng rng) {
        StringBuilder sb = new StringBuilder(28).append('o');
        rng.appendChars(sb, OPENID_ALPHABET, 27);
        return sb.toString();
    }

    private static double clamp01(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
