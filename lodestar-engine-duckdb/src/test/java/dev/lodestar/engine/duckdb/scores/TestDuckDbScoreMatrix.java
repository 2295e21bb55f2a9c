package dev.lodestar.engine.duckdb.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.MatrixResult;
import dev.lodestar.spi.segment.MatrixSpec;
import dev.lodestar.spi.segment.ScoreSettings;
import dev.lodestar.testing.ReferenceMatrix;
import dev.lodestar.testing.ReferenceScores;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix on DuckDB against {@link ReferenceMatrix} on random logs with random traits (several
 * identities and sources per person, equal update times, JSON null), merged persons and random
 * dimensions; every cell's condition selects exactly the cell's persons.
 */
class TestDuckDbScoreMatrix {
    private static final Instant AS_OF = Instant.parse("2026-06-30T16:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<Field> FIELDS = List.of(
            Field.trait("city_tier"),
            Field.trait("city"),
            Field.trait("plan"),
            new Field("rfm", "segment"),
            new Field("rfm", "r"),
            new Field("rfm", "m"),
            new Field("value", "decile"),
            new Field("value", "abc"),
            new Field("activity", "state"),
            new Field("lifecycle", "stage"),
            new Field("interest", "category"));
    private static final String[] CITIES = {"\"上海\"", "\"北京\"", "\"成都\"", "\"Lhasa\"", "null", "\"\""};

    @TempDir
    Path directory;

