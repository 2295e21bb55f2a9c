package dev.lodestar.testing;

import dev.lodestar.spi.identity.TraitValue;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Persons' current traits, brute force: a person's value of a trait is chosen among the values of
 * all their identities by the latest update, then the least source, then the least value (absent
 * first), and read as text (a JSON string as its content, other JSON as its text, null as absent).
 */
public final class ReferenceTraits {
    private static final Comparator<String> VALUES = Comparator.nullsFirst(Comparator.naturalOrder());

    private final Map<String, Map<String, TraitValue>> traits = new HashMap<>();

    /**
     * @param values every stored trait value (one per identity, name and source)
     * @param personOf the person of an identity key ({@code type:value})
     */
    public ReferenceTraits(List<TraitValue> values, Function<String, String> personOf) {
        for (TraitValue t : values) {
            Map<String, TraitValue> mine = traits.computeIfAbsent(personOf.apply(t.identity()), p -> new HashMap<>());
            TraitValue seen = mine.get(t.name());
            if (seen == null || newer(t, seen)) {
                mine.put(t.name(), t);
            }
        }
    }

    /** The person's current value of the trait as text, or null when absent. */
    public String value(String person, String name) {
        TraitValue t = traits.getOrDefault(person, Map.of()).get(name);
        return t == null ? null : text(t.valueJson());
    }

    /** The person's traits: name to current value as text, or null when absent. */
    public Function<String, String> forPerson(String person) {
        return name -> value(person, name);
    }

    private static boolean newer(TraitValue a, TraitValue b) {
        int c = a.updatedAt().compareTo(b.updatedAt());
        if (c != 0) {
            return c > 0;
        }
        c = a.source().compareTo(b.source());
        if (c != 0) {
            return c < 0;
        }
        return VALUES.compare(text(a.valueJson()), text(b.valueJson())) < 0;
    }

    private static String text(String json) {
        return FlatJson.parse("{\"v\":" + json + "}").get("v");
    }
}
