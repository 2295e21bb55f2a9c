package dev.lodestar.core.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One derivation of the persons from the graph's current observation set (see {@link IdentityGraph}). */
final class Resolver {
    private static final int MAX_CONFLICTS_LISTED = 10;

    private final IdentityGraph g;
    private final int n;
    private final int typeCount;
    private int[] parent;
    private int[] next;
    private short[] counts;

    Resolver(IdentityGraph graph) {
        this.g = graph;
        this.n = graph.identityCount();
        this.typeCount = graph.typeCount();
    }

    Resolution run() {
        int observations = g.observationCount();
        boolean[] shared = new boolean[n];
        List<SharedIdentifier> sharedList = detectShared(observations, shared);

        // canonical order over the observations that can merge something
        int[] rank = new int[observations];
        int active = 0;
        Integer[] order = new Integer[observations];
        for (int o = 0; o < observations; o++) {
            if (g.retracted(o)) {
                continue;
            }
            int usable = 0;
            int best = Integer.MAX_VALUE;
            for (int id : g.observationIds(o)) {
                if (!shared[id]) {
                    usable++;
                    best = Math.min(best, g.priorityOf(id));
                }
            }
            if (usable >= 2) {
                rank[o] = best;
                order[active++] = o;
            }
        }
        order = Arrays.copyOf(order, active);
        Arrays.sort(order, (a, b) -> compareObservations(a, b, rank));

        parent = new int[n];
        next = new int[n];
        counts = new short[Math.multiplyExact(n, typeCount)];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            next[i] = i;
            counts[i * typeCount + g.typeOf(i)] = 1;
        }
        int[] size = new int[n];
        Arrays.fill(size, 1);
        IntLog merges = new IntLog(4);
        List<RefusedMerge> refusals = new ArrayList<>();
        int[] typesByPriority = g.typesByPriority();

        for (int o : order) {
            int[] ids = g.observationIds(o); // canonical order: strongest first
            int anchor = -1;
            for (int id : ids) {
                if (shared[id]) {
                    continue;
                }
                if (anchor < 0) {
                    anchor = id;
                    continue;
                }
                int ra = find(anchor);
                int rb = find(id);
                if (ra == rb) {
                    continue;
                }
                int violated = -1;
                for (int t : typesByPriority) {
                    if (counts[ra * typeCount + t] + counts[rb * typeCount + t] > g.typeLimit(t)) {
                        violated = t;
                        break;
                    }
                }
                if (violated >= 0) {
                    refusals.add(refusal(o, anchor, id, ra, rb, violated));
                    continue;
                }
                merges.add(o, anchor, id, size[rb]);
                // union by size; splice the circular member lists
                int big = size[ra] >= size[rb] ? ra : rb;
                int small = big == ra ? rb : ra;
                parent[small] = big;
                size[big] += size[small];
                for (int t = 0; t < typeCount; t++) {
                    counts[big * typeCount + t] += counts[small * typeCount + t];
                }
                int tmp = next[big];
                next[big] = next[small];
                next[small] = tmp;
            }
        }
        counts = null;
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = find(i);
        }
        return new Resolution(g, root, merges.toArray(), refusals, sharedList);
    }

    private int compareObservations(int a, int b, int[] rank) {
        int c = Integer.compare(rank[a], rank[b]);
        if (c != 0) {
            return c;
        }
        c = Long.compare(g.observationSecond(a), g.observationSecond(b));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(g.observationNanos(a), g.observationNanos(b));
        if (c != 0) {
            return c;
        }
        int[] x = g.observationIds(a);
        int[] y = g.observationIds(b);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            c = g.compareIdentities(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private RefusedMerge refusal(int o, int anchor, int id, int ra, int rb, int type) {
        List<Identity> conflicting = new ArrayList<>();
        for (int root : new int[] {ra, rb}) {
            int m = root;
            int steps = 0;
            do {
                if (g.typeOf(m) == type && conflicting.size() < MAX_CONFLICTS_LISTED) {
                    conflicting.add(g.identity(m));
                }
                m = next[m];
            } while (m != root && ++steps < 100_000);
        }
        int count = counts[ra * typeCount + type] + counts[rb * typeCount + type];
        return new RefusedMerge(
                g.observation(o),
                g.identity(anchor),
                g.identity(id),
                g.type(type),
                count,
                g.typeLimit(type),
                conflicting);
    }

    /**
     * Marks identifiers seen on more persons than the threshold. The persons are estimated from the
     * distinct identities seen with it, per type: each value of a unique type (user id, CRM id) is
     * one person, values of other types are divided by the type's per-person limit.
     */
    private List<SharedIdentifier> detectShared(int observations, boolean[] shared) {
        long pairCount = 0;
        int[] seenIn = new int[n];
        for (int o = 0; o < observations; o++) {
            if (!g.retracted(o)) {
                int k = g.observationIds(o).length;
                pairCount += (long) k * (k - 1);
                for (int id : g.observationIds(o)) {
                    seenIn[id]++;
                }
            }
        }
        if (pairCount > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many identity pairs for one in-memory graph: " + pairCount);
        }
        long[] pairs = new long[(int) pairCount];
        int p = 0;
        for (int o = 0; o < observations; o++) {
            if (g.retracted(o)) {
                continue;
            }
            int[] ids = g.observationIds(o);
            for (int x : ids) {
                for (int y : ids) {
                    if (x != y) {
                        pairs[p++] = ((long) x << 32) | y;
                    }
                }
            }
        }
        Arrays.parallelSort(pairs);
        List<SharedIdentifier> result = new ArrayList<>();
        int[] perType = new int[typeCount];
        int i = 0;
        while (i < pairs.length) {
            int x = (int) (pairs[i] >>> 32);
            Arrays.fill(perType, 0);
            long previous = -1;
            for (; i < pairs.length && (int) (pairs[i] >>> 32) == x; i++) {
                if (pairs[i] != previous) {
                    perType[g.typeOf((int) pairs[i])]++;
                    previous = pairs[i];
                }
            }
            if (g.typeUnique(g.typeOf(x))) {
                continue;
            }
            perType[g.typeOf(x)]++; // x itself counts towards its own type
            int estimate = 0;
            for (int t = 0; t < typeCount; t++) {
                // a unique type is issued once per person by its system: each value is a person
                int limit = g.typeUnique(t) ? 1 : g.typeLimit(t);
                estimate = Math.max(estimate, (perType[t] + limit - 1) / limit);
            }
            if (estimate > g.config().sharedThreshold()) {
                shared[x] = true;
                result.add(new SharedIdentifier(g.identity(x), estimate, seenIn[x]));
            }
        }
        result.sort((a, b) -> a.identity().toString().compareTo(b.identity().toString()));
        return result;
    }

    /** A growable log of fixed-width int records. */
    static final class IntLog {
        private final int width;
        private int[] data = new int[1024];
        private int size;

        IntLog(int width) {
            this.width = width;
        }

        void add(int... values) {
            if (size + width > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + width));
            }
            System.arraycopy(values, 0, data, size, width);
            size += width;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
