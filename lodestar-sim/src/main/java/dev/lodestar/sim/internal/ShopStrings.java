package dev.lodestar.sim.internal;

/**
 * Pre-built JSON text of the shop's pages and product events, per device: most events of a session
 * reuse one of these strings instead of building JSON.
 */
final class ShopStrings {
    static final String WEB_BASE = "https://www.xingchen.shop";
    static final String MINIPROGRAM_BASE = "wxapp://xingchen/pages";
    static final String[] CONTENT_TYPES = {"短视频", "图文", "详情页"};
    static final String[] PAGE_TITLES = {"首页", "购物车", "结算", "支付成功", "搜索结果", "活动会场"};
    static final String[] PAGE_PATHS = {"/", "/cart", "/checkout", "/order/success", "/search", "/promo/weekly"};
    static final int HOME = 0;
    static final int CART = 1;
    static final int CHECKOUT = 2;
    static final int SUCCESS = 3;
    static final int SEARCH = 4;
    static final int PROMO = 5;

    /** [device][page] properties of fixed pages. */
    final String[][] pages;
    /** [device][category] properties of category pages. */
    final String[][] categoryPages;
    /** [device][category][product] properties of product pages. */
    final String[][][] productPages;
    /** [category][product][contentType] properties of Product Viewed. */
    final String[][][] productViewed;
    /** [category][product] properties of Product Added with quantity 1. */
    final String[][] productAdded;

    ShopStrings(ShopCatalog catalog) {
        int devices = Device.values().length;
        int categories = ShopCatalog.CATEGORIES.length;
        int products = ShopCatalog.PRODUCTS_PER_CATEGORY;
        pages = new String[devices][PAGE_TITLES.length];
        categoryPages = new String[devices][categories];
        productPages = new String[devices][categories][products];
        for (Device device : Device.values()) {
            int d = device.ordinal();
            for (int i = 0; i < PAGE_TITLES.length; i++) {
                pages[d][i] = pageProperties(device, PAGE_PATHS[i], PAGE_TITLES[i], null);
            }
            for (int c = 0; c < categories; c++) {
                categoryPages[d][c] = pageProperties(
                        device, "/category/" + ShopCatalog.CATEGORY_SLUGS[c], ShopCatalog.CATEGORIES[c], null);
                for (int i = 0; i < products; i++) {
                    productPages[d][c][i] = pageProperties(
                            device, "/product/" + catalog.productIds[c][i], catalog.productNames[c][i], null);
                }
            }
        }
        productViewed = new String[categories][products][CONTENT_TYPES.length];
        productAdded = new String[categories][products];
        for (int c = 0; c < categories; c++) {
            for (int i = 0; i < products; i++) {
                for (int t = 0; t < CONTENT_TYPES.length; t++) {
                    productViewed[c][i][t] =
                            "{" + catalog.productJson[c][i] + ",\"content_type\":\"" + CONTENT_TYPES[t] + "\"}";
                }
                productAdded[c][i] = "{" + catalog.productJson[c][i] + ",\"quantity\":1}";
            }
        }
    }

    /** Page (web, mini-program) or screen (app) properties; channel is added on landing pages. */
    static String pageProperties(Device device, String path, String title, String channel) {
        StringBuilder sb = new StringBuilder(128).append('{');
        if (device.isApp()) {
            Json.field(sb, "path", path);
        } else {
            String url = (device == Device.WEB ? WEB_BASE : MINIPROGRAM_BASE) + path;
            Json.field(sb, "url", url);
            Json.field(sb, "path", path);
        }
        Json.field(sb, "title", title);
        if (channel != null) {
            Json.field(sb, "channel", channel);
        }
        return sb.append('}').toString();
    }
}
