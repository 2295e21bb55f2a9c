package dev.lodestar.core.segment;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt names: the closest known name by edit distance (with transpositions),
 * or a name the wrong one is the beginning of. */
final class Suggestions {
    private Suggestions() {}

    /** The closest candidate within a distance that still looks like a typo, if any. */
    static Optional<String> closest(String wrong, Collection<String> candidates) {
        if (wrong.length() > 200) {
            return Optional.empty();
        }
        String lower = wrong.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, wrong.length() / 2));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.length() > 200) {
                continue;
            }
            String other = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(lower, other);
            if (wrong.length() >= 3 && other.startsWith(lower)) {
                // a beginning ("Champ" for "Champions") is as good as a near miss
                distance = Math.min(distance, limit);
            }
            if (distance <= limit
                    && (distance < bestDistance || (distance == bestDistance && candidate.compareTo(best) < 0))) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " (did you mean 'x'?)" or an empty string. */
    static String hint(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates)
                .map(name -> " (did you mean '" + name + "'?)")
                .orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
            }
        }
        return d[x.length][y.length];
    }
}
