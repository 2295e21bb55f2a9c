package dev.lodestar.sim.internal;

/**
 * Acquisition channel, with its share of new persons, the device mix it brings and how well its
 * persons convert (factor on the base conversion probability).
 */
public enum Channel {
    WECHAT("wechat", "微信", "social", 0.30, 1.15, new double[] {0.18, 0.22, 0.05, 0.55}, 0.25),
    DOUYIN("douyin", "抖音", "short_video", 0.25, 0.80, new double[] {0.35, 0.50, 0.05, 0.10}, 0.75),
    BAIDU("baidu", "百度搜索", "cpc", 0.12, 1.10, new double[] {0.15, 0.25, 0.50, 0.10}, 0.20),
    XIAOHONGSHU("xiaohongshu", "小红书", "social", 0.15, 1.00, new double[] {0.45, 0.35, 0.10, 0.10}, 0.60),
    APP_STORE("app_store", "应用商店", "app_install", 0.10, 1.20, new double[] {0.50, 0.50, 0.0, 0.0}, 0.35),
    OFFLINE_STORE("offline_store", "线下门店", "offline", 0.08, 1.30, new double[] {0.20, 0.25, 0.05, 0.50}, 0.30);

    public final String code;
    public final String label;
    public final String medium;
    public final double share;
    public final double conversionFactor;
    /** Cumulative weights over {@link Device#values()}. */
    public final double[] deviceCumulative;
    /** Share of short content (short video, image posts) among what these persons view. */
    public final double shortContentShare;

    Channel(
            String code,
            String label,
            String medium,
            double share,
            double conversionFactor,
            double[] deviceWeights,
            double shortContentShare) {
        this.code = code;
        this.label = label;
        this.medium = medium;
        this.share = share;
        this.conversionFactor = conversionFactor;
        this.deviceCumulative = Rng.cumulative(deviceWeights);
        this.shortContentShare = shortContentShare;
    }

    private static final Channel[] VALUES = values();
    private static final double[] CUMULATIVE = cumulativeShares();

    private static double[] cumulativeShares() {
        double[] weights = new double[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            weights[i] = VALUES[i].share;
        }
        return Rng.cumulative(weights);
    }

    public static Channel sample(Rng rng) {
        return VALUES[rng.pick(CUMULATIVE)];
    }

    public double deviceConversionFactor(Device device) {
        return switch (device) {
            case IOS -> 1.10;
            case ANDROID -> 0.95;
            case WEB -> 0.85;
            case MINIPROGRAM -> 1.05;
        };
    }
}
