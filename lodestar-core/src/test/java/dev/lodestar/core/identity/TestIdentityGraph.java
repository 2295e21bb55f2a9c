package dev.lodestar.core.identity;

import static dev.lodestar.core.identity.IdentityType.ANONYMOUS_ID;
import static dev.lodestar.core.identity.IdentityType.CRM_ID;
import static dev.lodestar.core.identity.IdentityType.EMAIL;
import static dev.lodestar.core.identity.IdentityType.PHONE;
import static dev.lodestar.core.identity.IdentityType.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestIdentityGraph {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final IdentityGraph graph = new IdentityGraph(IdentityConfig.defaults());

    private static Identity id(IdentityType type, String value) {
        return Identity.of(type, value);
    }

    private static Observation obs(ObservationKind kind, int minute, Identity... identities) {
        return Observation.of(kind, "test", T0.plusSeconds(60L * minute), identities);
    }

    @Test
    void identifyStitchesAnonymousHistoryAndKeepsTheVisitorsPersonId() {
        graph.add(obs(ObservationKind.EVENT, 0, id(ANONYMOUS_ID, "a1")));
        String visitor = graph.personOf(id(ANONYMOUS_ID, "a1")).orElseThrow();
        graph.add(obs(
                ObservationKind.IDENTIFY, 5, id(USER_ID, "u1"), id(ANONYMOUS_ID, "a1"), id(PHONE, "+8613800000001")));

        assertThat(graph.personOf(id(USER_ID, "u1"))).contains(visitor);
        assertThat(graph.personOf(id(PHONE, "+8613800000001"))).contains(visitor);
        assertThat(graph.identitiesOf(visitor))
                .containsExactly(id(USER_ID, "u1"), id(PHONE, "+8613800000001"), id(ANONYMOUS_ID, "a1"));
        assertThat(graph.resolve().merges()).hasSize(2);
        assertThat(graph.resolve().merges().get(0).reason())
                .contains("identify")
                .contains("user_id:u1");
        assertThat(graph.identitiesOf("p-unknown")).isEmpty();
        assertThat(graph.personOf(id(USER_ID, "never-seen"))).isEmpty();
    }

    @Test
    void aliasChainsMergeTransitively() {
        graph.add(obs(ObservationKind.ALIAS, 1, id(ANONYMOUS_ID, "a1"), id(USER_ID, "u1")));
        graph.add(obs(ObservationKind.EVENT, 2, id(ANONYMOUS_ID, "a2"), id(USER_ID, "u1")));
        graph.add(obs(ObservationKind.IDENTIFY, 3, id(ANONYMOUS_ID, "a3"), id(EMAIL, "x@qq.com")));
        graph.add(
                obs(ObservationKind.IMPORT, 4, id(CRM_ID, "CRM1"), id(EMAIL, "x@qq.com"), id(PHONE, "+8613800000001")));
        graph.add(obs(ObservationKind.IDENTIFY, 5, id(USER_ID, "u1"), id(PHONE, "+8613800000001")));

        Resolution r = graph.resolve();
        assertThat(r.personCount()).isEqualTo(1);
        assertThat(r.identitiesOf(r.personIds().get(0))).hasSize(7);
    }

    @Test
    void twoUserIdsNeverMergeThroughAWeakerIdentifier() {
        graph.add(obs(ObservationKind.IDENTIFY, 1, id(USER_ID, "u1"), id(PHONE, "+8613800000001")));
        graph.add(obs(ObservationKind.IDENTIFY, 2, id(USER_ID, "u2"), id(PHONE, "+8613800000001")));
        graph.add(obs(ObservationKind.IMPORT, 3, id(EMAIL, "a@qq.com"), id(USER_ID, "u2")));
        graph.add(obs(ObservationKind.IMPORT, 4, id(EMAIL, "a@qq.com"), id(USER_ID, "u1")));

        Resolution r = graph.resolve();
        assertThat(r.personOf(id(USER_ID, "u1"))).isNotEqualTo(r.personOf(id(USER_ID, "u2")));
        // the earlier identify wins the phone; the user id order decides the e-mail (u1 sorts first)
        assertThat(r.personOf(id(PHONE, "+8613800000001"))).isEqualTo(r.personOf(id(USER_ID, "u1")));
        assertThat(r.refusals()).hasSize(2);
        RefusedMerge refused = r.refusals().get(0);
        assertThat(refused.limitedType()).isEqualTo(USER_ID);
        assertThat(refused.count()).isEqualTo(2);
        assertThat(refused.conflicting()).containsExactlyInAnyOrder(id(USER_ID, "u1"), id(USER_ID, "u2"));
        assertThat(refused.reason()).contains("limit 1");
    }

    @Test
    void perTypeLimitsRefuseTheSixthPhone() {
        for (int i = 1; i <= 6; i++) {
            graph.add(obs(ObservationKind.IDENTIFY, i, id(USER_ID, "u1"), id(PHONE, "+861380000000" + i)));
        }
        Resolution r = graph.resolve();
        String person = r.personOf(id(USER_ID, "u1")).orElseThrow();
        assertThat(r.identitiesOf(person))
                .filteredOn(i -> i.type().equals(PHONE))
                .hasSize(5);
        assertThat(r.personOf(id(PHONE, "+8613800000006"))).isNotEqualTo(r.personOf(id(USER_ID, "u1")));
        assertThat(r.refusals()).singleElement().satisfies(f -> {
            assertThat(f.limitedType()).isEqualTo(PHONE);
            assertThat(f.limit()).isEqualTo(5);
        });
    }

    @Test
    void aPlaceholderPhoneOnManyPersonsStopsMergingAndIsReported() {
        Identity placeholder = id(PHONE, "+8613800138000");
        for (int i = 0; i < 5; i++) {
            graph.add(
                    obs(ObservationKind.IMPORT, i, id(CRM_ID, "CRM" + i), placeholder, id(EMAIL, "p" + i + "@qq.com")));
        }
        Resolution r = graph.resolve();
        assertThat(r.sharedIdentifiers()).singleElement().satisfies(s -> {
            assertThat(s.identity()).isEqualTo(placeholder);
            assertThat(s.estimatedPersons()).isEqualTo(5);
            assertThat(s.observations()).isEqualTo(5);
        });
        // five CRM customers stay five persons (each with its e-mail), the phone is alone
        assertThat(r.personCount()).isEqualTo(6);
        assertThat(r.personOf(id(CRM_ID, "CRM0"))).isEqualTo(r.personOf(id(EMAIL, "p0@qq.com")));
        assertThat(r.identitiesOf(r.personOf(placeholder).orElseThrow())).containsExactly(placeholder);
    }

    @Test
    void aFamilyPhoneBelowTheThresholdGoesToTheFirstUser() {
        Identity family = id(PHONE, "+8613900000000");
        graph.add(obs(ObservationKind.IDENTIFY, 2, id(USER_ID, "mum"), family));
        graph.add(obs(ObservationKind.IDENTIFY, 1, id(USER_ID, "dad"), family));
        Resolution r = graph.resolve();
        assertThat(r.sharedIdentifiers()).isEmpty();
        assertThat(r.personOf(family)).isEqualTo(r.personOf(id(USER_ID, "dad")));
        assertThat(r.refusals()).hasSize(1);

        IdentityGraph strict = new IdentityGraph(IdentityConfig.defaults().withSharedThreshold(1));
        strict.add(obs(ObservationKind.IDENTIFY, 2, id(USER_ID, "mum"), family));
        strict.add(obs(ObservationKind.IDENTIFY, 1, id(USER_ID, "dad"), family));
        assertThat(strict.resolve().sharedIdentifiers())
                .extracting(SharedIdentifier::identity)
                .containsExactly(family);
        assertThat(strict.resolve().refusals()).isEmpty();
    }

    @Test
    void unmergeSplitsThePersonAsIfTheEvidenceWasNeverSeen() {
        graph.add(obs(ObservationKind.IDENTIFY, 1, id(USER_ID, "u1"), id(ANONYMOUS_ID, "a1")));
        graph.add(obs(ObservationKind.IMPORT, 2, id(CRM_ID, "CRM9"), id(PHONE, "+8613800000009")));
        Observation wrong = obs(ObservationKind.IMPORT, 3, id(USER_ID, "u1"), id(PHONE, "+8613800000009"));
        graph.add(wrong);
        Resolution before = graph.resolve();
        assertThat(before.personCount()).isEqualTo(1);
        MergeRecord merge = before.merges().stream()
                .filter(m -> m.evidence().equals(wrong))
                .findFirst()
                .orElseThrow();
        // user-id evidence is applied before phone evidence: the phone was still alone
        assertThat(merge.joinedSize()).isEqualTo(1);

        UnmergeResult result = graph.unmerge(merge);
        assertThat(result.split()).isTrue();
        assertThat(result.personsAfter()).hasSize(2);
        assertThat(graph.personOf(id(USER_ID, "u1"))).isEqualTo(graph.personOf(id(ANONYMOUS_ID, "a1")));
        assertThat(graph.personOf(id(CRM_ID, "CRM9"))).isEqualTo(graph.personOf(id(PHONE, "+8613800000009")));
        assertThat(graph.personOf(id(USER_ID, "u1"))).isNotEqualTo(graph.personOf(id(CRM_ID, "CRM9")));
        assertThat(graph.retracted()).containsExactly(wrong);

        // re-adding the same evidence does not undo the unmerge; restore does
        graph.add(wrong);
        assertThat(graph.resolve().personCount()).isEqualTo(2);
        assertThat(graph.restore(wrong)).isTrue();
        assertThat(graph.resolve().personCount()).isEqualTo(1);
        assertThatThrownBy(() -> graph.unmerge(new MergeRecord(
                        0, obs(ObservationKind.MANUAL, 0, id(USER_ID, "zz")), id(USER_ID, "u1"), id(USER_ID, "zz"), 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unmergeReportsWhenOtherEvidenceStillJoinsThePerson() {
        Observation first = obs(ObservationKind.IDENTIFY, 1, id(USER_ID, "u1"), id(EMAIL, "a@qq.com"));
        graph.add(first);
        graph.add(obs(ObservationKind.IMPORT, 2, id(EMAIL, "a@qq.com"), id(ANONYMOUS_ID, "x")));
        graph.add(obs(ObservationKind.IMPORT, 3, id(USER_ID, "u1"), id(ANONYMOUS_ID, "x")));
        MergeRecord merge = graph.resolve().merges().get(0);
        assertThat(merge.evidence()).isEqualTo(first);
        UnmergeResult result = graph.unmerge(merge);
        assertThat(result.split()).isFalse();
        assertThat(graph.resolve().personCount()).isEqualTo(1);
    }

    @Test
    void duplicateObservationsAreStoredOnceWithTheEarliestTimestamp() {
        assertThat(graph.add(obs(ObservationKind.EVENT, 9, id(USER_ID, "u1"), id(ANONYMOUS_ID, "a1"))))
                .isTrue();
        assertThat(graph.add(obs(ObservationKind.EVENT, 3, id(ANONYMOUS_ID, "a1"), id(USER_ID, "u1"))))
                .isFalse();
        assertThat(graph.observationCount()).isEqualTo(1);
        assertThat(graph.resolve().merges().get(0).evidence().timestamp()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void personIdsComeFromTheEarliestIdentityAndAreStable() {
        graph.add(obs(ObservationKind.EVENT, 5, id(USER_ID, "u1"), id(ANONYMOUS_ID, "late")));
        graph.add(obs(ObservationKind.EVENT, 1, id(ANONYMOUS_ID, "early")));
        String early = graph.personOf(id(ANONYMOUS_ID, "early")).orElseThrow();
        assertThat(early).matches("p[0-9a-f]{16}");
        graph.add(obs(ObservationKind.ALIAS, 6, id(ANONYMOUS_ID, "early"), id(USER_ID, "u1")));
        assertThat(graph.personOf(id(USER_ID, "u1"))).contains(early);
        IdentityGraph other = new IdentityGraph(IdentityConfig.defaults());
        other.add(obs(ObservationKind.EVENT, 0, id(ANONYMOUS_ID, "early")));
        assertThat(other.personOf(id(ANONYMOUS_ID, "early"))).contains(early);
    }

    @Test
    void customTypesAndUndeclaredTypes() {
        IdentityType card = new IdentityType("loyalty_card");
        IdentityGraph custom = new IdentityGraph(
                IdentityConfig.defaults().withType(IdentityTypeSpec.custom("loyalty_card", 35, 1, true)));
        custom.add(obs(ObservationKind.IMPORT, 1, id(card, "C1"), id(PHONE, "+8613800000001")));
        custom.add(obs(ObservationKind.IMPORT, 2, id(card, "C2"), id(PHONE, "+8613800000001")));
        assertThat(custom.resolve().refusals())
                .singleElement()
                .extracting(RefusedMerge::limitedType)
                .isEqualTo(card);
        assertThatThrownBy(() -> graph.add(obs(ObservationKind.IMPORT, 1, id(card, "C1"))))
                .hasMessageContaining("loyalty_card")
                .hasMessageContaining("not declared");
        assertThat(List.of(graph.identityCount())).containsExactly(0);
    }
}
