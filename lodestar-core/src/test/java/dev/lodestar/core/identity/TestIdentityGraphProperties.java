package dev.lodestar.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random observation sets: the persons must not depend on the order the observations arrive in,
 * guardrails must hold in every result, and unmerge must equal never having seen the evidence.
 */
class TestIdentityGraphProperties {
    private static final int CASES = 400;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final IdentityConfig CONFIG = IdentityConfig.defaults();
    private static final Normalizer NORMALIZER = new Normalizer(CONFIG);
    private static final String[] BLOCKED = {"", " ", "0", "000-000", "-1", "null", "anonymous", "undefined", "NULL"};

    @Test
    void anyOrderOfTheSameObservationsGivesTheSamePersons() {
        SplittableRandom random = new SplittableRandom(20260401);
        int refusals = 0;
        int shared = 0;
        int merged = 0;
        for (int c = 0; c < CASES; c++) {
            long seed = random.nextLong();
            List<Observation> observations = randomObservations(new SplittableRandom(seed));
            IdentityGraph reference = build(observations);
            Resolution expected = reference.resolve();
            Map<Identity, String> expectedPersons = persons(expected, observations);
            checkGuardrails(expected, observations);
            for (int shuffle = 0; shuffle < 3; shuffle++) {
                List<Observation> shuffled = new ArrayList<>(observations);
                Collections.shuffle(shuffled, new Random(seed + shuffle));
                Resolution actual = build(shuffled).resolve();
                assertThat(persons(actual, observations))
                        .as("case seed %s shuffle %s", seed, shuffle)
                        .isEqualTo(expectedPersons);
                assertThat(actual.merges()).as("merge log, seed %s", seed).isEqualTo(expected.merges());
                assertThat(actual.refusals()).as("refusals, seed %s", seed).isEqualTo(expected.refusals());
                assertThat(actual.sharedIdentifiers()).isEqualTo(expected.sharedIdentifiers());
            }
            refusals += expected.refusals().size();
            shared += expected.sharedIdentifiers().size();
            merged += expected.merges().size();
        }
        // the generator really exercises the guardrails
        assertThat(refusals).isGreaterThan(CASES);
        assertThat(shared).isGreaterThan(CASES / 8);
        assertThat(merged).isGreaterThan(CASES * 10);
    }

    @Test
    void unmergeEqualsNeverHavingSeenTheEvidence() {
        SplittableRandom random = new SplittableRandom(777);
        int splits = 0;
        for (int c = 0; c < CASES; c++) {
            long seed = random.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            List<Observation> observations = randomObservations(r);
            IdentityGraph graph = build(observations);
            List<MergeRecord> merges = graph.resolve().merges();
            if (merges.isEmpty()) {
                continue;
            }
            MergeRecord merge = merges.get(r.nextInt(merges.size()));
            UnmergeResult result = graph.unmerge(merge);
            splits += result.split() ? 1 : 0;

            List<Observation> without = new ArrayList<>();
            Set<Identity> key = new HashSet<>(merge.evidence().identities());
            for (Observation o : observations) {
                if (!new HashSet<>(o.identities()).equals(key)) {
                    without.add(o);
                }
            }
            IdentityGraph fresh = build(without);
            for (Observation o : observations) {
                if (new HashSet<>(o.identities()).equals(key)) {
                    // identities only seen in the retracted evidence are still known, each alone
                    for (Identity i : o.identities()) {
                        fresh.add(Observation.of(ObservationKind.MANUAL, "x", T0, i));
                    }
                }
            }
            assertThat(partition(graph.resolve(), observations))
                    .as("seed %s", seed)
                    .isEqualTo(partition(fresh.resolve(), observations));
            checkGuardrails(graph.resolve(), observations);
        }
        assertThat(splits).isGreaterThan(CASES / 4);
    }

    private static IdentityGraph build(List<Observation> observations) {
        IdentityGraph graph = new IdentityGraph(CONFIG);
        graph.addAll(observations);
        return graph;
    }

    private static Map<Identity, String> persons(Resolution resolution, List<Observation> observations) {
        Map<Identity, String> map = new HashMap<>();
        for (Observation o : observations) {
            for (Identity i : o.identities()) {
                map.put(i, resolution.personOf(i).orElseThrow());
            }
        }
        return map;
    }

    private static Set<Set<Identity>> partition(Resolution resolution, List<Observation> observations) {
        Map<String, Set<Identity>> groups = new HashMap<>();
        persons(resolution, observations).forEach((i, p) -> groups.computeIfAbsent(p, k -> new HashSet<>())
                .add(i));
        return new HashSet<>(groups.values());
    }

    private static void checkGuardrails(Resolution resolution, List<Observation> observations) {
        Set<Identity> sharedIds = new HashSet<>();
        resolution.sharedIdentifiers().forEach(s -> sharedIds.add(s.identity()));
        for (String person : resolution.personIds()) {
            List<Identity> identities = resolution.identitiesOf(person);
            Map<IdentityType, Integer> perType = new HashMap<>();
            for (Identity i : identities) {
                perType.merge(i.type(), 1, Integer::sum);
                if (sharedIds.contains(i)) {
                    assertThat(identities).containsExactly(i);
                }
                assertThat(i.value()).isNotIn((Object[]) BLOCKED);
            }
            perType.forEach((type, count) -> assertThat(count)
                    .isLessThanOrEqualTo(CONFIG.requireSpec(type).maxPerPerson()));
        }
        assertThat(persons(resolution, observations).keySet()).allSatisfy(i -> assertThat(
                        resolution.identitiesOf(resolution.personOf(i).orElseThrow()))
                .contains(i));
    }

