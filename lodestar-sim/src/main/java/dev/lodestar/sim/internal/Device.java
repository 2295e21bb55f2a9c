package dev.lodestar.sim.internal;

/** The device a person uses, with the Segment library that would send its events. */
public enum Device {
    IOS("ios", "iOS", "analytics-ios", "4.1.8", true),
    ANDROID("android", "Android", "analytics-android", "4.11.3", true),
    WEB("web", "Windows", "analytics.js", "4.15.3", false),
    MINIPROGRAM("miniprogram", "iOS", "analytics-wechat-miniprogram", "1.6.0", true);

    public final String code;
    public final String osName;
    public final String library;
    public final String libraryVersion;
    /** Mobile users favour short content (short videos, image posts) over long articles. */
    public final boolean mobile;

    Device(String code, String osName, String library, String libraryVersion, boolean mobile) {
        this.code = code;
        this.osName = osName;
        this.library = library;
        this.libraryVersion = libraryVersion;
        this.mobile = mobile;
    }

    public boolean isApp() {
        return this == IOS || this == ANDROID;
    }
}
