package dev.lodestar.core.person;

import dev.lodestar.spi.identity.EngagementEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a person is active and which channel it answers on, from its events.
 *
 * <p>Active hours: every event counts in the hour of day it happened, in the project time zone
 * (daylight-saving time included); the peak hours are the (up to three) hours with the most events,
 * ties to the earlier hour, among hours with at least one event.
 *
 * <p>Channel preference counts engagement with messages: the Segment-spec message events ({@code
 * Email Opened}, {@code Email Link Clicked}, {@code Push Notification Tapped}, {@code Push
 * Notification Opened}, …; see {@link #CHANNEL_OF_EVENT}) and events whose campaign medium names a
 * channel ({@code context.campaign.medium} {@code email}, {@code sms}, {@code wechat}, {@code
 * push}). The preferred channel is the one with most such events (ties in the order email, sms,
 * wechat, app_push); none when the person has no engagement events.
 */
public record Engagement(long[] hours, List<Integer> peakHours, Map<String, Long> channels, String preferredChannel) {
    /** The channels, in tie-break order. */
    public static final List<String> CHANNELS = List.of("email", "sms", "wechat", "app_push");

    /** Message events and the channel they show engagement with. */
    public static final Map<String, String> CHANNEL_OF_EVENT = Map.ofEntries(
            Map.entry("Email Opened", "email"),
            Map.entry("Email Link Clicked", "email"),
            Map.entry("SMS Link Clicked", "sms"),
            Map.entry("SMS Replied", "sms"),
            Map.entry("WeChat Message Opened", "wechat"),
            Map.entry("WeChat Message Clicked", "wechat"),
            Map.entry("WeChat Template Message Clicked", "wechat"),
            Map.entry("Push Notification Opened", "app_push"),
            Map.entry("Push Notification Tapped", "app_push"),
            Map.entry("Push Notification Bounced", "app_push"));

    /** Campaign media and the channel they name. */
    private static final Map<String, String> CHANNEL_OF_MEDIUM = Map.of(
            "email", "email",
            "edm", "email",
            "sms", "sms",
            "wechat", "wechat",
            "weixin", "wechat",
            "push", "app_push",
            "app_push", "app_push");

    public static Engagement of(List<EngagementEvent> events, ZoneId zone) {
        long[] hours = new long[24];
        Map<String, Long> channels = new LinkedHashMap<>();
        for (EngagementEvent event : events) {
            hours[event.timestamp().atZone(zone).getHour()]++;
            String channel = event.name() == null ? null : CHANNEL_OF_EVENT.get(event.name());
            if (channel == null && event.medium() != null) {
                channel = CHANNEL_OF_MEDIUM.get(event.medium().strip().toLowerCase(Locale.ROOT));
            }
            if (channel != null) {
                channels.merge(channel, 1L, Long::sum);
            }
        }
        List<Integer> peak = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            if (hours[hour] > 0) {
                peak.add(hour);
            }
        }
        peak.sort(Comparator.comparingLong((Integer h) -> -hours[h]).thenComparingInt(h -> h));
        String preferred = null;
        long best = 0;
        for (String channel : CHANNELS) {
            long count = channels.getOrDefault(channel, 0L);
            if (count > best) {
                best = count;
                preferred = channel;
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String channel : CHANNELS) {
            if (channels.containsKey(channel)) {
                ordered.put(channel, channels.get(channel));
            }
        }
        return new Engagement(hours, List.copyOf(peak.subList(0, Math.min(3, peak.size()))), ordered, preferred);
    }
}
