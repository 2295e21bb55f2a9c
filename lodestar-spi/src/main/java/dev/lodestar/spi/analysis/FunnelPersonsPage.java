package dev.lodestar.spi.analysis;

import java.util.List;

/**
 * One page of a funnel drill-down.
 *
 * @param persons person ids in ascending order
 * @param more whether persons follow the last one of this page
 */
public record FunnelPersonsPage(List<String> persons, boolean more) {
    public FunnelPersonsPage {
        persons = List.copyOf(persons);
    }

    /** The cursor for the next page, or null on the last page. */
    public String next() {
        return more ? persons.get(persons.size() - 1) : null;
    }
}
