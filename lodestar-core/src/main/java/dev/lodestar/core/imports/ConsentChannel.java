package dev.lodestar.core.imports;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A channel a person can consent to be contacted on. */
public enum ConsentChannel {
    @JsonProperty("email")
    EMAIL,
    @JsonProperty("sms")
    SMS,
    @JsonProperty("wechat")
    WECHAT,
    @JsonProperty("push")
    PUSH
}
