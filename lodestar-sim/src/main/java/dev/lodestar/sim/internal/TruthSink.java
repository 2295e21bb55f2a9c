package dev.lodestar.sim.internal;

import dev.lodestar.sim.PhoneFormat;
import dev.lodestar.sim.SimulationConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes the ground truth: {@code persons.parquet} (one row per person), {@code
 * identities.parquet} (one row per identity) and {@code model.json} (the population parameters).
 * Columns are documented in the module README.
 */
public final class TruthSink implements AutoCloseable {
    private static final String PERSON_COLUMNS = "person_id VARCHAR, person_index BIGINT, gender VARCHAR, "
            + "age_band VARCHAR, province VARCHAR, city VARCHAR, city_tier INTEGER, device VARCHAR, "
            + "second_device VARCHAR, acquisition_channel VARCHAR, acquired_at TIMESTAMPTZ, user_id VARCHAR, "
            + "crm_id VARCHAR, phone VARCHAR, email VARCHAR, anonymous_id VARCHAR, second_anonymous_id VARCHAR, "
            + "wechat_miniprogram_openid VARCHAR, wechat_official_openid VARCHAR, wechat_unionid VARCHAR, "
            + "name VARCHAR, wechat_nickname VARCHAR, "
            + "purchase_rate DOUBLE, dropout_p DOUBLE, will_buy BOOLEAN, buys_in_first_session BOOLEAN, "
            + "conversion_rate DOUBLE, session_rate DOUBLE, spend_nu DOUBLE, mean_order_value DOUBLE, "
            + "interest_baby DOUBLE, interest_beauty DOUBLE, interest_digital DOUBLE, interest_apparel DOUBLE, "
            + "interest_food DOUBLE, interest_home DOUBLE, interest_sports DOUBLE, interest_books DOUBLE, "
            + "top_category VARCHAR, price_sensitivity DOUBLE, preferred_channel VARCHAR, active_peak_hour DOUBLE, "
            + "satisfaction DOUBLE, uplift_sms DOUBLE, uplift_wechat_message DOUBLE, uplift_app_push DOUBLE, "
            + "uplift_email DOUBLE, anonymous_first BOOLEAN, signed_up_at TIMESTAMPTZ, "
            + "first_purchase_at TIMESTAMPTZ, last_purchase_at TIMESTAMPTZ, churned_at TIMESTAMPTZ, "
            + "alive_at_end BOOLEAN, pending_first_purchase BOOLEAN, purchases INTEGER, revenue DOUBLE, "
            + "events BIGINT, nps_score INTEGER, offline_orders INTEGER, offline_revenue DOUBLE, "
            + "expected_purchases_90d DOUBLE, expected_purchases_180d DOUBLE, expected_purchases_365d DOUBLE, "
            + "expected_spend_90d DOUBLE, expected_spend_180d DOUBLE, expected_spend_365d DOUBLE, "
            + "prob_alive_90d DOUBLE, future_purchases_90d INTEGER, future_purchases_180d INTEGER, "
            + "future_purchases_365d INTEGER, future_revenue_365d DOUBLE, segment VARCHAR, segment_label VARCHAR";

    private final DuckDBConnection connection;
    private final Path directory;
    private final SimContext ctx;
    private final DuckDBAppender persons;
    private final DuckDBAppender identities;