    @Test
    void randomMatricesMatchReference() throws Exception {
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            SplittableRandom random = new SplittableRandom(5);
            List<Event> log = TestDuckDbPersonScores.randomLog(random, 500);
            new DuckDbEventStore(database).append(log);
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            Map<String, String> merges = TestDuckDbPersonScores.randomMerges(random, log);
            identities.updatePersonMap(merges, List.of());
            List<TraitValue> traits = randomTraits(random, log);
            identities.saveDerived(List.of(), traits, 0);
            Function<String, String> personOf = own -> merges.getOrDefault(own, own);
            Map<String, Map<String, String>> personTraits = personTraits(traits, personOf);

            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            DuckDbScoreMatrix matrix = new DuckDbScoreMatrix(database, scores);
            Function<Event, String> person = e -> personOf.apply(PersonIds.of(e.personKey()));
            List<ReferenceScores.Row> rows = ReferenceScores.scores(log, person, ScoreSettings.DEFAULT, AS_OF);
            List<ReferenceScores.Interest> interests =
                    ReferenceScores.interests(log, person, ScoreSettings.DEFAULT, AS_OF);
            int others = 0;
            int notSet = 0;
            for (int i = 0; i < 60; i++) {
                List<Field> fields = new ArrayList<>(FIELDS);
                Collections.shuffle(fields, new java.util.Random(random.nextLong()));
                List<MatrixSpec.Dimension> dimensions = new ArrayList<>();
                for (Field f : fields.subList(0, 1 + random.nextInt(MatrixSpec.MAX_DIMENSIONS))) {
                    dimensions.add(new MatrixSpec.Dimension(f, 1 + random.nextInt(6)));
                }
                MatrixSpec spec = new MatrixSpec(dimensions);
                MatrixResult expected = ReferenceMatrix.matrix(spec, AS_OF, rows, interests, personTraits);
                MatrixResult actual = matrix.matrix(spec, new EvaluationContext(AS_OF, ZONE));
                assertThat(actual.topValues()).as("%s", spec).isEqualTo(expected.topValues());
                assertThat(actual.cells()).as("%s", spec).hasSameSizeAs(expected.cells());
                for (int c = 0; c < expected.cells().size(); c++) {
                    MatrixResult.Cell a = actual.cells().get(c);
                    MatrixResult.Cell e = expected.cells().get(c);
                    assertThat(List.of(a.keys(), a.persons(), a.buyers(), a.conversion()))
                            .as("%s", spec)
                            .isEqualTo(List.of(e.keys(), e.persons(), e.buyers(), e.conversion()));
                    assertThat(a.revenue()).as("%s %s", spec, e).isCloseTo(e.revenue(), within(1e-6));
                    others += (int) e.keys().stream()
                            .filter(k -> k.kind() == MatrixResult.Kind.OTHER)
                            .count();
                    notSet += (int) e.keys().stream()
                            .filter(k -> k.kind() == MatrixResult.Kind.NOT_SET)
                            .count();
                    if (spec.dimensions().stream()
                            .noneMatch(d -> d.field().namespace().equals("interest"))) {
                        assertConditionSelectsCell(actual, a, spec, rows, interests, personTraits);
                    }
                }
                assertThat(actual.cells().stream()
                                .mapToLong(MatrixResult.Cell::persons)
                                .sum())
                        .isEqualTo(rows.size());
            }
            assertThat(others).as("cells with 'other'").isGreaterThan(50);
            assertThat(notSet).as("cells with 'not set'").isGreaterThan(50);
        }
    }

    @Test
    void badDimensionsAreRefused() throws Exception {
        assertThatThrownBy(() -> new MatrixSpec(List.of()))
                .isInstanceOf(LodestarException.class)
                .hasMessage("a matrix has 1 to 4 dimensions, got 0");
        assertThatThrownBy(() -> MatrixSpec.Dimension.of(new Field("rfm", "monetary")))
                .isInstanceOf(LodestarException.class)
                .hasMessage("rfm.monetary is a continuous number and cannot be a dimension"
                        + " (use one of [rfm.f, rfm.m, rfm.r, value.decile])");
        assertThatThrownBy(() -> MatrixSpec.Dimension.of(new Field("rfm", "segmnet")))
                .isInstanceOf(LodestarException.class)
                .hasMessageStartingWith("unknown dimension 'rfm.segmnet'");
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbPersonScores scores = new DuckDbPersonScores(database, ScoreSettings.DEFAULT);
            assertThatThrownBy(() -> new DuckDbScoreMatrix(database, scores)
                            .matrix(
                                    new MatrixSpec(List.of(MatrixSpec.Dimension.of(new Field("interest", "brand")))),
                                    new EvaluationContext(AS_OF, ZONE)))
                    .isInstanceOf(LodestarException.class)
                    .hasMessage("unknown interest dimension 'brand' (expected one of [category])");
        }
    }

    /** The cell's condition, evaluated by brute force on every person, holds for exactly its persons. */
    private static void assertConditionSelectsCell(
            MatrixResult result,
            MatrixResult.Cell cell,
            MatrixSpec spec,
            List<ReferenceScores.Row> rows,
            List<ReferenceScores.Interest> interests,
            Map<String, Map<String, String>> traits) {
        Condition condition = result.condition(cell);
        long selected = ReferenceMatrix.values(spec, rows, interests, traits).stream()
                .filter(values -> holds(condition, spec, values))
                .count();
        assertThat(selected).as("persons selected by %s", condition).isEqualTo(cell.persons());
    }

    private static boolean holds(Condition condition, MatrixSpec spec, List<String> values) {
        if (condition instanceof Condition.And and) {
            return and.parts().stream().allMatch(p -> holds(p, spec, values));
        }
        Condition.Compare compare = (Condition.Compare) condition;
        int d = 0;
        while (!spec.dimensions().get(d).field().equals(compare.field())) {
            d++;
        }
        String value = values.get(d);
        Set<String> literals = compare.values().stream().map(Literal::asText).collect(Collectors.toSet());
        return switch (compare.op()) {
            case EQ -> value != null && literals.contains(value);
            case NOT_IN -> value != null && !literals.contains(value);
            case IS_NOT_SET -> value == null;
            default -> throw new AssertionError(compare.op());
        };
    }

    private static List<TraitValue> randomTraits(SplittableRandom random, List<Event> log) {
        List<String> keys =
                log.stream().map(Event::personKey).distinct().sorted().toList();
        List<TraitValue> traits = new ArrayList<>();
        Instant base = AS_OF.minusSeconds(86_400 * 10);
        for (String key : keys) {
            List<String> ids = List.of(key, "phone:+86138" + key.hashCode());
            for (String identity : ids) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                for (String source : List.of("identify", "import")) {
                    if (random.nextBoolean()) {
                        Instant at = base.plusSeconds(random.nextInt(4) * 3_600L);
                        traits.add(new TraitValue(
                                identity, "city_tier", Integer.toString(1 + random.nextInt(5)), source, at));
                        traits.add(new TraitValue(identity, "city", CITIES[random.nextInt(CITIES.length)], source, at));
                        if (random.nextInt(3) == 0) {
                            traits.add(new TraitValue(
                                    identity, "plan", random.nextBoolean() ? "\"pro\"" : "\"免费\"", source, at));
                        }
                    }
                }
            }
        }
        return traits;
    }

    /** The person-level rule: the latest value among the person's identities (then source, then identity). */
    private static Map<String, Map<String, String>> personTraits(
            List<TraitValue> traits, Function<String, String> personOf) {
        Map<List<String>, TraitValue> latest = new HashMap<>();
        Comparator<TraitValue> order = Comparator.comparing(TraitValue::updatedAt)
                .thenComparing(TraitValue::source)
                .thenComparing(TraitValue::identity);
        for (TraitValue t : traits) {
            List<String> key = List.of(personOf.apply(PersonIds.of(t.identity())), t.name());
            latest.merge(key, t, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        Map<String, Map<String, String>> result = new HashMap<>();
        latest.forEach((key, t) -> {
            String json = t.valueJson();
            if (!json.equals("null")) {
                String text = json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
                result.computeIfAbsent(key.get(0), p -> new HashMap<>()).put(key.get(1), text);
            }
        });
        return result;
    }
}
