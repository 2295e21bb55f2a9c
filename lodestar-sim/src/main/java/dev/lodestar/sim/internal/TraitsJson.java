package dev.lodestar.sim.internal;

/** Traits of the identify call at sign-up. */
final class TraitsJson {
    private TraitsJson() {}

    static String signUp(Person p, long at, SimContext ctx) {
        StringBuilder sb = new StringBuilder(300).append('{');
        Json.field(sb, "phone", p.phone);
        if (p.email != null) {
            Json.field(sb, "email", p.email);
        }
        Json.field(sb, "name", p.name);
        Json.field(sb, "gender", p.gender);
        Json.field(sb, "age_band", p.ageBand);
        Json.field(sb, "province", p.city.province());
        Json.field(sb, "city", p.city.name());
        sb.append(",\"city_tier\":").append(p.city.tier());
        if (p.miniProgramOpenId != null && p.device == Device.MINIPROGRAM) {
            Json.field(sb, "wechat_openid", p.miniProgramOpenId);
        }
        if (p.unionId != null) {
            Json.field(sb, "wechat_unionid", p.unionId);
        }
        Json.field(sb, "acquisition_channel", p.channel.code);
        sb.append(",\"created_at\":\"");
        Timestamps.appendIso(sb, at, ctx.offsetAt(at));
        return sb.append("\"}").toString();
    }
}
