package dev.lodestar.sim.internal;

/** Channels a campaign can reach a person through; each person has a true uplift per channel. */
public enum CampaignChannel {
    SMS("sms"),
    WECHAT_MESSAGE("wechat_message"),
    APP_PUSH("app_push"),
    EMAIL("email");

    public final String code;

    CampaignChannel(String code) {
        this.code = code;
    }
}