    /**
     * A few true persons with user ids, devices, phones (in messy formats), e-mails and CRM ids,
     * observed through identify, alias chains, events and imports; plus noise: conflicting user ids
     * on one phone, placeholder phones on many persons, blocked values, duplicates and equal
     * timestamps.
     */
    static List<Observation> randomObservations(SplittableRandom r) {
        int persons = 2 + r.nextInt(12);
        List<Observation> out = new ArrayList<>();
        String placeholder = "138 0013 8000";
        for (int p = 0; p < persons; p++) {
            String user = "u" + p;
            String phone = "1390000" + String.format("%04d", p);
            String email = "P" + p + "@QQ.com";
            String crm = "CRM" + p;
            int devices = 1 + r.nextInt(4);
            String previous = null;
            for (int d = 0; d < devices; d++) {
                String anon = "a" + p + "-" + d;
                switch (r.nextInt(4)) {
                    case 0 -> out.add(raw(r, ObservationKind.ALIAS, "user_id", user, "anonymous_id", anon));
                    case 1 -> out.add(raw(r, ObservationKind.EVENT, "user_id", user, "anonymous_id", anon));
                    case 2 ->
                        out.add(raw(
                                r,
                                ObservationKind.IDENTIFY,
                                "user_id",
                                user,
                                "anonymous_id",
                                anon,
                                "phone",
                                messy(r, phone)));
                    default -> {
                        if (previous != null) { // alias chain through anonymous ids
                            out.add(raw(r, ObservationKind.ALIAS, "anonymous_id", previous, "anonymous_id", anon));
                        }
                    }
                }
                previous = anon;
            }
            if (r.nextInt(3) > 0) {
                out.add(raw(
                        r,
                        ObservationKind.IDENTIFY,
                        "user_id",
                        user,
                        "phone",
                        messy(r, phone),
                        "email",
                        r.nextBoolean() ? email : BLOCKED[r.nextInt(BLOCKED.length)]));
            }
            if (r.nextBoolean()) {
                out.add(raw(r, ObservationKind.IMPORT, "crm_id", crm, "phone", messy(r, phone), "email", email));
            }
            if (r.nextInt(3) == 0) { // placeholder phone typed into the CRM for many customers
                out.add(raw(
                        r, ObservationKind.IMPORT, "crm_id", crm + "x", "phone", placeholder, "email", "x" + email));
            }
            if (r.nextInt(5) == 0) { // someone else's user id on this phone: a conflict
                out.add(raw(
                        r, ObservationKind.IDENTIFY, "user_id", "u" + r.nextInt(persons), "phone", messy(r, phone)));
            }
            if (r.nextInt(6) == 0) { // a blocked user id must not glue persons together
                out.add(raw(
                        r,
                        ObservationKind.EVENT,
                        "user_id",
                        BLOCKED[r.nextInt(BLOCKED.length)],
                        "anonymous_id",
                        "a" + p + "-0"));
            }
            if (r.nextInt(8) == 0) { // many phones for one user: the per-type limit
                for (int k = 0; k < 7; k++) {
                    out.add(raw(
                            r,
                            ObservationKind.IMPORT,
                            "user_id",
                            user,
                            "phone",
                            "1370000" + String.format("%02d%02d", p, k)));
                }
            }
        }
        int duplicates = r.nextInt(1 + out.size() / 4);
        for (int i = 0; i < duplicates; i++) {
            Observation o = out.get(r.nextInt(out.size()));
            out.add(new Observation(o.kind(), "replay", o.timestamp().plusSeconds(r.nextInt(3) - 1), o.identities()));
        }
        return out;
    }

    private static Observation raw(SplittableRandom r, ObservationKind kind, String... typeValues) {
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < typeValues.length; i += 2) {
            Normalized n = NORMALIZER.normalize(new IdentityType(typeValues[i]), typeValues[i + 1]);
            if (n instanceof Normalized.Valid valid) {
                identities.add(valid.identity());
            }
        }
        if (identities.isEmpty()) {
            identities.add(Identity.of(IdentityType.ANONYMOUS_ID, "fallback-" + r.nextInt(5)));
        }
        // few distinct timestamps, so ties are common
        return new Observation(kind, "s" + r.nextInt(3), T0.plusSeconds(60L * r.nextInt(20)), identities);
    }

    private static String messy(SplittableRandom r, String digits) {
        return switch (r.nextInt(5)) {
            case 0 -> digits;
            case 1 -> "+86-" + digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            case 2 -> "0086 " + digits;
            case 3 -> "(+86)" + digits;
            default -> {
                StringBuilder sb = new StringBuilder();
                digits.chars().forEach(ch -> sb.append((char) ('０' + (ch - '0'))));
                yield sb.toString();
            }
        };
    }
}
