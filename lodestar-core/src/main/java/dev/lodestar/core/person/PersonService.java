package dev.lodestar.core.person;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityGraph;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.MergeRecord;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.identity.Observation;
import dev.lodestar.core.identity.ObservationKind;
import dev.lodestar.core.identity.Resolution;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.IdentityStore;
import dev.lodestar.spi.identity.StoredObservation;
import dev.lodestar.spi.identity.TraitValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps persons current. Events are stored as they come; this service reads the ones that carry
 * identity information (in the background, every second, and on demand), stores the evidence and
 * traits they hold, resolves the identity graph, and writes the mapping of merged persons that
 * engines apply at query time. History is never rewritten: a merge or an unmerge changes only the
 * mapping.
 *
 * <p>Each commit of events has an increasing ingest sequence; the service keeps the last one it
 * read (its watermark) in the same transaction as what it derived, so every event is read once.
 */
public final class PersonService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PersonService.class);

    private final IdentityStore store;
    private final Normalizer normalizer;
    private final EventEvidence evidence;
    private IdentityGraph graph;
    private final Map<String, String> mapped = new HashMap<>(); // own person id -> merged person id
    private Resolution resolution;
    private boolean unpublished; // evidence added by observe(..., false) that the person map lacks
    private ScheduledExecutorService background;

    public PersonService(IdentityStore store, Normalizer normalizer) {
        this.store = requireNonNull(store, "store is null");
        this.normalizer = requireNonNull(normalizer, "normalizer is null");
        this.evidence = new EventEvidence(normalizer, new ObjectMapper());
        this.graph = load();
        this.resolution = graph.resolve();
        Map<String, String> desired = desiredMap(resolution);
        store.updatePersonMap(desired, List.of()); // rows no longer wanted are dropped by the next sync
        mapped.putAll(desired);
        sync();
    }

    /** Syncs every {@code period} in the background until closed. */
    public synchronized PersonService startBackground(Duration period) {
        if (background == null) {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "lodestar-persons");
                thread.setDaemon(true);
                return thread;
            });
            background.scheduleWithFixedDelay(
                    () -> {
                        try {
                            sync();
                        } catch (RuntimeException e) {
                            log.error("person resolution failed; retrying", e);
                        }
                    },
                    period.toMillis(),
                    period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Reads new identity evidence from the events and updates persons. Returns the observations read. */
    public synchronized int sync() {
        long watermark = store.watermark();
        Map<List<String>, StoredObservation> observations = new LinkedHashMap<>();
        List<TraitValue> traits = new ArrayList<>();
        long upTo = store.forEachLinkingEvent(watermark, event -> {
            traits.addAll(evidence.traitValues(event));
            Observation observation = evidence.observation(event);
            if (observation != null) {
                List<String> keys = observation.identities().stream()
                        .map(Identity::toString)
                        .sorted()
                        .toList();
                observations.merge(
                        keys,
                        new StoredObservation(
                                keys,
                                observation.kind().name().toLowerCase(Locale.ROOT),
                                observation.source(),
                                observation.timestamp(),
                                observation.timestamp(),
                                1,
                                null),
                        (a, b) -> new StoredObservation(
                                keys,
                                a.kind(),
                                a.source(),
                                a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                                a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(),
                                a.occurrences() + b.occurrences(),
                                null));
            }
        });
        if (upTo == watermark) {
            publishPending();
            return 0;
        }
        store.saveDerived(List.copyOf(observations.values()), traits, upTo);
        boolean changed = false;
        for (StoredObservation stored : observations.values()) {
            changed |= graph.add(toObservation(stored));
        }
        if (changed || unpublished) {
            publish(graph.resolve());
        }
        return observations.size();
    }

    /** Adds evidence from outside the event stream (an import, an operator) and updates persons. */
    public synchronized void observe(List<Observation> observations, List<TraitValue> traits) {
        observe(observations, traits, true);
    }

    /**
     * Adds evidence and, when {@code publish} is true, updates persons. An import passes false for
     * every batch and publishes once at the end ({@link #sync()} does): resolving the whole graph
     * after each batch made a large import quadratic. Evidence is stored either way, so persons
     * are right after a restart too (the constructor resolves what is stored).
     */
    public synchronized void observe(List<Observation> observations, List<TraitValue> traits, boolean publish) {
        Map<List<String>, StoredObservation> stored = new LinkedHashMap<>();
        for (Observation o : observations) {
            List<String> keys =
                    o.identities().stream().map(Identity::toString).sorted().toList();
            stored.put(
                    keys,
                    new StoredObservation(
                            keys,
                            o.kind().name().toLowerCase(Locale.ROOT),
                            o.source(),
                            o.timestamp(),
                            o.timestamp(),
                            1,
                            null));
        }
        store.saveDerived(List.copyOf(stored.values()), traits, store.watermark());
        boolean changed = false;
        for (Observation o : observations) {
            changed |= graph.add(o);
        }
        unpublished |= changed;
        if (publish) {
            publishPending();
        }
    }

    private void publishPending() {
        if (unpublished) {
            publish(graph.resolve());
        }
    }

    private void publish(Resolution fresh) {
        Map<String, String> desired = desiredMap(fresh);
        Map<String, String> changes = new HashMap<>();
        desired.forEach((from, to) -> {
            if (!to.equals(mapped.get(from))) {
                changes.put(from, to);
            }
        });
        List<String> removed =
                mapped.keySet().stream().filter(k -> !desired.containsKey(k)).toList();
        store.updatePersonMap(changes, removed);
        mapped.keySet().removeAll(removed);
        mapped.putAll(changes);
        resolution = fresh;
        unpublished = false;
    }

    /** Own person id of every identity that belongs to another person now. */
    private static Map<String, String> desiredMap(Resolution resolution) {
        Map<String, String> desired = new HashMap<>();
        for (String person : resolution.personIds()) {
            for (Identity identity : resolution.identitiesOf(person)) {
                String own = PersonIds.of(identity.toString());
                if (!own.equals(person)) {
                    desired.put(own, person);
                }
            }
        }
        return desired;
    }

    /** The person an identity belongs to now (its own person when it was never merged). */
    public synchronized String personOf(Identity identity) {
        return resolution.personOf(identity).orElseGet(() -> PersonIds.of(identity.toString()));
    }

    /** The person id a stale or own id stands for now. */
    public synchronized String current(String personId) {
        return mapped.getOrDefault(personId, personId);
    }

    /**
     * The identities of a person; a person the graph does not know is looked for among the
     * identities' own ids (it may be a visitor who never linked), which the caller resolves.
     */
    public synchronized List<Identity> identitiesOf(String personId) {
        return resolution.identitiesOf(current(personId));
    }

    /** Whether the graph knows this person. */
    public synchronized boolean knows(String personId) {
        return !resolution.identitiesOf(current(personId)).isEmpty();
    }

    /** The merges that formed a person, oldest first. */
    public synchronized List<MergeRecord> mergesOf(String personId) {
        return resolution.mergesOf(current(personId));
    }

    /** Undoes one merge of a person: its evidence no longer links, now and after restarts. */
    public synchronized List<String> unmerge(String personId, int mergeSequence) {
        MergeRecord merge = resolution.mergesOf(current(personId)).stream()
                .filter(m -> m.sequence() == mergeSequence)
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("person " + personId + " has no merge number " + mergeSequence));
        List<String> keys = merge.evidence().identities().stream()
                .map(Identity::toString)
                .sorted()
                .toList();
        store.retractObservation(keys, Instant.now());
        var result = graph.unmerge(merge);
        publish(graph.resolve());
        store.audit(
                "unmerge",
                personId,
                "{\"merge\":" + mergeSequence + ",\"persons\":"
                        + result.personsAfter().size() + "}");
        return result.personsAfter();
    }

    /**
     * Rebuilds the graph from the store, after an erasure removed evidence from it: nothing of the
     * erased identities stays in memory either.
     */
    public synchronized void reload() {
        graph = load();
        publish(graph.resolve());
    }

    private IdentityGraph load() {
        IdentityGraph loaded = new IdentityGraph(normalizer.config());
        store.forEachObservation(stored -> {
            Observation observation = toObservation(stored);
            loaded.add(observation);
            if (stored.retractedAt() != null) {
                loaded.retract(observation);
            }
        });
        return loaded;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public Optional<IdentityType> type(String name) {
        return Optional.ofNullable(normalizer.config().types().get(name)).map(spec -> spec.type());
    }

    private Observation toObservation(StoredObservation stored) {
        List<Identity> identities = new ArrayList<>(stored.identities().size());
        for (String key : stored.identities()) {
            int colon = key.indexOf(':');
            identities.add(new Identity(new IdentityType(key.substring(0, colon)), key.substring(colon + 1)));
        }
        return new Observation(
                ObservationKind.valueOf(stored.kind().toUpperCase(Locale.ROOT)),
                stored.source(),
                stored.firstSeen(),
                identities);
    }

    /** A person: its current id, its identities and the identity keys its events carry. */
    public record Person(String id, List<Identity> identities, List<String> eventKeys) {
        public List<String> identityKeys() {
            return identities.stream().map(Identity::toString).toList();
        }
    }

    /**
     * Finds a person by id (also an id it had before a merge). A person the graph never saw is one
     * identity known only by its events. Empty when nothing is known of the id.
     */
    public synchronized Optional<Person> find(String requested) {
        String id = current(requested);
        List<Identity> identities = new ArrayList<>(resolution.identitiesOf(id));
        List<String> eventKeys = new ArrayList<>(eventKeys(identities));
        if (identities.isEmpty()) {
            for (String key : store.eventKeysOf(id)) {
                eventKeys.add(key);
                int colon = key.indexOf(':');
                identities.add(new Identity(new IdentityType(key.substring(0, colon)), key.substring(colon + 1)));
            }
        }
        return identities.isEmpty() ? Optional.empty() : Optional.of(new Person(id, identities, eventKeys));
    }

    /** Finds the person an identifier belongs to; empty when nothing is known of it. */
    public synchronized Optional<Person> find(Identity identity) {
        String person = personOf(identity);
        if (!knows(person)
                && store.eventKeysOf(PersonIds.of(identity.toString())).isEmpty()) {
            return Optional.empty();
        }
        return find(person);
    }

    /** Erases a person (see {@link IdentityStore#erase}) and forgets its evidence. Returns events deleted. */
    public synchronized long erase(Person person) {
        long events = store.erase(person.id(), person.identityKeys(), person.eventKeys());
        reload();
        return events;
    }

    /** For erasure: the event keys of identities that events are written with. */
    public static List<String> eventKeys(Collection<Identity> identities) {
        return identities.stream()
                .filter(i -> i.type().equals(IdentityType.USER_ID) || i.type().equals(IdentityType.ANONYMOUS_ID))
                .map(Identity::toString)
                .toList();
    }

    @Override
    public synchronized void close() {
        if (background != null) {
            background.shutdownNow();
        }
    }
}
