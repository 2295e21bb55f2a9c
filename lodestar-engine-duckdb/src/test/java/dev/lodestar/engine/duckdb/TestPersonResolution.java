package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.identity.Observation;
import dev.lodestar.core.identity.ObservationKind;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.testing.TestingEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity resolution on the real store: merges seen by the analyses, traits, unmerge, erasure, restart. */
class TestPersonResolution {
    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path directory;

    @Test
    void anonymousHistoryJoinsThePersonAndAnalysesCountOnePerson() {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore events = new DuckDbEventStore(database);
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(database);
            events.append(List.of(
                    track("e1", null, "a1", "Product Viewed", 0),
                    track("e2", null, "a1", "Product Added", 60),
                    identify("e3", "u1", "a1", "{\"phone\":\"138 0013 8000\",\"plan\":\"free\",\"name\":\"张三\"}", 120),
                    track("e4", null, "a2", "Product Viewed", 180),
                    identify("e5", "u1", "a2", "{\"plan\":\"pro\"}", 240),
                    track("e6", "u1", null, "Order Completed", 300)));
            OverviewSpec spec = new OverviewSpec(
                    new TimeRange(T0.minusSeconds(3600), T0.plusSeconds(3600), ZONE), "Order Completed");
            assertThat(engine.overview(spec).persons()).isEqualTo(3); // a1, a2, u1 before resolution

            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                String person = persons.personOf(Identity.of(IdentityType.USER_ID, "u1"));
                assertThat(persons.personOf(Identity.of(IdentityType.ANONYMOUS_ID, "a2")))
                        .isEqualTo(person);
                assertThat(persons.personOf(Identity.of(IdentityType.PHONE, "+8613800138000")))
                        .isEqualTo(person);
                // the earliest identity of the evidence names the person (ties: by type priority)
                assertThat(person).isEqualTo(PersonIds.of("user_id:u1"));
                assertThat(engine.overview(spec).persons()).isEqualTo(1);
                assertThat(engine.overview(spec).buyers()).isEqualTo(1);

                List<TraitValue> traits = identities.traits(List.of("user_id:u1"));
                assertThat(traits.get(0).name()).isEqualTo("plan");
                assertThat(traits.get(0).valueJson()).isEqualTo("\"pro\"");
                assertThat(traits).extracting(TraitValue::name).contains("name", "phone");

                // an import links a CRM id by phone
                persons.observe(
                        List.of(new Observation(
                                ObservationKind.IMPORT,
                                "crm.csv",
                                T0,
                                List.of(
                                        Identity.of(IdentityType.CRM_ID, "CRM0001"),
                                        Identity.of(IdentityType.PHONE, "+8613800138000")))),
                        List.of());
                // the import's evidence is older, so one of its identities now names the person;
                // the old id still leads there
                assertThat(persons.personOf(Identity.of(IdentityType.CRM_ID, "CRM0001")))
                        .isEqualTo(persons.current(person))
                        .isNotEqualTo(person);
                person = persons.current(person);
                assertThat(engine.overview(spec).persons()).isEqualTo(1);

                // unmerge the second device: its events count as another person again
                int merge = persons.mergesOf(person).stream()
                        .filter(m -> m.joined().equals(Identity.of(IdentityType.ANONYMOUS_ID, "a2"))
                                || m.anchor().equals(Identity.of(IdentityType.ANONYMOUS_ID, "a2")))
                        .findFirst()
                        .orElseThrow()
                        .sequence();
                assertThat(persons.unmerge(person, merge)).hasSize(2);
                assertThat(engine.overview(spec).persons()).isEqualTo(2);
            }
            // after a restart the graph is rebuilt from the store, the unmerge included
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                assertThat(persons.personOf(Identity.of(IdentityType.ANONYMOUS_ID, "a2")))
                        .isNotEqualTo(persons.personOf(Identity.of(IdentityType.USER_ID, "u1")));
                assertThat(engine.overview(spec).persons()).isEqualTo(2);

                String person = persons.personOf(Identity.of(IdentityType.USER_ID, "u1"));
                List<Identity> members = persons.identitiesOf(person);
                long erased = identities.erase(
                        person, members.stream().map(Identity::toString).toList(), PersonService.eventKeys(members));
                persons.reload();
                assertThat(erased).isEqualTo(5); // e1, e2 (a1), e3, e5, e6 (u1); e4 belongs to a2
                assertThat(engine.overview(spec).events()).isEqualTo(1);
                assertThat(identities.traits(List.of("user_id:u1"))).isEmpty();
            }
        }
    }

    @Test
    void evidenceObservedWithoutPublishingMergesAtTheNextSyncOrRestart() {
        Identity crm = Identity.of(IdentityType.CRM_ID, "CRM0001");
        Identity phone = Identity.of(IdentityType.PHONE, "+8613800138000");
        Identity email = Identity.of(IdentityType.EMAIL, "a@example.com");
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                persons.observe(List.of(importRow(T0, crm, phone)), List.of(), false);
                persons.observe(List.of(importRow(T0.plusSeconds(60), phone, email)), List.of(), false);
                // not published yet: every identity is still its own person
                assertThat(persons.personOf(email)).isEqualTo(PersonIds.of(email.toString()));
                assertThat(persons.knows(persons.personOf(crm))).isFalse();

                persons.sync();
                assertThat(persons.personOf(email))
                        .isEqualTo(persons.personOf(crm))
                        .isEqualTo(persons.personOf(phone));
                assertThat(persons.identitiesOf(persons.personOf(crm))).containsExactlyInAnyOrder(crm, phone, email);
            }
            // evidence is stored as it comes: a restart before any publish resolves it too
            Identity other = Identity.of(IdentityType.CRM_ID, "CRM0002");
            Identity otherPhone = Identity.of(IdentityType.PHONE, "+8613900139000");
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                persons.observe(List.of(importRow(T0, other, otherPhone)), List.of(), false);
            }
            try (PersonService persons = new PersonService(identities, new Normalizer(IdentityConfig.defaults()))) {
                assertThat(persons.personOf(otherPhone)).isEqualTo(persons.personOf(other));
                assertThat(persons.personOf(email)).isEqualTo(persons.personOf(crm));
            }
        }
    }

    private static Observation importRow(Instant at, Identity... identities) {
        return new Observation(ObservationKind.IMPORT, "crm.csv", at, List.of(identities));
    }

    private static Event track(String id, String user, String anonymous, String name, int seconds) {
        return TestingEvents.track(id, user, anonymous, name, T0.plusSeconds(seconds));
    }

    private static Event identify(String id, String user, String anonymous, String traits, int seconds) {
        return TestingEvents.identify(id, user, anonymous, traits, T0.plusSeconds(seconds));
    }
}
