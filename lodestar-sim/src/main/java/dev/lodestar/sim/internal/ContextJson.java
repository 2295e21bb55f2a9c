package dev.lodestar.sim.internal;

/** The Segment {@code context} object of one person's device, built once per person and device. */
final class ContextJson {
    private static final String[][] IOS_MODELS = {
        {"iPhone15,2", "17.5.1"}, {"iPhone14,5", "16.7.8"}, {"iPhone16,1", "17.6"}, {"iPhone13,2", "16.6"}
    };
    private static final String[][] ANDROID_MODELS = {
        {"Xiaomi", "23127PN0CC", "14"},
        {"HUAWEI", "ALN-AL00", "12"},
        {"OPPO", "PJZ110", "14"},
        {"vivo", "V2309A", "14"},
        {"HONOR", "ALI-AN00", "13"}
    };
    private static final String[] WEB_OS = {"Windows", "Mac OS X"};

    private ContextJson() {}

    static String build(Person p, Device device, String deviceId, Channel campaign, Rng rng) {
        StringBuilder sb = new StringBuilder(400).append("{\"library\":{");
        Json.field(sb, "name", device.library);
        Json.field(sb, "version", device.libraryVersion);
        sb.append("},\"device\":{");
        Json.field(sb, "type", device.code);
        String osName = device.osName;
        String osVersion;
        switch (device) {
            case IOS -> {
                String[] m = IOS_MODELS[rng.nextInt(IOS_MODELS.length)];
                Json.field(sb, "id", deviceId);
                Json.field(sb, "manufacturer", "Apple");
                Json.field(sb, "model", m[0]);
                osVersion = m[1];
            }
            case ANDROID -> {
                String[] m = ANDROID_MODELS[rng.nextInt(ANDROID_MODELS.length)];
                Json.field(sb, "id", deviceId);
                Json.field(sb, "manufacturer", m[0]);
                Json.field(sb, "model", m[1]);
                osVersion = m[2];
            }
            case MINIPROGRAM -> {
                boolean ios = rng.chance(0.4);
                osName = ios ? "iOS" : "Android";
                Json.field(sb, "manufacturer", ios ? "Apple" : "Xiaomi");
                osVersion = ios ? "17.5" : "14";
            }
            default -> {
                osName = WEB_OS[rng.chance(0.8) ? 0 : 1];
                osVersion = "Windows".equals(osName) ? "10" : "14.5";
            }
        }
        sb.append("},\"os\":{");
        Json.field(sb, "name", osName);
        Json.field(sb, "version", osVersion);
        sb.append('}');
        if (device.isApp()) {
            sb.append(",\"app\":{\"name\":\"Xingchen Mall\",\"version\":\"5.2.0\",\"build\":\"520\"}");
        } else if (device == Device.MINIPROGRAM) {
            sb.append(",\"wechat\":{\"appId\":\"wx8f3c2a1b5d6e7f90\",\"scene\":")
                    .append(campaign == null ? 1001 : 1047)
                    .append('}');
        } else {
            Json.field(
                    sb,
                    "userAgent",
                    "Mac OS X".equals(osName)
                            ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
                            : "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36");
        }
        Json.field(sb, "locale", "zh-CN");
        Json.field(sb, "timezone", "Asia/Shanghai");
        if (campaign != null) {
            sb.append(",\"campaign\":{");
            Json.field(sb, "source", campaign.code);
            Json.field(sb, "medium", campaign.medium);
            Json.field(sb, "name", "acq_" + campaign.code);
            sb.append('}');
        }
        return sb.append('}').toString();
    }
}
