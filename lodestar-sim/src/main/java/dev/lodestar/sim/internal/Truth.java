package dev.lodestar.sim.internal;

/**
 * Expectations of the generative model for one person at the end of the period, and the person's
 * true segment. Closed forms of the BG/NBD individual-level model (Fader, Hardie and Lee 2005):
 * for a customer alive at the end, purchases in the next h days have expectation {@code (1 -
 * exp(-lambda p h)) / p}, and the customer is still alive after h days with probability {@code
 * exp(-lambda p h)}. A person who will buy but has not yet converts at rate kappa, and the first
 * purchase is not a dropout point.
 */
public final class Truth {
    private Truth() {}

    /** Expected purchases in the next {@code h} days. */
    public static double expectedPurchases(Person p, double h) {
        if (!p.willConvert || !p.aliveAtEnd) {
            return 0;
        }
        double lp = p.lambda * p.dropout;
        if (!p.pendingConversion) {
            return repeat(lp, p.dropout, h);
        }
        double k = p.conversionRate;
        double converted = 1 - Math.exp(-k * h);
        // integral over the conversion time s of k e^{-ks} (1 - e^{-lp (h - s)}) / p
        double integral = Math.abs(k - lp) < 1e-12
                ? k * Math.exp(-lp * h) * h
                : k * Math.exp(-lp * h) * (1 - Math.exp(-(k - lp) * h)) / (k - lp);
        return converted + (converted - integral) / p.dropout;
    }

    private static double repeat(double lp, double p, double h) {
        return lp * h < 1e-9 ? lp * h / p : (1 - Math.exp(-lp * h)) / p;
    }

    /** Probability that the person is a live customer (or a live prospect) after {@code h} more days. */
    public static double probabilityAlive(Person p, double h) {
        if (!p.willConvert || !p.aliveAtEnd) {
            return 0;
        }
        double lp = p.lambda * p.dropout;
        if (!p.pendingConversion) {
            return Math.exp(-lp * h);
        }
        double k = p.conversionRate;
        double afterConversion = Math.abs(k - lp) < 1e-12
                ? k * Math.exp(-lp * h) * h
                : k * Math.exp(-lp * h) * (1 - Math.exp(-(k - lp) * h)) / (k - lp);
        return Math.exp(-k * h) + afterConversion;
    }

    /** True segment classes, checked in this order. */
    public enum Segment {
        CHURNED("已流失"),
        LAPSED_VISITOR("流失访客"),
        BROWSER("只逛不买"),
        PROSPECT("潜在买家"),
        VIP("高价值"),
        AT_RISK("流失风险"),
        BARGAIN_HUNTER("价格敏感"),
        REGULAR("普通活跃");

        public final String label;

        Segment(String label) {
            this.label = label;
        }
    }

    public static Segment segment(Person p) {
        if (p.willConvert && !p.aliveAtEnd) {
            return Segment.CHURNED;
        }
        if (!p.willConvert) {
            return p.aliveAtEnd ? Segment.BROWSER : Segment.LAPSED_VISITOR;
        }
        if (p.pendingConversion) {
            return Segment.PROSPECT;
        }
        if (expectedPurchases(p, 365) * p.meanOrderValue >= 2000) {
            return Segment.VIP;
        }
        if (probabilityAlive(p, 90) < 0.5) {
            return Segment.AT_RISK;
        }
        if (p.priceSensitivity >= 0.5) {
            return Segment.BARGAIN_HUNTER;
        }
        return Segment.REGULAR;
    }
}
