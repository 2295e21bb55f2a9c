package dev.lodestar.sim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated person: observable attributes, identities, latent behaviour and what happened in
 * the simulated period. Filled by {@link PersonFactory} and {@link ShopLifecycle}; read by the
 * writers. Mutable and confined to one thread at a time.
 */
public final class Person {
    public final long index;
    public final String personId;

    // attributes
    public String gender; // "female" | "male"
    public String ageBand;
    public ChinaData.City city;
    public Channel channel;
    public Device device;
    public Device secondDevice; // null for one device
    public String name;
    public String nickname;

    // identities
    public String userId;
    public String crmId;
    public String phone;
    public String email;
    public String anonymousId;
    public String secondAnonymousId;
    public String miniProgramOpenId;
    public String officialAccountOpenId;
    public String unionId;

    // latent behaviour
    public double lambda; // purchases per day while alive
    public double dropout; // p: probability of dropping out after a repeat purchase
    public boolean willConvert;
    public double conversionRate; // per day, for persons who convert later than their first session
    public boolean convertsInFirstSession;
    public double visitorLifetimeDays; // engagement of persons who never buy
    public double sessionRate; // sessions per day while active
    public double spendNu; // Gamma-Gamma rate: mean order value is spendP / spendNu
    public double meanOrderValue;
    public double[] interest;
    public double priceSensitivity; // probability of using a coupon on an order
    public CampaignChannel preferredChannel;
    public double[] uplift; // true uplift of a purchase within 7 days when contacted, per CampaignChannel
    public double activePeakHour;
    public double satisfaction; // 0..1
    public boolean anonymousFirst;
    public boolean signsUp;
    public boolean surveyed;

    // timeline (epoch micros; Long.MIN_VALUE when it did not happen in the period)
    public long acquiredAt;
    public long signedUpAt = Long.MIN_VALUE;
    public long firstPurchaseAt = Long.MIN_VALUE;
    public long lastPurchaseAt = Long.MIN_VALUE;
    public long churnedAt = Long.MIN_VALUE;
    public long followedAt = Long.MIN_VALUE;
    public boolean unfollowed;
    public boolean aliveAtEnd;
    public boolean pendingConversion; // will buy, but had not by the end
    public int purchases;
    public long revenueCents;
    public int npsScore = -1;
    public String npsComment;
    public long events;
    public final List<Order> orders = new ArrayList<>();
    public final List<Order> offlineOrders = new ArrayList<>();

    // future, simulated past the end with the same generative model (for calibration checks)
    public int futurePurchases90;
    public int futurePurchases180;
    public int futurePurchases365;
    public long futureRevenue365Cents;

    public Person(long index) {
        this.index = index;
        this.personId = String.format("p%09d", index);
    }

    /** One order: lines as parallel arrays. */
    public record Order(
            String orderId,
            long at,
            long revenueCents,
            long discountCents,
            String coupon,
            int[] categories,
            int[] products,
            long[] lineCents,
            int[] quantities,
            String store) {}
}
