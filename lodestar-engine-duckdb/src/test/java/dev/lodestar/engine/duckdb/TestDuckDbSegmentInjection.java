package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.PropertyFilter;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.event.PersonIds;
import dev.lodestar.spi.segment.CompareOp;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.Field;
import dev.lodestar.spi.segment.Literal;
import dev.lodestar.spi.segment.Occurrence;
import dev.lodestar.spi.segment.SegmentEngine;
import dev.lodestar.spi.segment.TimeWindow;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile text in every place a condition carries it: hundreds of values with quotes, comments,
 * SQL, backslashes, JSON paths, NUL, bidirectional and full-width characters are stored as real
 * trait values, trait names, event names and property values, and conditions naming them match
 * exactly the persons holding that exact text; the store is intact afterwards.
 */
class TestDuckDbSegmentInjection {
    private static final Instant AT = Instant.parse("2026-03-02T12:00:00Z");
    private static final EvaluationContext CONTEXT =
            new EvaluationContext(AT.plusSeconds(3600), ZoneId.of("America/Bahia_Banderas"));
    private static final List<String> BASE = List.of(
            "'",
            "''",
            "\"",
            "'; DROP TABLE events; --",
            "\"; DROP TABLE events; --",
            "'); DELETE FROM segment_persons; --",
            "' OR '1'='1",
            "\" OR 1=1 --",
            "' UNION SELECT person FROM segment_persons --",
            "/* comment */",
            "*/",
            "-- comment",
            "#",
            ";",
            "\\",
            "\\'",
            "\\\"",
            "\\\\",
            "%",
            "_",
            "%_%",
            "*",
            "?",
            "$1",
            ":name",
            "$.\"x\"",
            "$..*",
            "$[0]",
            "{\"a\":1}",
            "[1,2]",
            "a\u0000b",
            "\u0000",
            "😀",
            "\u202Egnp.exe",
            "Ｓｅｌｅｃｔ * ＦＲＯＭ",
            "\uFEFFbom",
            "e\u0301",
            "\u00e9",
            "tab\there",
            "line\nbreak",
            "NULL",
            "null",
            "true",
            "1e999",
            "-0",
            "99999999999999999999999999999999999999",
            "${jndi:ldap://example.invalid/x}",
            "#{7*7}",
            "{{7*7}}",
            "中文'引号\"",
            "母婴",
            "CAST('x' AS INTEGER)",
            "x'::INTEGER",
            "E'\\x41'",
            "chr(39)",
            "' || (SELECT count(*) FROM events) || '");

    @TempDir
    Path directory;

    /** Each hostile text, also with text around it, so that prefixes and contained text differ. */
    private static List<String> hostile() {
        Set<String> values = new LinkedHashSet<>();
        for (String base : BASE) {
            values.add(base);
            values.add("x" + base);
            values.add(base + "y");
            values.add(base + base);
        }
        return new ArrayList<>(values);
    }

