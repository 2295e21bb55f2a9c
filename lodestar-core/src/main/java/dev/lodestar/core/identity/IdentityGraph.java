package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Unifies identities into persons from {@link Observation observations} (identities seen
 * together), with guardrails against over-merging, a merge log, and unmerge.
 *
 * <p>The graph keeps the set of observations (identical identity sets are stored once, with the
 * earliest timestamp) and derives the persons from that set in {@link #resolve()}, so the result
 * depends only on the set, never on arrival order:
 *
 * <ol>
 *   <li>Shared identifiers: an identifier seen on more persons than {@link
 *       IdentityConfig#sharedThreshold()} merges nothing and is reported (see {@link
 *       SharedIdentifier#estimatedPersons()}); identifiers of unique types (user id, CRM id) are
 *       never shared.
 *   <li>Canonical order: observations are applied sorted by the priority of their strongest
 *       identity (user id first), then by timestamp, then by their content (the identities in
 *       priority, type, value order). Within an observation the strongest identity is the anchor.
 *   <li>Union-find: each other identity's person is merged into the anchor's person unless the
 *       merged person would hold more values of a type than its limit (one user id by default);
 *       refused merges are recorded with the limited type and the conflicting values.
 * </ol>
 *
 * <p>So stronger evidence is applied first and wins conflicts: a phone seen with two user ids
 * stays with the user id whose identify came first, and a later row linking it to the other one is
 * refused. Person ids are derived from each person's earliest-seen identity (see {@link
 * Resolution}). Not thread-safe: callers serialise {@link #add} and {@link #resolve}.
 */
public final class IdentityGraph {
    /** Observations with more identities are refused: they are import mistakes, not persons. */
    public static final int MAX_IDENTITIES_PER_OBSERVATION = 64;

    private static final ObservationKind[] KINDS = ObservationKind.values();

    private final IdentityConfig config;
    private final IdentityType[] types;
    private final int[] typePriority;
    private final int[] typeLimit;
    private final boolean[] typeUnique;
    private final Map<String, Integer> typeIndex = new HashMap<>();
    /** Type indexes in guardrail order: strongest first. */
    private final int[] typesByPriority;

    private final List<HashMap<String, Integer>> interned = new ArrayList<>();

    // identities, indexed 0..identityCount-1
    private int identityCount;
    private int[] idType = new int[1024];
    private String[] idValue = new String[1024];
    private long[] idFirstSeen = new long[1024];

    // observations, indexed 0..observationCount-1
    private int observationCount;
    private int[][] obsIds = new int[1024][];
    private long[] obsTime = new long[1024];
    private int[] obsNanos = new int[1024];
    private byte[] obsKind = new byte[1024];
    private int[] obsSource = new int[1024];
    private int[] obsOccurrences = new int[1024];
    private boolean[] obsRetracted = new boolean[1024];
    private final HashMap<IdSet, Integer> observationsByIds = new HashMap<>();
    private final List<String> sources = new ArrayList<>();
    private final HashMap<String, Integer> sourceIndex = new HashMap<>();

    private Resolution resolution;

    public IdentityGraph(IdentityConfig config) {
        this.config = requireNonNull(config, "config is null");
        int n = config.types().size();
        types = new IdentityType[n];
        typePriority = new int[n];
        typeLimit = new int[n];
        typeUnique = new boolean[n];
        int i = 0;
        for (IdentityTypeSpec spec : config.types().values()) {
            types[i] = spec.type();
            typePriority[i] = spec.priority();
            typeLimit[i] = spec.maxPerPerson();
            typeUnique[i] = spec.unique();
            typeIndex.put(spec.type().name(), i);
            interned.add(new HashMap<>());
            i++;
        }
        typesByPriority = java.util.stream.IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(t -> typePriority[t]).thenComparing(t -> types[t]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    public IdentityConfig config() {
        return config;
    }

    /** Distinct identities seen so far. */
    public int identityCount() {
        return identityCount;
    }

    /** Distinct observations (distinct identity sets) seen so far, retracted ones included. */
    public int observationCount() {
        return observationCount;
    }

    /**
     * Adds evidence. Identical identity sets are kept once: the earliest (timestamp, kind, source)
     * describes them and the others count as occurrences. Returns true if the identity set is new.
     */
    public boolean add(Observation observation) {
        requireNonNull(observation, "observation is null");
        int[] ids = internAll(observation);
        Instant ts = observation.timestamp();
        int source = sourceIndex.computeIfAbsent(observation.source(), s -> {
            sources.add(s);
            return sources.size() - 1;
        });
        IdSet key = IdSet.of(ids);
        Integer existing = observationsByIds.get(key);
        resolution = null;
        if (existing != null) {
            int o = existing;
            obsOccurrences[o]++;
            if (earlier(ts, observation.kind(), observation.source(), o)) {
                obsTime[o] = ts.getEpochSecond();
                obsNanos[o] = ts.getNano();
                obsKind[o] = (byte) observation.kind().ordinal();
                obsSource[o] = source;
            }
            return false;
        }
        int o = observationCount++;
        if (o == obsIds.length) {
            int size = o * 2;
            obsIds = Arrays.copyOf(obsIds, size);
            obsTime = Arrays.copyOf(obsTime, size);
            obsNanos = Arrays.copyOf(obsNanos, size);
            obsKind = Arrays.copyOf(obsKind, size);
            obsSource = Arrays.copyOf(obsSource, size);
            obsOccurrences = Arrays.copyOf(obsOccurrences, size);
            obsRetracted = Arrays.copyOf(obsRetracted, size);
        }
        sortCanonically(ids);
        obsIds[o] = ids;
        obsTime[o] = ts.getEpochSecond();
        obsNanos[o] = ts.getNano();
        obsKind[o] = (byte) observation.kind().ordinal();
        obsSource[o] = source;
        obsOccurrences[o] = 1;
        observationsByIds.put(key, o);
        return true;
    }

    /** Adds every observation. */
    public void addAll(Iterable<Observation> observations) {
        for (Observation observation : observations) {
            add(observation);
        }
    }

    /**
     * Retracts an observation (every occurrence of its identity set): the persons are derived as if
     * it had never been seen. Stays retracted if the same identity set is added again. Returns false
     * if no such observation exists.
     */
    public boolean retract(Observation observation) {
        Integer o = find(observation);
        if (o == null || obsRetracted[o]) {
            return false;
        }
        obsRetracted[o] = true;
        resolution = null;
        return true;
    }

    /** Takes back a {@link #retract}. Returns false if it was not retracted. */
    public boolean restore(Observation observation) {
        Integer o = find(observation);
        if (o == null || !obsRetracted[o]) {
            return false;
        }
        obsRetracted[o] = false;
        resolution = null;
        return true;
    }

    /** The retracted observations. */
    public List<Observation> retracted() {
        List<Observation> list = new ArrayList<>();
        for (int o = 0; o < observationCount; o++) {
            if (obsRetracted[o]) {
                list.add(observation(o));
            }
        }
        return list;
    }

    /**
     * Undoes a merge by retracting the observation that caused it, and re-derives the persons. The
     * result lists the persons the former person's identities now belong to.
     */
    public UnmergeResult unmerge(MergeRecord merge) {
        requireNonNull(merge, "merge is null");
        Resolution before = resolve();
        String person = before.personOf(merge.anchor())
                .orElseThrow(() -> new IllegalArgumentException("identity " + merge.anchor() + " is not in the graph"));
        List<Identity> identities = before.identitiesOf(person);
        if (!retract(merge.evidence())) {
            throw new IllegalArgumentException(
                    "the evidence of merge " + merge.reason() + " is unknown or already retracted");
        }
        Resolution after = resolve();
        Set<String> persons = new LinkedHashSet<>();
        for (Identity identity : identities) {
            persons.add(after.personOf(identity).orElseThrow());
        }
        return new UnmergeResult(merge.evidence(), person, new ArrayList<>(persons));
    }

    /** The current persons (derived once per change of the observation set). */
    public Resolution resolve() {
        if (resolution == null) {
            resolution = new Resolver(this).run();
        }
        return resolution;
    }

    /** The person of an identity, if it was ever observed. */
    public Optional<String> personOf(Identity identity) {
        return resolve().personOf(identity);
    }

    /** The identities of a person (empty for an unknown id). */
    public List<Identity> identitiesOf(String personId) {
        return resolve().identitiesOf(personId);
    }

    // ---- internals shared with Resolver and Resolution ----

    int typeCount() {
        return types.length;
    }

    int[] typesByPriority() {
        return typesByPriority;
    }

    int typeLimit(int type) {
        return typeLimit[type];
    }

    boolean typeUnique(int type) {
        return typeUnique[type];
    }

    IdentityType type(int type) {
        return types[type];
    }

    int typeOf(int id) {
        return idType[id];
    }

    int priorityOf(int id) {
        return typePriority[idType[id]];
    }

    String valueOf(int id) {
        return idValue[id];
    }

    long firstSeen(int id) {
        return idFirstSeen[id];
    }

    Identity identity(int id) {
        return new Identity(types[idType[id]], idValue[id]);
    }

    int indexOf(Identity identity) {
        Integer type = typeIndex.get(identity.type().name());
        if (type == null) {
            return -1;
        }
        Integer id = interned.get(type).get(identity.value());
        return id == null ? -1 : id;
    }

    int[] observationIds(int o) {
        return obsIds[o];
    }

    boolean retracted(int o) {
        return obsRetracted[o];
    }

    long observationSecond(int o) {
        return obsTime[o];
    }

    int observationNanos(int o) {
        return obsNanos[o];
    }

    Observation observation(int o) {
        int[] ids = obsIds[o];
        List<Identity> list = new ArrayList<>(ids.length);
        for (int id : ids) {
            list.add(identity(id));
        }
        return new Observation(
                KINDS[obsKind[o]], sources.get(obsSource[o]), Instant.ofEpochSecond(obsTime[o], obsNanos[o]), list);
    }

    /** Canonical order of identities: priority, type name, value. Independent of interning order. */
    int compareIdentities(int a, int b) {
        if (a == b) {
            return 0;
        }
        int c = Integer.compare(typePriority[idType[a]], typePriority[idType[b]]);
        if (c != 0) {
            return c;
        }
        c = types[idType[a]].compareTo(types[idType[b]]);
        return c != 0 ? c : idValue[a].compareTo(idValue[b]);
    }

    private Integer find(Observation observation) {
        requireNonNull(observation, "observation is null");
        int[] ids = observation.identities().stream()
                .mapToInt(this::indexOf)
                .distinct()
                .toArray();
        if (Arrays.stream(ids).anyMatch(id -> id < 0)) {
            return null;
        }
        return observationsByIds.get(IdSet.of(ids));
    }

    private boolean earlier(Instant ts, ObservationKind kind, String source, int o) {
        int c = Long.compare(ts.getEpochSecond(), obsTime[o]);
        if (c == 0) {
            c = Integer.compare(ts.getNano(), obsNanos[o]);
        }
        if (c == 0) {
            c = Integer.compare(kind.ordinal(), obsKind[o]);
        }
        if (c == 0) {
            c = source.compareTo(sources.get(obsSource[o]));
        }
        return c < 0;
    }

    private int[] internAll(Observation observation) {
        List<Identity> identities = observation.identities();
        if (identities.size() > MAX_IDENTITIES_PER_OBSERVATION) {
            throw new IllegalArgumentException("an observation holds " + identities.size() + " identities, more than "
                    + MAX_IDENTITIES_PER_OBSERVATION + " (a mapping mistake?)");
        }
        long millis = observation.timestamp().toEpochMilli();
        int[] ids = new int[identities.size()];
        int n = 0;
        outer:
        for (Identity identity : identities) {
            int id = intern(identity, millis);
            for (int i = 0; i < n; i++) {
                if (ids[i] == id) {
                    continue outer;
                }
            }
            ids[n++] = id;
        }
        return n == ids.length ? ids : Arrays.copyOf(ids, n);
    }

    private int intern(Identity identity, long millis) {
        Integer type = typeIndex.get(identity.type().name());
        if (type == null) {
            throw new IllegalArgumentException("identity type '" + identity.type() + "' is not declared (declared: "
                    + config.types().keySet() + ")");
        }
        HashMap<String, Integer> map = interned.get(type);
        Integer existing = map.get(identity.value());
        if (existing != null) {
            int id = existing;
            if (millis < idFirstSeen[id]) {
                idFirstSeen[id] = millis;
            }
            return id;
        }
        int id = identityCount++;
        if (id == idType.length) {
            int size = id * 2;
            idType = Arrays.copyOf(idType, size);
            idValue = Arrays.copyOf(idValue, size);
            idFirstSeen = Arrays.copyOf(idFirstSeen, size);
        }
        idType[id] = type;
        idValue[id] = identity.value();
        idFirstSeen[id] = millis;
        map.put(identity.value(), id);
        return id;
    }

    private void sortCanonically(int[] ids) {
        for (int i = 1; i < ids.length; i++) {
            int v = ids[i];
            int j = i - 1;
            while (j >= 0 && compareIdentities(ids[j], v) > 0) {
                ids[j + 1] = ids[j];
                j--;
            }
            ids[j + 1] = v;
        }
    }

    /** An identity set as a hash key (sorted interned ids). */
    private static final class IdSet {
        private final int[] ids;
        private final int hash;

        private IdSet(int[] ids) {
            this.ids = ids;
            this.hash = Arrays.hashCode(ids);
        }

        static IdSet of(int[] ids) {
            int[] sorted = ids.clone();
            Arrays.sort(sorted);
            return new IdSet(sorted);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdSet other && other.hash == hash && Arrays.equals(other.ids, ids);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
