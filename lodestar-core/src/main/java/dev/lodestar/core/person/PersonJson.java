package dev.lodestar.core.person;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.identity.IdentityStore;
import dev.lodestar.spi.identity.TraitValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a person's data, shared by the REST API and the command line. */
public final class PersonJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PersonJson() {}

    public static Map<String, Object> identity(Identity identity) {
        return Map.of("type", identity.type().name(), "value", identity.value());
    }

    public static Map<String, Object> trait(TraitValue value) {
        Map<String, Object> trait = new LinkedHashMap<>();
        trait.put("name", value.name());
        trait.put("value", json(value.valueJson()));
        trait.put("source", value.source());
        trait.put("updatedAt", value.updatedAt().toString());
        trait.put("identity", value.identity());
        return trait;
    }

    /** The paging cursor after an event: its timestamp and message id. */
    public static String cursor(Event e) {
        return e.timestamp() + "~" + e.messageId();
    }

    public static Map<String, Object> event(Event e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("messageId", e.messageId());
        event.put("type", e.type().wireName());
        event.put("name", e.name());
        event.put("timestamp", e.timestamp().toString());
        event.put("identity", e.personKey());
        event.put("properties", json(e.properties()));
        event.put("revenue", e.common().revenue());
        event.put("source", e.source());
        return event;
    }

    /**
     * Everything stored about a person (identities, every trait value, every event), for a data
     * access request; records the export in the audit log.
     */
    public static Map<String, Object> export(IdentityStore store, PersonService.Person person) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", person.id());
        body.put("exportedAt", Instant.now().toString());
        body.put(
                "identities",
                person.identities().stream().map(PersonJson::identity).toList());
        body.put(
                "traits",
                store.traits(person.identityKeys()).stream()
                        .map(PersonJson::trait)
                        .toList());
        List<Map<String, Object>> events = new ArrayList<>();
        Event last = null;
        while (true) {
            List<Event> page = store.timeline(
                    person.eventKeys(),
                    last == null ? null : last.timestamp(),
                    last == null ? null : last.messageId(),
                    1000);
            page.forEach(e -> events.add(event(e)));
            if (page.size() < 1000) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        body.put("events", events);
        store.audit("export", person.id(), "{\"events\":" + events.size() + "}");
        return body;
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(text);
        }
    }
}
