package dev.lodestar.spi.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestScoreSettings {
    @Test
    void defaults() {
        ScoreSettings d = ScoreSettings.DEFAULT;
        assertThat(List.of(d.rfmWindowDays(), d.activeDays(), d.churnDays(), d.newDays(), d.resurrectGapDays()))
                .containsExactly(365, 30, 90, 30, 90);
        assertThat(d.interests().get(0).weights())
                .containsExactly(
                        Map.entry("Product Viewed", 1.0),
                        Map.entry("Product Added", 3.0),
                        Map.entry("Order Completed", 5.0));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertRefused(
                () -> new ScoreSettings(0, "Order Completed", 30, 90, 30, 90, 30, List.of()),
                "rfm window must be 1 to 3660 days, got 0");
        assertRefused(
                () -> new ScoreSettings(365, "Order Completed", 90, 30, 30, 90, 30, List.of()),
                "churn threshold (30 days) must be longer than the active threshold (90 days)");
        assertRefused(
                () -> new ScoreSettings(365, "Order Completed", 30, 90, 30, 90, 0, List.of()),
                "interest half-life must be more than 0 and at most 3660 days, got 0.0");
        assertRefused(
                () -> new ScoreSettings.InterestDimension("c", "cat'; DROP TABLE events", Map.of("A", 1.0)),
                "interest property 'cat'; DROP TABLE events' must be 1 to 100 letters, digits or underscores");
        assertRefused(
                () -> new ScoreSettings.InterestDimension("c", "category", Map.of("A", -1.0)),
                "weight of 'A' must be more than 0 and at most 1000000, got -1.0");
    }

    private static void assertRefused(Runnable make, String message) {
        assertThatThrownBy(make::run)
                .isInstanceOf(LodestarException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((LodestarException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
