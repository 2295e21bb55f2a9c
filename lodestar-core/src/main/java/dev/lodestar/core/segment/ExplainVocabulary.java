package dev.lodestar.core.segment;

import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.SegmentFields;
import java.util.Map;

/**
 * Words for explanations in English and Chinese: labels of computed fields and their values, of
 * the stored event properties, and the well-known Segment-spec events as verbs.
 */
final class ExplainVocabulary {
    private ExplainVocabulary() {}

    /** {@code {english, chinese}} per computed field. */
    private static final Map<String, String[]> FIELDS = Map.ofEntries(
            Map.entry("rfm.segment", new String[] {"RFM segment", "RFM 分群"}),
            Map.entry("rfm.r", new String[] {"recency score (R)", "R 得分（最近消费）"}),
            Map.entry("rfm.f", new String[] {"frequency score (F)", "F 得分（消费频次）"}),
            Map.entry("rfm.m", new String[] {"monetary score (M)", "M 得分（消费金额）"}),
            Map.entry("rfm.recency_days", new String[] {"days since the last order", "距上次下单天数"}),
            Map.entry("rfm.frequency", new String[] {"orders in the RFM window", "RFM 窗口内订单数"}),
            Map.entry("rfm.monetary", new String[] {"revenue in the RFM window", "RFM 窗口内消费金额"}),
            Map.entry("value.decile", new String[] {"revenue decile", "消费金额十分位"}),
            Map.entry("value.abc", new String[] {"ABC value class", "ABC 价值分类"}),
            Map.entry("activity.state", new String[] {"activity state", "活跃状态"}),
            Map.entry("lifecycle.stage", new String[] {"lifecycle stage", "生命周期阶段"}),
            Map.entry("person.events", new String[] {"events", "事件数"}),
            Map.entry("person.days_since_first_seen", new String[] {"days since first seen", "首次出现距今天数"}),
            Map.entry("person.days_since_last_seen", new String[] {"days since last seen", "最近出现距今天数"}));

    /** {@code {english, chinese}} per value of an enumerated computed field, keyed "field=value". */
    private static final Map<String, String[]> VALUES = Map.ofEntries(
            Map.entry("rfm.segment=Champions", new String[] {"Champions", "重要价值客户"}),
            Map.entry("rfm.segment=Loyal Customers", new String[] {"Loyal Customers", "忠诚客户"}),
            Map.entry("rfm.segment=Potential Loyalist", new String[] {"Potential Loyalist", "潜在忠诚客户"}),
            Map.entry("rfm.segment=New Customers", new String[] {"New Customers", "新客户"}),
            Map.entry("rfm.segment=Promising", new String[] {"Promising", "有潜力客户"}),
            Map.entry("rfm.segment=Need Attention", new String[] {"Need Attention", "需要关注客户"}),
            Map.entry("rfm.segment=About To Sleep", new String[] {"About To Sleep", "即将沉睡客户"}),
            Map.entry("rfm.segment=At Risk", new String[] {"At Risk", "流失风险客户"}),
            Map.entry("rfm.segment=Can't Lose Them", new String[] {"Can't Lose Them", "重要挽留客户"}),
            Map.entry("rfm.segment=Hibernating", new String[] {"Hibernating", "沉睡客户"}),
            Map.entry("rfm.segment=Lost", new String[] {"Lost", "流失客户"}),
            Map.entry("activity.state=active", new String[] {"active", "活跃"}),
            Map.entry("activity.state=silent", new String[] {"silent", "沉默"}),
            Map.entry("activity.state=churned", new String[] {"churned", "流失"}),
            Map.entry("lifecycle.stage=new", new String[] {"new", "新用户"}),
            Map.entry("lifecycle.stage=active", new String[] {"active", "活跃"}),
            Map.entry("lifecycle.stage=at_risk", new String[] {"at risk", "有流失风险"}),
            Map.entry("lifecycle.stage=churned", new String[] {"churned", "已流失"}),
            Map.entry("lifecycle.stage=resurrected", new String[] {"resurrected", "回流"}));

    /** {@code {english, chinese}} for the stored event properties. */
    private static final Map<String, String[]> PROPERTIES = Map.of(
            "category", new String[] {"category", "类目"},
            "url", new String[] {"URL", "网址"},
            "channel", new String[] {"channel", "渠道"},
            "currency", new String[] {"currency", "币种"},
            "product_id", new String[] {"product ID", "商品 ID"},
            "order_id", new String[] {"order ID", "订单 ID"});