    public TruthSink(DuckDBConnection connection, Path directory, SimContext ctx) throws SQLException {
        this.connection = connection;
        this.directory = directory;
        this.ctx = ctx;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE truth_persons (" + PERSON_COLUMNS + ")");
            statement.execute(
                    "CREATE TABLE truth_identities (person_id VARCHAR, identity_type VARCHAR, value VARCHAR)");
        }
        persons = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "truth_persons");
        identities = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "truth_identities");
    }

    public void append(List<Person> chunk) throws SQLException {
        for (Person p : chunk) {
            appendPerson(p);
            identity(p, "user_id", p.signedUpAt != Long.MIN_VALUE ? p.userId : null);
            identity(p, "crm_id", p.signedUpAt != Long.MIN_VALUE ? p.crmId : null);
            identity(p, "phone", p.phone);
            identity(p, "email", p.email);
            identity(p, "anonymous_id", p.anonymousId);
            identity(p, "anonymous_id", p.secondAnonymousId);
            identity(p, "wechat_miniprogram_openid", p.miniProgramOpenId);
            identity(p, "wechat_official_openid", p.officialAccountOpenId);
            identity(p, "wechat_unionid", p.unionId);
        }
    }

    private void identity(Person p, String type, String value) throws SQLException {
        if (value != null) {
            identities.beginRow().append(p.personId).append(type).append(value).endRow();
        }
    }

    private void appendPerson(Person p) throws SQLException {
        DuckDBAppender a = persons;
        a.beginRow();
        a.append(p.personId).append(p.index).append(p.gender).append(p.ageBand);
        a.append(p.city.province()).append(p.city.name()).append(p.city.tier());
        a.append(p.device.code);
        text(a, p.secondDevice == null ? null : p.secondDevice.code);
        a.append(p.channel.code).appendEpochMicros(p.acquiredAt);
        boolean signedUp = p.signedUpAt != Long.MIN_VALUE;
        text(a, signedUp ? p.userId : null);
        text(a, signedUp ? p.crmId : null);
        a.append(p.phone);
        text(a, p.email);
        a.append(p.anonymousId);
        text(a, p.secondAnonymousId);
        text(a, p.miniProgramOpenId);
        text(a, p.officialAccountOpenId);
        text(a, p.unionId);
        a.append(p.name).append(p.nickname);
        a.append(p.lambda).append(p.dropout).append(p.willConvert).append(p.convertsInFirstSession);
        a.append(p.conversionRate).append(p.sessionRate).append(p.spendNu).append(p.meanOrderValue);
        int top = 0;
        for (int i = 0; i < p.interest.length; i++) {
            a.append(p.interest[i]);
            if (p.interest[i] > p.interest[top]) {
                top = i;
            }
        }
        a.append(ShopCatalog.CATEGORIES[top]).append(p.priceSensitivity).append(p.preferredChannel.code);
        a.append(p.activePeakHour).append(p.satisfaction);
        for (double u : p.uplift) {
            a.append(u);
        }
        a.append(p.anonymousFirst);
        time(a, p.signedUpAt);
        time(a, p.firstPurchaseAt);
        time(a, p.lastPurchaseAt);
        time(a, p.churnedAt);
        a.append(p.aliveAtEnd).append(p.pendingConversion).append(p.purchases).append(p.revenueCents / 100.0);
        a.append(p.events);
        if (p.npsScore < 0) {
            a.appendNull();
        } else {
            a.append(p.npsScore);
        }
        long offlineCents = 0;
        for (Person.Order o : p.offlineOrders) {
            offlineCents += o.revenueCents();
        }
        a.append(p.offlineOrders.size()).append(offlineCents / 100.0);
        double e90 = Truth.expectedPurchases(p, 90);
        double e180 = Truth.expectedPurchases(p, 180);
        double e365 = Truth.expectedPurchases(p, 365);
        a.append(e90).append(e180).append(e365);
        a.append(e90 * p.meanOrderValue).append(e180 * p.meanOrderValue).append(e365 * p.meanOrderValue);
        a.append(Truth.probabilityAlive(p, 90));
        a.append(p.futurePurchases90).append(p.futurePurchases180).append(p.futurePurchases365);
        a.append(p.futureRevenue365Cents / 100.0);
        Truth.Segment segment = Truth.segment(p);
        a.append(segment.name()).append(segment.label);
        a.endRow();
    }

    private static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    private static void time(DuckDBAppender a, long micros) throws SQLException {
        if (micros == Long.MIN_VALUE) {
            a.appendNull();
        } else {
            a.appendEpochMicros(micros);
        }
    }

    /** Writes the files; returns them. */
    public List<Path> finish() throws SQLException, IOException {
        persons.close();
        identities.close();
        Path personsFile = directory.resolve("persons.parquet");
        Path identitiesFile = directory.resolve("identities.parquet");
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY truth_persons TO '" + ParquetEventSink.sqlPath(personsFile)
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            statement.execute("COPY truth_identities TO '" + ParquetEventSink.sqlPath(identitiesFile)
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            statement.execute("DROP TABLE truth_persons");
            statement.execute("DROP TABLE truth_identities");
        }
        Path model = directory.resolve("model.json");
        Files.writeString(model, modelJson(), StandardCharsets.UTF_8);
        return List.of(personsFile, identitiesFile, model);
    }

    private String modelJson() {
        SimulationConfig c = ctx.config();
        var m = c.purchaseModel();
        var mix = c.identityMix();
        StringBuilder sb = new StringBuilder(1024).append("{\n");
        sb.append("  \"preset\": \"").append(c.preset()).append("\",\n");
        sb.append("  \"persons\": ").append(c.persons()).append(",\n");
        sb.append("  \"days\": ").append(c.days()).append(",\n");
        sb.append("  \"seed\": ").append(c.seed()).append(",\n");
        sb.append("  \"zone\": \"").append(c.zone().getId()).append("\",\n");
        sb.append("  \"windowStart\": \"").append(Timestamps.iso(ctx.windowStart(), ctx.offsetAt(ctx.windowStart())));
        sb.append("\",\n  \"windowEnd\": \"").append(Timestamps.iso(ctx.windowEnd(), ctx.offsetAt(ctx.windowEnd())));
        sb.append("\",\n  \"purchaseModel\": {\"r\": ")
                .append(m.r())
                .append(", \"alpha\": ")
                .append(m.alpha());
        sb.append(", \"a\": ").append(m.a()).append(", \"b\": ").append(m.b());
        sb.append(", \"spendP\": ").append(m.spendP()).append(", \"spendQ\": ").append(m.spendQ());
        sb.append(", \"spendGamma\": ").append(m.spendGamma()).append(", \"conversionShare\": ");
        sb.append(m.conversionShare()).append(", \"conversionDelayDays\": ").append(m.conversionDelayDays());
        sb.append("},\n  \"identityMix\": {\"anonymousFirstShare\": ").append(mix.anonymousFirstShare());
        sb.append(", \"secondDeviceShare\": ").append(mix.secondDeviceShare());
        sb.append(", \"visitorSignUpShare\": ").append(mix.visitorSignUpShare());
        sb.append(", \"emailShare\": ").append(mix.emailShare());
        sb.append(", \"wechatFollowShare\": ").append(mix.wechatFollowShare());
        sb.append(", \"unionIdShare\": ").append(mix.unionIdShare());
        sb.append(", \"crmInvalidPhoneShare\": ").append(mix.crmInvalidPhoneShare());
        sb.append(", \"crmDuplicateShare\": ").append(mix.crmDuplicateShare());
        sb.append(", \"phoneFormats\": {");
        boolean first = true;
        for (PhoneFormat f : PhoneFormat.values()) {
            sb.append(first ? "" : ", ")
                    .append('"')
                    .append(f.name())
                    .append("\": ")
                    .append(mix.phoneFormatShare(f));
            first = false;
        }
        sb.append("}}\n}\n");
        return sb.toString();
    }

    @Override
    public void close() throws SQLException {
        if (!persons.isClosed()) {
            persons.close();
        }
        if (!identities.isClosed()) {
            identities.close();
        }
    }
}
