package dev.lodestar.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.LodestarException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity settings from the data directory's identity.yaml. */
class TestIdentityConfigFile {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheDefaultsHold() {
        // Pattern has no equals: compare the printed form
        assertThat(IdentityConfigFile.load(dir).toString())
                .isEqualTo(IdentityConfig.defaults().toString());
    }

    @Test
    void customTypesLimitsAndBlockedValuesApplyOverTheDefaults() throws Exception {
        Files.writeString(
                dir.resolve("identity.yaml"),
                """
                defaultRegion: hk
                sharedThreshold: 7
                blockedValues: ["测试", "test-user"]
                blockedPatterns: ["^1{11}$"]
                types:
                  - name: douyin_openid
                    priority: 55
                    maxPerPerson: 3
                    kind: id_ignore_case
                  - name: phone
                    maxPerPerson: 2
                """);
        IdentityConfig config = IdentityConfigFile.load(dir);
        assertThat(config.defaultRegion()).isEqualTo("HK");
        assertThat(config.sharedThreshold()).isEqualTo(7);
        IdentityTypeSpec douyin = config.requireSpec(new IdentityType("douyin_openid"));
        assertThat(douyin.priority()).isEqualTo(55);
        assertThat(douyin.maxPerPerson()).isEqualTo(3);
        assertThat(douyin.unique()).isFalse();
        assertThat(douyin.kind()).isEqualTo(ValueKind.ID_IGNORE_CASE);
        IdentityTypeSpec phone = config.requireSpec(IdentityType.PHONE);
        assertThat(phone.maxPerPerson()).isEqualTo(2);
        assertThat(phone.priority()).isEqualTo(10);
        assertThat(phone.kind()).isEqualTo(ValueKind.PHONE);

        Normalizer normalizer = new Normalizer(config);
        assertThat(normalizer
                        .normalize(new IdentityType("douyin_openid"), " AbC ")
                        .isValid())
                .isTrue();
        assertThat(normalizer.normalize(new IdentityType("douyin_openid"), "测试").isValid())
                .isFalse();
        assertThat(normalizer.normalize(IdentityType.PHONE, "11111111111").isValid())
                .isFalse();
        // Hong Kong numbers without a country code
        assertThat(normalizer.normalize(IdentityType.PHONE, "9123 4567").toString())
                .contains("+85291234567");
    }

    @Test
    void mistakesNameTheFileAndTheField() throws Exception {
        assertRefused("typez: []", "unknown key 'typez'");
        assertRefused("types:\n  - name: x\n    kind: uuid", "types[0].kind 'uuid' is not one of");
        assertRefused("types:\n  - name: user_id\n    maxPerPerson: 2", "user_id keeps at most one per person");
        assertRefused("types:\n  - name: phone\n    kind: id", "the kind of the built-in type 'phone' cannot change");
        assertRefused("types:\n  - name: Bad Name", "types[0].name 'Bad Name' must be");
        assertRefused("types:\n  - name: x\n    colour: red", "unknown key 'types[0].colour'");
        assertRefused("blockedPatterns: ['([']", "is not a regular expression");
        assertRefused("defaultRegion: China", "is not an ISO 3166 region code");
        assertRefused("sharedThreshold: many", "sharedThreshold must be a whole number");
        assertRefused("- just\n- a list", "must hold a mapping");
    }

    private void assertRefused(String yaml, String message) throws Exception {
        Path file = dir.resolve("identity.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> IdentityConfigFile.load(dir))
                .isInstanceOf(LodestarException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message);
    }
}
