package dev.lodestar.cli;

import dev.lodestar.core.identity.IdentityConfigFile;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.SegmentService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.server.Segmentation;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.SegmentDefinition;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo's starting point for segmentation: resolves identities, computes the person scores and
 * saves a few example segments (once), so the dashboard's segment, RFM and matrix pages have
 * something to show.
 */
final class DemoSegments {
    /** Name, description and rule of each example. */
    static final List<List<String>> EXAMPLES = List.of(
            List.of(
                    "高价值流失风险",
                    "High-value buyers slipping away: win them back before they are lost",
                    "rfm.segment in (\"At Risk\", \"Can't Lose Them\")"),
            List.of(
                    "母婴兴趣未下单",
                    "Viewed baby products 3+ times in 30 days but did not order in 30 days",
                    "did(\"Product Viewed\", category = \"母婴\", at_least = 3, within = 30d)"
                            + " and not did(\"Order Completed\", within = 30d)"),
            List.of(
                    "一二线城市核心客户",
                    "Champions and loyal customers in tier-1 and tier-2 cities",
                    "trait.city_tier <= 2 and rfm.segment in (\"Champions\", \"Loyal Customers\")"),
            List.of("近30天新客", "First order in the last 30 days", "did(\"Order Completed\", first_time, within = 30d)"),
            List.of("已流失用户", "No event for 90 days or more", "activity.state = \"churned\""));

    private DemoSegments() {}

    /** Prepares segmentation on a loaded demo directory; prints what it did. */
    static void prepare(Path data, ZoneId zone) {
        try (DuckDbDatabase database = DuckDbDatabase.open(data)) {
            DuckDbIdentityStore store = new DuckDbIdentityStore(database);
            long start = System.nanoTime();
            try (PersonService persons = new PersonService(store, new Normalizer(IdentityConfigFile.load(data)))) {
                persons.sync();
                System.out.printf("resolved identities in %.1f s%n", (System.nanoTime() - start) / 1e9);
                try (Segmentation segmentation = new Segmentation(database, persons, store, zone)) {
                    start = System.nanoTime();
                    segmentation
                            .scores()
                            .ensureScores(new EvaluationContext(Instant.now().truncatedTo(ChronoUnit.MINUTES), zone));
                    System.out.printf(
                            "computed RFM, value tiers, activity and interests in %.1f s%n",
                            (System.nanoTime() - start) / 1e9);
                    SegmentService segments = segmentation.segments();
                    if (!segments.list().isEmpty()) {
                        return;
                    }
                    for (List<String> example : EXAMPLES) {
                        start = System.nanoTime();
                        SegmentDefinition created = segments.create(new SegmentService.Draft(
                                example.get(0),
                                example.get(1),
                                SegmentDefinition.Kind.DYNAMIC,
                                segments.parse(example.get(2)),
                                60));
                        System.out.printf(
                                "segment %-22s %,8d persons (%.1f s)%n",
                                created.name(),
                                segments.lastSize(created.id()).orElseThrow().size(),
                                (System.nanoTime() - start) / 1e9);
                    }
                }
            }
        }
    }
}
