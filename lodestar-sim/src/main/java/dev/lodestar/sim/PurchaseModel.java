package dev.lodestar.sim;

/**
 * Population parameters of the purchase process (Fader, Hardie and Lee 2005: BG/NBD for counts,
 * Gamma-Gamma for spend). Per customer, {@code lambda ~ Gamma(shape r, rate alpha)} purchases per
 * day while alive, {@code p ~ Beta(a, b)} is the probability of dropping out after each repeat
 * purchase, and each order value is {@code Gamma(shape spendP, rate nu)} with {@code nu ~
 * Gamma(shape spendQ, rate spendGamma)}, so a customer's mean order value is {@code spendP / nu}
 * CNY.
 *
 * @param r shape of the purchase rate distribution
 * @param alpha rate of the purchase rate distribution (per day, so the mean rate is r / alpha per
 *     day)
 * @param a first Beta parameter of the dropout probability
 * @param b second Beta parameter of the dropout probability
 * @param spendP shape of an order value given the customer
 * @param spendQ shape of the customer's spend rate nu
 * @param spendGamma rate of the customer's spend rate nu
 * @param conversionShare base probability that a new person ever buys (scaled by device and
 *     channel, see the README)
 * @param conversionDelayDays mean days from first visit to first order for persons who do not buy
 *     in their first session
 */
public record PurchaseModel(
        double r,
        double alpha,
        double a,
        double b,
        double spendP,
        double spendQ,
        double spendGamma,
        double conversionShare,
        double conversionDelayDays) {

    public PurchaseModel {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0 && spendP > 0 && spendQ > 1 && spendGamma > 0)) {
            throw new IllegalArgumentException("purchase model parameters must be positive (spendQ > 1), found " + r
                    + ", " + alpha + ", " + a + ", " + b + ", " + spendP + ", " + spendQ + ", " + spendGamma);
        }
        if (!(conversionShare >= 0 && conversionShare <= 1) || !(conversionDelayDays > 0)) {
            throw new IllegalArgumentException("conversionShare must be in [0, 1] and conversionDelayDays > 0");
        }
    }

    /** Defaults: about one order every 40 days while alive, ~24% dropout after an order, ~200 CNY orders. */
    public static PurchaseModel defaults() {
        return new PurchaseModel(0.6, 24.0, 0.8, 2.5, 6.0, 3.5, 85.0, 0.45, 5.0);
    }

    /** Mean order value in CNY over the population: spendP * spendGamma / (spendQ - 1). */
    public double meanOrderValue() {
        return spendP * spendGamma / (spendQ - 1);
    }
}
