package dev.lodestar.core.identity;

import static dev.lodestar.core.identity.IdentityType.EMAIL;
import static dev.lodestar.core.identity.IdentityType.PHONE;
import static dev.lodestar.core.identity.IdentityType.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.core.identity.Normalized.Invalid;
import dev.lodestar.core.identity.Normalized.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestNormalizer {
    private final Normalizer normalizer = new Normalizer(IdentityConfig.defaults());

    @Test
    void phonesInEveryExportFormatBecomeE164() {
        for (String raw : List.of(
                "13800138000",
                "138 0013 8000",
                "138-0013-8000",
                "+86-138-0013-8000",
                "+8613800138000",
                "0086 13800138000",
                "(+86)13800138000",
                "１３８００１３８０００",
                "＋８６ １３８ ００１３ ８０００",
                " 1380013 8000  ",
                "\u3000138 0013 8000\t")) {
            assertThat(normalizer.identity(PHONE, raw)).as(raw).isEqualTo(Identity.of(PHONE, "+8613800138000"));
        }
    }

    @Test
    void invalidPhonesAreFlaggedWithAReason() {
        for (String raw : List.of("1380013800", "138001380001", "12800138000", "无", "abc", "+86 123")) {
            Normalized result = normalizer.normalize(PHONE, raw);
            assertThat(result).as(raw).isInstanceOf(Invalid.class);
            Invalid invalid = (Invalid) result;
            assertThat(invalid.problem()).as(raw).isIn(Problem.INVALID_PHONE, Problem.BLOCKED);
            assertThat(invalid.reason()).as(raw).isNotBlank();
        }
        assertThat(((Invalid) normalizer.normalize(PHONE, "1380013800")).reason())
                .contains("not a valid number");
    }

    @Test
    void defaultRegionIsConfigurable() {
        Normalizer us = new Normalizer(IdentityConfig.defaults().withDefaultRegion("US"));
        assertThat(us.identity(PHONE, "(650) 253-0000").value()).isEqualTo("+16502530000");
        assertThat(us.identity(PHONE, "+86 138 0013 8000").value()).isEqualTo("+8613800138000");
        assertThat(normalizer.normalize(PHONE, "(650) 253-0000").isValid()).isFalse();
        assertThatThrownBy(() -> new Normalizer(IdentityConfig.defaults().withDefaultRegion("XX")))
                .hasMessageContaining("XX");
    }

    @Test
    void emailsAreTrimmedLowerCasedAndIdnEncoded() {
        assertThat(normalizer.identity(EMAIL, "  Li.Na@Example.COM ").value()).isEqualTo("li.na@example.com");
        assertThat(normalizer.identity(EMAIL, "zhang＠QQ.com").value()).isEqualTo("zhang@qq.com");
        assertThat(normalizer.identity(EMAIL, "ｗａｎｇ＠１６３．ｃｏｍ").value()).isEqualTo("wang@163.com");
        assertThat(normalizer.identity(EMAIL, "kunde@Bücher.de").value()).isEqualTo("kunde@xn--bcher-kva.de");
        assertThat(normalizer.identity(EMAIL, "用户@例子.中国").value()).isEqualTo("用户@xn--fsqu00a.xn--fiqs8s");
        assertThat(normalizer.identity(EMAIL, "mailto:A@B.cn").value()).isEqualTo("a@b.cn");
        for (String raw : List.of("no-at-sign", "@qq.com", "a@", "a b@qq.com", "a@localhost", "a@qq..com")) {
            assertThat(normalizer.normalize(EMAIL, raw)).as(raw).isInstanceOf(Invalid.class);
            assertThat(((Invalid) normalizer.normalize(EMAIL, raw)).problem())
                    .as(raw)
                    .isEqualTo(Problem.INVALID_EMAIL);
        }
    }

    @Test
    void blockedValuesAreRefusedForEveryType() {
        for (String raw :
                List.of("", "  ", "0", "000000", "--", "0-0", "-1", "null", "NULL", "anonymous", "undefined")) {
            Normalized result = normalizer.normalize(USER_ID, raw);
            assertThat(result).as("'" + raw + "'").isInstanceOf(Invalid.class);
            assertThat(((Invalid) result).problem()).isIn(Problem.BLOCKED, Problem.EMPTY);
        }
        assertThat(((Invalid) normalizer.normalize(PHONE, "00000000000")).problem())
                .isEqualTo(Problem.BLOCKED);
        assertThat(((Invalid) normalizer.normalize(USER_ID, null)).problem()).isEqualTo(Problem.EMPTY);
        assertThat(normalizer.normalize(USER_ID, "u0001").isValid()).isTrue();
    }

    @Test
    void configuredBlockedValuesAndPatternsApplyAfterNormalisation() {
        Normalizer custom = new Normalizer(IdentityConfig.defaults()
                .withBlockedValues(List.of("+8613800138000", "test@example.com"))
                .withBlockedPattern("^test_.*"));
        assertThat(((Invalid) custom.normalize(PHONE, "138 0013 8000")).problem())
                .isEqualTo(Problem.BLOCKED);
        assertThat(((Invalid) custom.normalize(EMAIL, " TEST@example.com")).problem())
                .isEqualTo(Problem.BLOCKED);
        assertThat(((Invalid) custom.normalize(USER_ID, "test_42")).problem()).isEqualTo(Problem.BLOCKED);
        assertThat(custom.normalize(USER_ID, "u42").isValid()).isTrue();
    }

    @Test
    void idsAreTrimmedAndCustomTypesAreDeclared() {
        assertThat(normalizer.identity(USER_ID, " u123 ").value()).isEqualTo("u123");
        assertThat(normalizer.identity(IdentityType.WECHAT_OPENID, "oAbC").value())
                .isEqualTo("oAbC");
        IdentityType card = new IdentityType("loyalty_card");
        assertThat(((Invalid) normalizer.normalize(card, "X1")).problem()).isEqualTo(Problem.UNKNOWN_TYPE);
        Normalizer withCard = new Normalizer(
                IdentityConfig.defaults().withType(new IdentityTypeSpec(card, 35, 2, true, ValueKind.ID_IGNORE_CASE)));
        assertThat(withCard.identity(card, " Ab12 ").value()).isEqualTo("ab12");
        assertThatThrownBy(() -> new IdentityType("Bad Name")).hasMessageContaining("Bad Name");
    }
}
