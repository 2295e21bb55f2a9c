package dev.lodestar.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestSegmentMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SegmentMessages messages = new SegmentMessages(MAPPER);
    private final Instant received = Instant.parse("2026-11-29T12:00:00Z");

    private Event convert(String json, boolean live) throws Exception {
        return messages.toEvent(MAPPER.readTree(json), null, null, received, "src", live);
    }

    @Test
    void clockSkewIsCorrectedForLiveTrafficOnly() throws Exception {
        // the client's clock is 10 minutes behind: it stamped and sent at 11:50 by its clock
        String json = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-11-29T11:45:00Z\","
                + "\"sentAt\":\"2026-11-29T11:50:00Z\"}";
        assertThat(convert(json, true).timestamp()).isEqualTo(Instant.parse("2026-11-29T11:55:00Z"));
        assertThat(convert(json, true).originalTimestamp()).isEqualTo(Instant.parse("2026-11-29T11:45:00Z"));
        assertThat(convert(json, false).timestamp()).isEqualTo(Instant.parse("2026-11-29T11:45:00Z"));
    }

    @Test
    void timestampsFarInTheFutureAreClampedAndOldOnesRejected() throws Exception {
        Event future = convert(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2027-01-01T00:00:00Z\"}", true);
        assertThat(future.timestamp()).isEqualTo(received);
        assertThat(future.originalTimestamp()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        Event soon = convert(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-11-30T11:00:00Z\"}", true);
        assertThat(soon.timestamp()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThatThrownBy(() -> convert(
                        "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"1999-12-31T23:59:59Z\"}",
                        true))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("timestamp 1999-12-31T23:59:59Z is before 2000-01-01");
    }

    @Test
    void missingMessageIdsAreRandomLiveAndDerivedFromContentInFiles() throws Exception {
        String json = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-11-29T11:45:00Z\"}";
        assertThat(convert(json, true).messageId())
                .isNotEqualTo(convert(json, true).messageId());
        assertThat(convert(json, false).messageId())
                .isEqualTo(convert(json, false).messageId())
                .startsWith("gen-");
    }

    @Test
    void commonPropertiesAreExtracted() throws Exception {
        Event e = convert(
                "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":42,\"properties\":{\"total\":\"12.5\","
                        + "\"orderId\":7,\"product_id\":\"p\",\"category\":\"母婴\"},\"context\":{\"campaign\":{\"source\":\"douyin\"},"
                        + "\"page\":{\"url\":\"https://x/\"}}}",
                true);
        assertThat(e.type()).isEqualTo(EventType.TRACK);
        assertThat(e.personKey()).isEqualTo("user_id:42");
        assertThat(e.common().revenue()).isEqualTo(12.5);
        assertThat(e.common().orderId()).isEqualTo("7");
        assertThat(e.common().category()).isEqualTo("母婴");
        assertThat(e.common().channel()).isEqualTo("douyin");
        assertThat(e.common().url()).isEqualTo("https://x/");
    }
}
