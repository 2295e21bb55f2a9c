package dev.lodestar.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The generated data follows the generative model: population parameters, purchase counts and
 * order values recover within sampling error (4 standard errors), and the truth's expectations are
 * calibrated against the future simulated with the same model.
 */
class TestSimulatorStatistics {
    private final SimFixture f = SimFixture.shared();
    private final PurchaseModel m = f.config.purchaseModel();

    @Test
    void latentParametersFollowTheirDistributions() {
        Object[] row = SimFixture.query("SELECT avg(purchase_rate), stddev_samp(purchase_rate), avg(dropout_p), "
                        + "stddev_samp(dropout_p), avg(spend_nu), stddev_samp(spend_nu), count(*) FROM " + f.persons())
                .get(0);
        double n = ((Number) row[6]).doubleValue();
        assertWithin((double) row[0], m.r() / m.alpha(), (double) row[1] / Math.sqrt(n));
        assertWithin((double) row[2], m.a() / (m.a() + m.b()), (double) row[3] / Math.sqrt(n));
        assertWithin((double) row[4], m.spendQ() / m.spendGamma(), (double) row[5] / Math.sqrt(n));
    }

    @Test
    void repeatPurchasesMatchTheBgNbdExpectation() {
        // Given lambda, p and the first purchase, E[repeat purchases until the end] = (1 - e^{-lambda p T}) / p.
        String residual = "(purchases - 1) - (1 - exp(-purchase_rate * dropout_p * t)) / dropout_p";
        Object[] row = SimFixture.query("SELECT sum(" + residual + "), sqrt(sum(pow(" + residual + ", 2))), count(*) "
                        + "FROM (SELECT *, epoch(TIMESTAMPTZ '" + SimFixture.END
                        + " 00:00:00+08' - first_purchase_at) / 86400.0 AS t FROM " + f.persons()
                        + " WHERE first_purchase_at IS NOT NULL)")
                .get(0);
        assertThat(((Number) row[2]).longValue()).isGreaterThan(2000);
        assertThat(Math.abs((double) row[0])).isLessThan(4 * (double) row[1]);
    }

    @Test
    void orderValuesMatchTheGammaGammaMeans() {
        String residual = "revenue - purchases * mean_order_value";
        Object[] row = SimFixture.query("SELECT sum(" + residual + "), sqrt(sum(pow(" + residual + ", 2))) FROM "
                        + f.persons() + " WHERE purchases > 0")
                .get(0);
        assertThat(Math.abs((double) row[0])).isLessThan(4 * (double) row[1]);
    }

    @Test
    void expectationsAreCalibratedAgainstTheSimulatedFuture() {
        for (String h : new String[] {"90d", "180d", "365d"}) {
            String residual = "future_purchases_" + h + " - expected_purchases_" + h;
            Object[] row = SimFixture.query("SELECT sum(" + residual + "), sqrt(sum(pow(" + residual + ", 2))), "
                            + "sum(expected_purchases_" + h + ") FROM " + f.persons())
                    .get(0);
            assertThat((double) row[2]).isGreaterThan(100);
            assertThat(Math.abs((double) row[0])).as(h).isLessThan(4 * (double) row[1]);
        }
    }

    @Test
    void truthCountsMatchTheEvents() {
        Object[] events = SimFixture.query(
                        "SELECT count(*), sum(CAST(json_extract(properties, '$.revenue') AS DOUBLE)) " + "FROM "
                                + f.events() + " WHERE event = 'Order Completed'")
                .get(0);
        Object[] truth = SimFixture.query("SELECT sum(purchases), sum(revenue), sum(events) FROM " + f.persons())
                .get(0);
        assertThat(((Number) events[0]).longValue()).isEqualTo(((Number) truth[0]).longValue());
        assertThat((double) events[1]).isCloseTo((double) truth[1], org.assertj.core.data.Offset.offset(0.5));
        assertThat(((Number) truth[2]).longValue()).isEqualTo(f.summary.events());
    }

    @Test
    void npsScoresCorrelateWithSatisfaction() {
        double correlation = SimFixture.number(
                "SELECT corr(nps_score, satisfaction) FROM " + f.persons() + " WHERE nps_score IS NOT NULL");
        assertThat(correlation).isGreaterThan(0.5);
    }

    @Test
    void mobileUsersAddMoreFromShortContent() {
        // Product Added follows a Product Viewed in the same stream; compare add rates after short videos.
        Object[] row = SimFixture.query("WITH v AS (SELECT json_extract_string(context, '$.device.type') AS device, "
                        + "json_extract_string(properties, '$.content_type') AS content, "
                        + "lead(event) OVER (PARTITION BY coalesce(anonymousId, userId) ORDER BY timestamp, messageId) AS next "
                        + "FROM " + f.events() + " WHERE event IN ('Product Viewed', 'Product Added')) "
                        + "SELECT avg(CASE WHEN next = 'Product Added' THEN 1 ELSE 0 END) FILTER (WHERE device IN ('ios', 'android') AND content = '短视频'), "
                        + "avg(CASE WHEN next = 'Product Added' THEN 1 ELSE 0 END) FILTER (WHERE device IN ('ios', 'android') AND content = '详情页') "
                        + "FROM v WHERE true")
                .get(0);
        assertThat((double) row[0]).isGreaterThan((double) row[1]);
    }

    private static void assertWithin(double actual, double expected, double standardError) {
        assertThat(actual).isBetween(expected - 4 * standardError, expected + 4 * standardError);
    }
}
