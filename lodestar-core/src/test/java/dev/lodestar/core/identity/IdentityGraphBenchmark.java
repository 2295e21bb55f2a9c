package dev.lodestar.core.identity;

import static dev.lodestar.core.identity.IdentityType.ANONYMOUS_ID;
import static dev.lodestar.core.identity.IdentityType.CRM_ID;
import static dev.lodestar.core.identity.IdentityType.EMAIL;
import static dev.lodestar.core.identity.IdentityType.PHONE;
import static dev.lodestar.core.identity.IdentityType.USER_ID;
import static dev.lodestar.core.identity.IdentityType.WECHAT_OPENID;
import static dev.lodestar.core.identity.IdentityType.WECHAT_UNIONID;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Throughput of the identity graph, measured, not asserted. Per person: an identify (user id,
 * anonymous id, phone, e-mail), an event from a second device, a CRM row (CRM id, phone, e-mail) and
 * half of them a WeChat row (OpenID, UnionID) — 3.5 observations and about 6.5 identities.
 *
 * <pre>
 * mvn -B -o -q -pl lodestar-core dependency:build-classpath -Dmdep.outputFile=/tmp/core-cp.txt
 * java -Xmx3g -cp lodestar-core/target/classes:lodestar-core/target/test-classes:$(cat /tmp/core-cp.txt) \
 *     dev.lodestar.core.identity.IdentityGraphBenchmark 1000000
 * </pre>
 */
public final class IdentityGraphBenchmark {
    private IdentityGraphBenchmark() {}

    public static void main(String[] args) {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (int round = 0; round < 2; round++) {
            run(persons);
        }
    }

    private static void run(int persons) {
        SplittableRandom random = new SplittableRandom(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        IdentityGraph graph = new IdentityGraph(IdentityConfig.defaults());
        long start = System.nanoTime();
        long observations = 0;
        for (int p = 0; p < persons; p++) {
            Instant at = t0.plusSeconds(random.nextInt(15_000_000));
            Identity user = Identity.of(USER_ID, "u" + p);
            Identity phone = Identity.of(PHONE, "+86138" + String.format("%08d", p));
            Identity email = Identity.of(EMAIL, "user" + p + "@qq.com");
            graph.add(Observation.of(
                    ObservationKind.IDENTIFY, "events", at, user, Identity.of(ANONYMOUS_ID, "a" + p), phone, email));
            graph.add(Observation.of(
                    ObservationKind.EVENT, "events", at.plusSeconds(3600), user, Identity.of(ANONYMOUS_ID, "b" + p)));
            graph.add(Observation.of(ObservationKind.IMPORT, "crm", t0, Identity.of(CRM_ID, "CRM" + p), phone, email));
            observations += 3;
            if ((p & 1) == 0) {
                graph.add(Observation.of(
                        ObservationKind.IMPORT,
                        "wechat",
                        t0,
                        Identity.of(WECHAT_OPENID, "o" + p),
                        Identity.of(WECHAT_UNIONID, "n" + p)));
                observations++;
            }
        }
        long added = System.nanoTime();
        Resolution resolution = graph.resolve();
        long resolved = System.nanoTime();
        double addSeconds = (added - start) / 1e9;
        double resolveSeconds = (resolved - added) / 1e9;
        System.out.printf(
                "%,d observations, %,d identities -> %,d persons, %,d merges: add %.2f s (%,.0f obs/s),"
                        + " resolve %.2f s (%,.0f obs/s), total %,.0f obs/s, heap used %,d MB%n",
                observations,
                graph.identityCount(),
                resolution.personCount(),
                resolution.merges().size(),
                addSeconds,
                observations / addSeconds,
                resolveSeconds,
                observations / resolveSeconds,
                observations / (addSeconds + resolveSeconds),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
