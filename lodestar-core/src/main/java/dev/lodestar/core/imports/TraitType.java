package dev.lodestar.core.imports;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The type of a trait or event property value. */
public enum TraitType {
    /** Text as in the source (trimmed). */
    @JsonProperty("string")
    STRING,
    /** A decimal number; thousands separators, currency signs (¥ ￥ $) and 元 are removed. */
    @JsonProperty("number")
    NUMBER,
    /** true/false, yes/no, 1/0, 是/否, Y/N. */
    @JsonProperty("boolean")
    BOOLEAN,
    /** A calendar date ({@code LocalDate}); a date-time is cut to its date in the mapping's zone. */
    @JsonProperty("date")
    DATE,
    /** An instant; values without an offset are in the mapping's zone. */
    @JsonProperty("datetime")
    DATETIME
}
