package dev.lodestar.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persons derived from one observation set: lookups both ways, the merge log, the refused
 * merges and the shared identifiers.
 *
 * <p>Person ids: {@code p} + 16 hex digits of SHA-256 of {@code type:value} of the person's
 * earliest-seen identity (ties broken by priority, type, value). The earliest identity of a person
 * stays its earliest when later identities join, so an anonymous visitor's id survives the identify
 * call; when two persons merge, the id of the one seen first survives. The hash is not a secret (a
 * phone's hash can be brute-forced): ids are pseudonymous, not anonymous.
 *
 * <p>A snapshot: it is valid for the observation set it was derived from. Identities added to the
 * graph later are unknown to it.
 */
public final class Resolution {
    private final IdentityGraph g;
    private final int identityCount;
    private final int[] personOf;
    private final String[] personIds;
    private final int[] memberStart;
    private final int[] members;
    private final Map<String, Integer> personIndex;
    private final int[] merges;
    private final List<RefusedMerge> refusals;
    private final List<SharedIdentifier> shared;

    Resolution(
            IdentityGraph graph, int[] root, int[] merges, List<RefusedMerge> refusals, List<SharedIdentifier> shared) {
        this.g = graph;
        this.identityCount = root.length;
        this.merges = merges;
        this.refusals = List.copyOf(refusals);
        this.shared = List.copyOf(shared);
        int n = root.length;
        int[] representative = new int[n];
        java.util.Arrays.fill(representative, -1);
        for (int i = 0; i < n; i++) {
            int r = root[i];
            int best = representative[r];
            if (best < 0 || earlier(i, best)) {
                representative[r] = i;
            }
        }
        int[] personOfRoot = new int[n];
        int persons = 0;
        for (int i = 0; i < n; i++) {
            if (root[i] == i) {
                personOfRoot[i] = persons++;
            }
        }
        personOf = new int[n];
        personIds = new String[persons];
        memberStart = new int[persons + 1];
        MessageDigest sha = sha256();
        personIndex = new HashMap<>(Math.max(16, persons * 4 / 3 + 1));
        for (int i = 0; i < n; i++) {
            int p = personOfRoot[root[i]];
            personOf[i] = p;
            memberStart[p + 1]++;
            if (root[i] == i) {
                String id = personId(sha, representative[i]);
                personIds[p] = id;
                personIndex.put(id, p);
            }
        }
        for (int p = 0; p < persons; p++) {
            memberStart[p + 1] += memberStart[p];
        }
        members = new int[n];
        int[] fill = memberStart.clone();
        for (int i = 0; i < n; i++) {
            members[fill[personOf[i]]++] = i;
        }
    }

    private boolean earlier(int a, int b) {
        int c = Long.compare(g.firstSeen(a), g.firstSeen(b));
        return c != 0 ? c < 0 : g.compareIdentities(a, b) < 0;
    }

    private String personId(MessageDigest sha, int identity) {
        byte[] digest = sha.digest(
                (g.type(g.typeOf(identity)).name() + ":" + g.valueOf(identity)).getBytes(StandardCharsets.UTF_8));
        return "p" + HexFormat.of().formatHex(digest, 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public int personCount() {
        return personIds.length;
    }

    public int identityCount() {
        return identityCount;
    }

    /** All person ids (in no particular order). */
    public List<String> personIds() {
        return List.of(personIds);
    }

    /** The person holding an identity, if the identity was observed. */
    public Optional<String> personOf(Identity identity) {
        int id = g.indexOf(identity);
        if (id < 0 || id >= identityCount) {
            return Optional.empty();
        }
        return Optional.of(personIds[personOf[id]]);
    }

    /** A person's identities in canonical order (priority, type, value); empty for an unknown id. */
    public List<Identity> identitiesOf(String personId) {
        Integer p = personIndex.get(personId);
        if (p == null) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = memberStart[p]; i < memberStart[p + 1]; i++) {
            ids.add(members[i]);
        }
        ids.sort(g::compareIdentities);
        List<Identity> result = new ArrayList<>(ids.size());
        for (int id : ids) {
            result.add(g.identity(id));
        }
        return result;
    }

    /** The merge log in canonical processing order (materialised on access). */
    public List<MergeRecord> merges() {
        return new AbstractList<>() {
            @Override
            public MergeRecord get(int index) {
                int k = index * 4;
                return new MergeRecord(
                        index,
                        g.observation(merges[k]),
                        g.identity(merges[k + 1]),
                        g.identity(merges[k + 2]),
                        merges[k + 3]);
            }

            @Override
            public int size() {
                return merges.length / 4;
            }
        };
    }

    /** The merges that built a person (a scan of the log). */
    public List<MergeRecord> mergesOf(String personId) {
        Integer p = personIndex.get(personId);
        if (p == null) {
            return List.of();
        }
        List<MergeRecord> result = new ArrayList<>();
        List<MergeRecord> all = merges();
        for (int k = 0; k < merges.length; k += 4) {
            if (personOf[merges[k + 1]] == p) {
                result.add(all.get(k / 4));
            }
        }
        return result;
    }

    public List<RefusedMerge> refusals() {
        return refusals;
    }

    public List<SharedIdentifier> sharedIdentifiers() {
        return shared;
    }
}
