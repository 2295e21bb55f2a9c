package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.spi.segment.Condition;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TestSegmentExplain {
    private static final String ISSUE_EXAMPLE =
            "rfm.segment in (\"At Risk\", \"Can't Lose Them\") and trait.city_tier <= 2"
                    + " and did(\"Product Viewed\", category = \"母婴\", at_least = 3, within = 14d)"
                    + " and not did(\"Order Completed\", within = 14d)";

    @Test
    void explainsTheIssueExample() {
        assertExplained(
                ISSUE_EXAMPLE,
                "Persons in RFM segment At Risk or Can't Lose Them, with city tier ≤ 2, who viewed a product of category"
                        + " 母婴 at least 3 times in the last 14 days, and did not complete an order in the last 14 days",
                "RFM 分群为流失风险客户或重要挽留客户，city_tier ≤ 2，近 14 天内浏览商品（类目为母婴）至少 3 次，且近 14 天内未完成订单的用户");
    }

    @Test
    void comparisons() {
        assertExplained("trait.plan = \"pro\"", "Persons with plan = “pro”", "plan 为“pro”的用户");
        assertExplained(
                "trait.plan != \"pro\"", "Persons with plan other than “pro” (or not set)", "plan 不为“pro”或未设置的用户");
        assertExplained("trait.city_tier < 3", "Persons with city tier < 3", "city_tier < 3 的用户");
        assertExplained("trait.city_tier <= 3", "Persons with city tier ≤ 3", "city_tier ≤ 3 的用户");
        assertExplained("trait.city_tier > 3", "Persons with city tier > 3", "city_tier > 3 的用户");
        assertExplained("trait.city_tier >= 2.5", "Persons with city tier ≥ 2.5", "city_tier ≥ 2.5 的用户");
        assertExplained("trait.vip in (true, 1)", "Persons with vip = true or 1", "vip 为 true 或 1 的用户");
        assertExplained(
                "trait.plan not in (\"a\", \"b\", \"c\")",
                "Persons with plan other than “a”, “b” and “c” (or not set)",
                "plan 不为“a”或“b”或“c”或未设置的用户");
        assertExplained(
                "trait.email contains \"@qq.com\"", "Persons with email containing “@qq.com”", "email 包含“@qq.com”的用户");
        assertExplained(
                "trait.phone starts with \"+86\"", "Persons with phone starting with “+86”", "phone 以“+86”开头的用户");
        assertExplained("trait.email is set", "Persons with email set", "已设置 email 的用户");
        assertExplained("trait.email is not set", "Persons without email", "未设置 email 的用户");
        assertExplained("trait.会员等级 = \"金卡\"", "Persons with 会员等级 = “金卡”", "会员等级为“金卡”的用户");
    }

    @Test
    void computedFieldsAndTheirValuesAreNamedInBothLanguages() {
        assertExplained("rfm.segment = \"Champions\"", "Persons in RFM segment Champions", "RFM 分群为重要价值客户的用户");
        assertExplained(
                "rfm.segment not in (\"Lost\", \"Hibernating\")",
                "Persons not in RFM segment Lost or Hibernating",
                "RFM 分群不为流失客户或沉睡客户或未设置的用户");
        assertExplained(
                "activity.state in (\"active\", \"silent\")",
                "Persons with activity state active or silent",
                "活跃状态为活跃或沉默的用户");
        assertExplained("lifecycle.stage = \"at_risk\"", "Persons with lifecycle stage at risk", "生命周期阶段为有流失风险的用户");
        assertExplained("value.abc = \"A\"", "Persons with ABC value class A", "ABC 价值分类为 A 的用户");
        assertExplained("rfm.m >= 4", "Persons with monetary score (M) ≥ 4", "M 得分（消费金额） ≥ 4 的用户");
        assertExplained(
                "person.days_since_last_seen > 30", "Persons with days since last seen > 30", "最近出现距今天数 > 30 的用户");
        assertExplained("interest.category = \"母婴\"", "Persons with category interest = “母婴”", "category 兴趣为“母婴”的用户");
    }

    @Test
    void behaviour() {
        assertExplained("did(\"Order Completed\")", "Persons who completed an order", "完成订单的用户");
        assertExplained(
                "did(\"Order Completed\", at_least = 0, at_most = 2, within = 36h)",
                "Persons who completed an order at most 2 times (or never) in the last 36 hours",
                "近 36 小时内完成订单至多 2 次（含从未）的用户");
        assertExplained(
                "did(\"Product Added\", at_least = 2, at_most = 5, within = 1d)",
                "Persons who added a product between 2 and 5 times in the last day",
                "近 1 天内加购商品 2 到 5 次的用户");
        assertExplained(
                "did(\"Checkout Started\", at_least = 1, at_most = 1, between = (\"2026-01-01\", \"2026-01-31\"))",
                "Persons who started a checkout exactly once between 2026-01-01 and 2026-01-31",
                "在 2026-01-01 至 2026-01-31 期间开始结账恰好 1 次的用户");
        assertExplained(
                "did(\"Signed Up\", first_time, within = 8w)",
                "Persons who signed up for the first time in the last 56 days",
                "近 56 天内首次注册的用户");
        assertExplained(
                "did(\"Products Searched\", last_time, between = (\"2026-03-01\", \"2026-03-01\"))",
                "Persons who searched products for the last time on 2026-03-01",
                "最后一次搜索商品在 2026-03-01 当天的用户");
        assertExplained(
                "did(\"Product Viewed\", channel != \"ads\", url contains (\"/a\", \"/b\"), category in (\"x\", \"y\"))",
                "Persons who viewed a product of channel other than ads and URL containing /a or /b and category x or y",
                "浏览商品（渠道不为 ads，网址包含/a 或/b，类目为 x 或 y）的用户");
        assertExplained(
                "did(\"Video Played 50%\", level = \"3\", within = 2d)",
                "Persons who did “Video Played 50%” with level 3 in the last 2 days",
                "近 2 天内做过“Video Played 50%”（level 为 3）的用户");
        assertExplained(
                "did_not(\"Video Played 50%\")",
                "Persons who did not do “Video Played 50%”", "未做过“Video Played 50%”的用户");
        assertExplained(
                "not did(\"Product Added to Wishlist\", within = 30d)",
                "Persons who did not add a product to wishlist in the last 30 days",
                "近 30 天内未收藏商品的用户");
        assertExplained(
                "not did(\"Signed Up\", first_time, within = 30d)",
                "Persons not matching (who signed up for the first time in the last 30 days)",
                "不满足（近 30 天内首次注册）的用户");
    }

    @Test
    void segmentsFunnelsAndLogic() {
        assertExplained("in_segment(\"高价值\")", "Persons in segment “高价值”", "属于分群“高价值”的用户");
        assertExplained("not in_segment(\"staff\")", "Persons not in segment “staff”", "不属于分群“staff”的用户");
        assertExplained(
                "dropped_off(\"checkout\", step = 2)",
                "Persons who dropped off after step 2 of funnel “checkout”",
                "在漏斗“checkout”第 2 步后流失的用户");
        assertExplained(
                "not dropped_off(\"checkout\", step = 2)",
                "Persons not matching (who dropped off after step 2 of funnel “checkout”)",
                "不满足（在漏斗“checkout”第 2 步后流失）的用户");
        assertExplained(
                "in_segment(\"vip\") or (trait.plan = \"pro\" and activity.state = \"active\")",
                "Persons in segment “vip” or (with plan = “pro” and with activity state active)",
                "属于分群“vip”，或（plan 为“pro”，且活跃状态为活跃）的用户");
        assertExplained(
                "in_segment(\"a\") or in_segment(\"b\") or did(\"Order Completed\") or did(\"Order Refunded\")",
                "Persons in segment “a”, in segment “b”, who completed an order, or refunded an order",
                "属于分群“a”，属于分群“b”，完成订单，或订单退款的用户");
        assertExplained(
                "not (trait.a < 3 or trait.b is set)",
                "Persons not matching (with a < 3 or with b set)",
                "不满足（a < 3，或已设置 b）的用户");
        assertExplained("not not trait.a is set", "Persons with a set", "已设置 a 的用户");
        assertExplained("not trait.a = 1", "Persons with a other than 1 (or not set)", "a 不为 1 或未设置的用户");
        assertExplained(
                "not trait.a in (1, 2)", "Persons with a other than 1 and 2 (or not set)", "a 不为 1 或 2 或未设置的用户");
        assertExplained("not trait.a != 1", "Persons with a = 1", "a 为 1 的用户");
        assertExplained("not trait.a is not set", "Persons with a set", "已设置 a 的用户");
    }

    @Test
    void otherLocalesReadEnglishAndChineseVariantsReadChinese() {
        Condition condition = SegmentParser.lenient().parse("in_segment(\"vip\")");
        assertThat(SegmentExplain.explain(condition, Locale.GERMAN)).isEqualTo("Persons in segment “vip”");
        assertThat(SegmentExplain.explain(condition, Locale.forLanguageTag("zh-TW")))
                .isEqualTo("属于分群“vip”的用户");
    }

    @Test
    void explainsEveryRandomTree() {
        RandomConditions random = new RandomConditions(3);
        for (int i = 0; i < 500; i++) {
            Condition condition = random.condition();
            assertThat(SegmentExplain.explain(condition, Locale.ENGLISH)).startsWith("Persons ");
            assertThat(SegmentExplain.explain(condition, Locale.SIMPLIFIED_CHINESE))
                    .endsWith("的用户");
        }
    }

    private static void assertExplained(String text, String english, String chinese) {
        Condition condition = SegmentParser.lenient().parse(text);
        assertThat(SegmentExplain.explain(condition, Locale.ENGLISH)).isEqualTo(english);
        assertThat(SegmentExplain.explain(condition, Locale.SIMPLIFIED_CHINESE)).isEqualTo(chinese);
    }
}
