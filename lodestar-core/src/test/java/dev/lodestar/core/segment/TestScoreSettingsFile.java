package dev.lodestar.core.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.ScoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Score settings from the data directory's scores.yaml. */
class TestScoreSettingsFile {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheDefaultsHold() {
        assertThat(ScoreSettingsFile.load(dir)).isEqualTo(ScoreSettings.DEFAULT);
    }

    @Test
    void keysReplaceTheirDefaults() throws Exception {
        Files.writeString(
                dir.resolve("scores.yaml"),
                """
                rfmWindowDays: 180
                orderEvent: 支付成功
                activeDays: 14
                churnDays: 60
                interestHalfLifeDays: 7.5
                interests:
                  - name: brand
                    property: brand
                    weights: {商品浏览: 1, 支付成功: 4}
                """);
        ScoreSettings settings = ScoreSettingsFile.load(dir);
        assertThat(settings.rfmWindowDays()).isEqualTo(180);
        assertThat(settings.orderEvent()).isEqualTo("支付成功");
        assertThat(settings.activeDays()).isEqualTo(14);
        assertThat(settings.churnDays()).isEqualTo(60);
        assertThat(settings.newDays()).isEqualTo(ScoreSettings.DEFAULT.newDays());
        assertThat(settings.interestHalfLifeDays()).isEqualTo(7.5);
        assertThat(settings.interests()).hasSize(1);
        assertThat(settings.interests().get(0).weights()).isEqualTo(Map.of("商品浏览", 1.0, "支付成功", 4.0));
    }

    @Test
    void mistakesNameTheFileAndTheKey() throws Exception {
        assertRefused("activDays: 10", "unknown key 'activDays'");
        assertRefused("activeDays: 90\nchurnDays: 60", "churn threshold (60 days) must be longer");
        assertRefused("rfmWindowDays: 1.5", "rfmWindowDays must be a whole number of days");
        assertRefused("interests:\n  - name: b\n    property: b\n    weights: {x: -1}", "weight of 'x'");
        assertRefused("interests:\n  - name: b\n    property: b", "interests[0].weights must map");
    }

    private void assertRefused(String yaml, String message) throws Exception {
        Path file = dir.resolve("scores.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ScoreSettingsFile.load(dir))
                .isInstanceOf(LodestarException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message);
    }
}
