package dev.lodestar.core.person;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Observation;
import dev.lodestar.core.imports.ConsentValue;
import dev.lodestar.core.imports.ImportRecord;
import dev.lodestar.core.imports.ImportSink;
import dev.lodestar.core.imports.TraitValue;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.store.EventStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes imported rows: their identities as evidence for the identity graph, their traits and
 * consent per identity and source (last write wins by the row's update time, else the import
 * time), and their events. Rows are written in batches of 50,000 and persons are resolved once, at
 * the end (or at the next start, should the process die first); an import that dies half-way keeps
 * what it wrote, and running it again adds nothing twice (events by message id, evidence and traits
 * are idempotent), so imports are resumable rather than atomic.
 *
 * <p>Traits are set on the row's first identity (the mapping's column order).
 */
public final class PersonImportSink implements ImportSink {
    private static final int BATCH = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PersonService persons;
    private final EventStore events;
    private final Instant importTime;
    private final List<Observation> observations = new ArrayList<>();
    private final List<dev.lodestar.spi.identity.TraitValue> traits = new ArrayList<>();
    private final List<Event> pendingEvents = new ArrayList<>();
    private long records;
    private long eventsWritten;
    private long eventsSkipped;

    public PersonImportSink(PersonService persons, EventStore events, Instant importTime) {
        this.persons = requireNonNull(persons, "persons is null");
        this.events = requireNonNull(events, "events is null");
        this.importTime = requireNonNull(importTime, "importTime is null");
    }

    @Override
    public void accept(ImportRecord record) {
        records++;
        Observation observation = record.observation(importTime);
        Event event = record.event();
        if (event != null && event.userId() == null && event.anonymousId() != null) {
            // an event row without a user id is written under a key made of its identity; link it
            List<dev.lodestar.core.identity.Identity> identities = new ArrayList<>(observation.identities());
            identities.add(dev.lodestar.core.identity.Identity.of(
                    dev.lodestar.core.identity.IdentityType.ANONYMOUS_ID, event.anonymousId()));
            observation =
                    new Observation(observation.kind(), observation.source(), observation.timestamp(), identities);
        }
        observations.add(observation);
        Instant at = record.updatedAt() != null ? record.updatedAt() : importTime;
        String identity = record.identities().get(0).toString();
        for (TraitValue trait : record.traits()) {
            traits.add(new dev.lodestar.spi.identity.TraitValue(
                    identity, trait.name(), json(trait.value()), record.source(), at));
        }
        for (ConsentValue consent : record.consents()) {
            traits.add(new dev.lodestar.spi.identity.TraitValue(
                    identity,
                    "consent_" + consent.channel().name().toLowerCase(Locale.ROOT),
                    Boolean.toString(consent.granted()),
                    record.source(),
                    at));
        }
        if (record.event() != null) {
            pendingEvents.add(record.event());
        }
        if (observations.size() >= BATCH || pendingEvents.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!pendingEvents.isEmpty()) {
            Set<String> stored = events.storedMessageIds(
                    pendingEvents.stream().map(Event::messageId).toList());
            List<Event> fresh = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>(stored);
            for (Event event : pendingEvents) {
                if (seen.add(event.messageId())) {
                    fresh.add(event);
                }
            }
            if (!fresh.isEmpty()) {
                events.append(fresh);
            }
            eventsWritten += fresh.size();
            eventsSkipped += pendingEvents.size() - fresh.size();
            pendingEvents.clear();
        }
        if (!observations.isEmpty() || !traits.isEmpty()) {
            persons.observe(List.copyOf(observations), List.copyOf(traits), false);
            observations.clear();
            traits.clear();
        }
    }

    @Override
    public void finish() {
        flush();
        persons.sync(); // identify calls among the imported events, and persons from all batches
    }

    public long records() {
        return records;
    }

    public long eventsWritten() {
        return eventsWritten;
    }

    public long eventsSkipped() {
        return eventsSkipped;
    }

    private static String json(Object value) {
        try {
            if (value instanceof LocalDate || value instanceof Instant) {
                return JSON.writeValueAsString(value.toString());
            }
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LodestarException(ErrorCode.INTERNAL, "cannot write trait value " + value + " as JSON", e);
        }
    }
}
