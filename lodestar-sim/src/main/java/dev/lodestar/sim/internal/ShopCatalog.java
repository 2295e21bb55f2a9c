package dev.lodestar.sim.internal;

/**
 * The online shop's catalogue: eight categories with a few hundred products each. Product
 * popularity within a category is Zipf-like (s = 1.1), prices are log-normal around a category
 * median. The catalogue depends only on the seed.
 */
public final class ShopCatalog {
    public static final String[] CATEGORIES = {"母婴", "美妆", "数码", "服饰", "食品", "家居", "运动户外", "图书"};
    public static final String[] CATEGORY_SLUGS = {
        "baby", "beauty", "digital", "apparel", "food", "home", "sports", "books"
    };
    private static final double[] MEDIAN_PRICE = {120, 150, 600, 180, 60, 130, 220, 45};
    private static final String[][] STEMS = {
        {"纸尿裤", "婴儿奶粉", "婴儿湿巾", "婴儿推车", "儿童餐椅", "奶瓶"},
        {"精华液", "保湿面霜", "口红", "防晒霜", "补水面膜", "粉底液"},
        {"蓝牙耳机", "充电宝", "智能手表", "平板电脑", "机械键盘", "手机壳"},
        {"连衣裙", "纯棉T恤", "牛仔裤", "羽绒服", "运动鞋", "连帽卫衣"},
        {"坚果礼盒", "纯牛奶", "咖啡豆", "零食大礼包", "明前龙井", "螺蛳粉"},
        {"四件套", "收纳箱", "香薰蜡烛", "保温杯", "棉拖鞋", "护眼台灯"},
        {"瑜伽垫", "跑步鞋", "露营帐篷", "登山包", "可调哑铃", "骑行服"},
        {"儿童绘本", "长篇小说", "考研资料", "历史读物", "漫画合集", "英语教材"}
    };
    private static final String[] VARIANTS = {"经典款", "升级款", "礼盒装", "Pro", "轻薄款", "大容量", "家庭装", "限定版"};
    public static final String[] COUPONS = {"NEW20", "MANJIAN50", "VIP10", "FLASH15", "WEEKEND30"};

    public static final int PRODUCTS_PER_CATEGORY = 240;

    /** Per category and product: the product id. */
    public final String[][] productIds;
    /** Per category and product: price in cents. */
    public final long[][] priceCents;
    /** Per category and product: JSON members for product events, without braces. */
    public final String[][] productJson;

    public final String[][] productNames;
    /** Per category: cumulative popularity. */
    public final double[] popularity;

    public ShopCatalog(long seed) {
        Rng rng = Rng.forIndex(seed, 99, 0);
        int n = PRODUCTS_PER_CATEGORY;
        productIds = new String[CATEGORIES.length][n];
        priceCents = new long[CATEGORIES.length][n];
        productJson = new String[CATEGORIES.length][n];
        productNames = new String[CATEGORIES.length][n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 / Math.pow(i + 1, 1.1);
        }
        popularity = Rng.cumulative(weights);
        for (int c = 0; c < CATEGORIES.length; c++) {
            for (int i = 0; i < n; i++) {
                String id = "SKU" + (c + 1) + String.format("%05d", 10_000 + i * 7 + c);
                double price = MEDIAN_PRICE[c] * Math.exp(0.5 * rng.normal());
                long cents = Math.max(990, Math.round(price) * 100 - 10); // prices like 129.90
                String name = STEMS[c][rng.nextInt(STEMS[c].length)] + " " + VARIANTS[rng.nextInt(VARIANTS.length)];
                productIds[c][i] = id;
                priceCents[c][i] = cents;
                productNames[c][i] = name;
                StringBuilder sb = new StringBuilder(120);
                sb.append("\"product_id\":\"")
                        .append(id)
                        .append("\",\"category\":\"")
                        .append(CATEGORIES[c]);
                sb.append("\",\"name\":\"").append(name).append("\",\"price\":");
                Json.appendCents(sb, cents);
                sb.append(",\"currency\":\"CNY\"");
                productJson[c][i] = sb.toString();
            }
        }
    }

    public int sampleProduct(Rng rng) {
        return rng.pick(popularity);
    }
}