    /** Chinese verb phrases of well-known events (Segment e-commerce and lifecycle specs). */
    private static final Map<String, String> CHINESE_EVENTS = Map.ofEntries(
            Map.entry("Product Viewed", "浏览商品"),
            Map.entry("Product Clicked", "点击商品"),
            Map.entry("Product Added", "加购商品"),
            Map.entry("Product Removed", "移除购物车商品"),
            Map.entry("Product Shared", "分享商品"),
            Map.entry("Product Reviewed", "评价商品"),
            Map.entry("Product Added to Wishlist", "收藏商品"),
            Map.entry("Product List Viewed", "浏览商品列表"),
            Map.entry("Products Searched", "搜索商品"),
            Map.entry("Cart Viewed", "查看购物车"),
            Map.entry("Checkout Started", "开始结账"),
            Map.entry("Payment Info Entered", "填写支付信息"),
            Map.entry("Order Completed", "完成订单"),
            Map.entry("Order Updated", "更新订单"),
            Map.entry("Order Refunded", "订单退款"),
            Map.entry("Order Cancelled", "取消订单"),
            Map.entry("Coupon Applied", "使用优惠券"),
            Map.entry("Signed Up", "注册"),
            Map.entry("Signed In", "登录"),
            Map.entry("Signed Out", "退出登录"),
            Map.entry("Logged In", "登录"),
            Map.entry("Application Installed", "安装应用"),
            Map.entry("Application Opened", "打开应用"),
            Map.entry("Email Opened", "打开邮件"),
            Map.entry("Email Link Clicked", "点击邮件链接"),
            Map.entry("Subscription Started", "开始订阅"));

    /** Base forms of common past-tense verbs in event names, for "did not view". */
    private static final Map<String, String> BASE_FORMS = Map.ofEntries(
            Map.entry("viewed", "view"),
            Map.entry("completed", "complete"),
            Map.entry("added", "add"),
            Map.entry("removed", "remove"),
            Map.entry("started", "start"),
            Map.entry("searched", "search"),
            Map.entry("clicked", "click"),
            Map.entry("shared", "share"),
            Map.entry("opened", "open"),
            Map.entry("signed", "sign"),
            Map.entry("logged", "log"),
            Map.entry("updated", "update"),
            Map.entry("refunded", "refund"),
            Map.entry("cancelled", "cancel"),
            Map.entry("canceled", "cancel"),
            Map.entry("created", "create"),
            Map.entry("deleted", "delete"),
            Map.entry("submitted", "submit"),
            Map.entry("reviewed", "review"),
            Map.entry("played", "play"),
            Map.entry("entered", "enter"),
            Map.entry("applied", "apply"),
            Map.entry("installed", "install"),
            Map.entry("purchased", "purchase"),
            Map.entry("subscribed", "subscribe"),
            Map.entry("registered", "register"),
            Map.entry("downloaded", "download"),
            Map.entry("uploaded", "upload"),
            Map.entry("saved", "save"),
            Map.entry("selected", "select"),
            Map.entry("watched", "watch"),
            Map.entry("booked", "book"),
            Map.entry("invited", "invite"),
            Map.entry("joined", "join"),
            Map.entry("liked", "like"),
            Map.entry("renewed", "renew"),
            Map.entry("upgraded", "upgrade"),
            Map.entry("downgraded", "downgrade"),
            Map.entry("returned", "return"),
            Map.entry("requested", "request"),
            Map.entry("received", "receive"),
            Map.entry("verified", "verify"),
            Map.entry("activated", "activate"),
            Map.entry("failed", "fail"),
            Map.entry("finished", "finish"));

    /** The label of a field; a trait or interest dimension by its own name. */
    static String field(Field field, boolean chinese) {
        String[] label = FIELDS.get(field.toString());
        if (label != null) {
            return label[chinese ? 1 : 0];
        }
        if (field.namespace().equals(SegmentFields.INTEREST)) {
            return chinese ? field.name() + " 兴趣" : field.name().replace('_', ' ') + " interest";
        }
        return chinese ? field.name() : field.name().replace('_', ' ');
    }

    /** Whether the field's values are a fixed list that reads as names. */
    static boolean enumerated(Field field) {
        return SegmentFields.computed(field).map(c -> !c.allowed().isEmpty()).orElse(false);
    }

    /** A value as shown: a named value of a computed field in the language, else its text. */
    static String value(Field field, Literal literal, boolean chinese) {
        String[] label = VALUES.get(field + "=" + literal.asText());
        if (label != null) {
            return label[chinese ? 1 : 0];
        }
        return literal.asText();
    }

    static String property(String property, boolean chinese) {
        String[] label = PROPERTIES.get(property);
        return label == null ? property : label[chinese ? 1 : 0];
    }

    static String chineseEvent(String event) {
        return CHINESE_EVENTS.get(event);
    }

    static String baseForm(String pastTense) {
        String base = BASE_FORMS.get(pastTense);
        if (base == null && pastTense.endsWith("ied") && pastTense.length() > 4) {
            return pastTense.substring(0, pastTense.length() - 3) + "y";
        }
        return base;
    }
}
