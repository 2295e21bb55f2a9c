package dev.lodestar.core.person;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.IdentityTypeSpec;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.identity.Observation;
import dev.lodestar.core.identity.ObservationKind;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import dev.lodestar.spi.identity.TraitValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an event says about identities and traits:
 *
 * <ul>
 *   <li>an identify call links its user id, anonymous id and the identifying traits ({@code phone},
 *       {@code email}, {@code wechat_openid}, {@code wechat_unionid}, {@code crm_id}, normalised;
 *       invalid or blocked values are left out), and sets every top-level trait on the call's own
 *       identity;
 *   <li>an alias call links its user id with its {@code previousId}, taken as the anonymous id the
 *       visitor had (analytics.js's {@code alias(newId)}); a previous user id is refused by the
 *       one-user-id-per-person limit either way;
 *   <li>any other event that carries both a user id and an anonymous id links the two.
 * </ul>
 */
public final class EventEvidence {
    private final Normalizer normalizer;
    private final ObjectMapper mapper;

    public EventEvidence(Normalizer normalizer, ObjectMapper mapper) {
        this.normalizer = normalizer;
        this.mapper = mapper;
    }

    /** The observation an event makes, or null when it links nothing (one identity alone). */
    public Observation observation(Event event) {
        Set<Identity> identities = new LinkedHashSet<>();
        add(identities, IdentityType.USER_ID, event.userId());
        ObservationKind kind = ObservationKind.EVENT;
        if (event.type() == EventType.ALIAS) {
            kind = ObservationKind.ALIAS;
            add(identities, IdentityType.ANONYMOUS_ID, event.common().previousId());
        }
        add(identities, IdentityType.ANONYMOUS_ID, event.anonymousId());
        if (event.type() == EventType.IDENTIFY) {
            kind = ObservationKind.IDENTIFY;
            JsonNode traits = traits(event);
            for (IdentityTypeSpec spec : normalizer.config().types().values()) {
                IdentityType type = spec.type();
                if (type.equals(IdentityType.USER_ID) || type.equals(IdentityType.ANONYMOUS_ID)) {
                    continue;
                }
                JsonNode value = traits.get(type.name());
                if (value != null && (value.isTextual() || value.isNumber())) {
                    add(identities, type, value.asText());
                }
            }
        }
        if (identities.size() < 2) {
            return null;
        }
        return new Observation(
                kind, event.source() == null ? "" : event.source(), event.timestamp(), List.copyOf(identities));
    }

    /** The traits an identify call sets, on the call's own identity. */
    public List<TraitValue> traitValues(Event event) {
        List<TraitValue> values = new ArrayList<>();
        if (event.type() != EventType.IDENTIFY) {
            return values;
        }
        JsonNode traits = traits(event);
        for (Iterator<Map.Entry<String, JsonNode>> it = traits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            values.add(new TraitValue(
                    event.personKey(),
                    field.getKey(),
                    field.getValue().toString(),
                    event.source() == null ? "" : event.source(),
                    event.timestamp()));
        }
        return values;
    }

    private JsonNode traits(Event event) {
        try {
            JsonNode node = mapper.readTree(event.traits());
            return node != null && node.isObject() ? node : mapper.createObjectNode();
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    private void add(Set<Identity> identities, IdentityType type, String raw) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        Normalized normalized = normalizer.normalize(type, raw);
        if (normalized instanceof Normalized.Valid valid) {
            identities.add(valid.identity());
        }
    }
}
