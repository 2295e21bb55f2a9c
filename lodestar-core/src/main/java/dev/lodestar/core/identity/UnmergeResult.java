package dev.lodestar.core.identity;

import java.util.List;

/**
 * The outcome of {@link IdentityGraph#unmerge}: the person before and the persons its identities
 * belong to once the evidence is retracted. One person after means other evidence still joins them
 * (see {@link Resolution#mergesOf}); unmerge those merges too to split further.
 */
public record UnmergeResult(Observation retracted, String personBefore, List<String> personsAfter) {
    public UnmergeResult {
        personsAfter = List.copyOf(personsAfter);
    }

    public boolean split() {
        return personsAfter.size() > 1;
    }
}