    @Test
    void hostileTextMatchesLiterallyAndNeverRuns() throws Exception {
        List<String> values = hostile();
        assertThat(values.size()).isGreaterThan(200);
        ObjectMapper json = new ObjectMapper();
        try (DuckDbDatabase database = DuckDbDatabase.open(directory)) {
            DuckDbEventStore store = new DuckDbEventStore(database);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                String user = "h" + i;
                events.add(event(
                        "t" + i,
                        EventType.IDENTIFY,
                        null,
                        user,
                        "{}",
                        json.writeValueAsString(Map.of("hostile", v, v, "set"))));
                events.add(event("e" + i, EventType.TRACK, v, user, "{}", "{}"));
                events.add(event(
                        "p" + i, EventType.TRACK, "Viewed", user, json.writeValueAsString(Map.of("note", v)), "{}"));
            }
            store.append(events);
            long stored = store.eventCount();
            try (PersonService persons =
                    new PersonService(new DuckDbIdentityStore(database), new Normalizer(IdentityConfig.defaults()))) {
                SegmentEngine engine = TestDuckDbSegmentLifecycle.engine(database, null, null);
                for (int i = 0; i < values.size(); i++) {
                    String v = values.get(i);
                    String description = "#" + i + " " + json.writeValueAsString(v);
                    List<String> exactly = List.of(PersonIds.of("user_id:h" + i));
                    assertThat(members(engine, compare("hostile", CompareOp.EQ, v)))
                            .as(description)
                            .isEqualTo(exactly);
                    assertThat(members(engine, compare("hostile", CompareOp.IN, v, "none")))
                            .as(description)
                            .isEqualTo(exactly);
                    assertThat(members(engine, compare("hostile", CompareOp.CONTAINS, v)))
                            .as(description)
                            .containsExactlyElementsOf(holders(values, x -> x.contains(v)));
                    assertThat(members(engine, compare("hostile", CompareOp.STARTS_WITH, v)))
                            .as(description)
                            .containsExactlyElementsOf(holders(values, x -> x.startsWith(v)));
                    if (v.isBlank()) {
                        assertThatThrownBy(() -> Field.trait(v)).isInstanceOf(IllegalArgumentException.class);
                        assertThatThrownBy(() -> Condition.Did.once(v, new TimeWindow.Ever()))
                                .isInstanceOf(IllegalArgumentException.class);
                        continue;
                    }
                    // the hostile text as a trait name and as an event name
                    assertThat(members(engine, new Condition.Compare(Field.trait(v), CompareOp.IS_SET, List.of())))
                            .as(description)
                            .isEqualTo(exactly);
                    assertThat(members(engine, Condition.Did.once(v, new TimeWindow.Ever())))
                            .as(description)
                            .isEqualTo(exactly);
                    // and as a property value, and as a property name where one may have it
                    PropertyFilter note = new PropertyFilter("note", PropertyFilter.Operator.EQUALS, List.of(v));
                    assertThat(members(engine, did("Viewed", note)))
                            .as(description)
                            .isEqualTo(exactly);
                    if (v.contains("\"") || v.contains("\\") || v.length() > 200) {
                        assertThatThrownBy(() -> new PropertyFilter(v, PropertyFilter.Operator.EQUALS, List.of("x")))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("is not valid");
                    } else {
                        assertThat(members(
                                        engine,
                                        did(
                                                "Viewed",
                                                new PropertyFilter(v, PropertyFilter.Operator.EQUALS, List.of(v)))))
                                .as(description)
                                .isEmpty();
                    }
                    // a segment id that is not there is an error naming it
                    assertThatThrownBy(() -> members(engine, new Condition.InSegment(v)))
                            .isInstanceOfSatisfying(LodestarException.class, e -> assertThat(e.code())
                                    .isEqualTo(ErrorCode.NOT_FOUND))
                            .hasMessage("unknown segment '" + v + "'");
                    assertThatThrownBy(() -> members(engine, compare(new Field(v, "x"), CompareOp.EQ, "1")))
                            .hasMessageStartingWith("unknown field '" + v + ".x'");
                }
                // numbers at the edge of the range are compared, not refused; none is equal here
                Literal huge = new Literal.Number(new BigDecimal("9".repeat(40) + "E+260"));
                assertThat(members(engine, new Condition.Compare(Field.trait("hostile"), CompareOp.EQ, List.of(huge))))
                        .isEmpty();
                // deep nesting is an error, not a stack overflow
                Condition deep = compare("hostile", CompareOp.IS_SET);
                for (int i = 0; i < 40; i++) {
                    deep = new Condition.Not(deep);
                }
                Condition tooDeep = deep;
                assertThatThrownBy(() -> members(engine, tooDeep))
                        .isInstanceOfSatisfying(LodestarException.class, e -> assertThat(e.code())
                                .isEqualTo(ErrorCode.INVALID_ARGUMENT))
                        .hasMessage("condition is nested more than 32 levels deep");
            }
            assertThat(store.eventCount()).isEqualTo(stored);
            assertThat(TestDuckDbSegmentLifecycle.count(database, "SELECT count(*) FROM segment_persons"))
                    .isEqualTo(values.size());
            assertThat(database.schemaVersion()).isEqualTo(Migrations.latestVersion());
        }
    }

    private static List<String> holders(List<String> values, java.util.function.Predicate<String> test) {
        Set<String> persons = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (test.test(values.get(i))) {
                persons.add(PersonIds.of("user_id:h" + i));
            }
        }
        return new ArrayList<>(persons);
    }

    private static List<String> members(SegmentEngine engine, Condition condition) {
        return engine.members(condition, CONTEXT, null, 1000);
    }

    private static Condition compare(String trait, CompareOp op, String... values) {
        return compare(Field.trait(trait), op, values);
    }

    private static Condition compare(Field field, CompareOp op, String... values) {
        List<Literal> literals = new ArrayList<>();
        for (String value : values) {
            literals.add(Literal.of(value));
        }
        return new Condition.Compare(field, op, literals);
    }

    private static Condition did(String event, PropertyFilter filter) {
        return new Condition.Did(event, List.of(filter), 1, null, new TimeWindow.Ever(), Occurrence.ANY);
    }

    private static Event event(String id, EventType type, String name, String user, String properties, String traits) {
        return new Event(
                id,
                type,
                name,
                null,
                user,
                PersonIds.eventKey(user, null),
                AT,
                AT,
                null,
                AT,
                properties,
                traits,
                "{}",
                "test",
                Event.CommonProperties.NONE);
    }
}
