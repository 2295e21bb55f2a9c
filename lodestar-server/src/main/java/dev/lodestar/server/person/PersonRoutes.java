package dev.lodestar.server.person;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.MergeRecord;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.person.Engagement;
import dev.lodestar.core.person.PersonJson;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.person.PersonService.Person;
import dev.lodestar.server.Segmentation;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.OverviewSpec;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.identity.IdentityStore;
import dev.lodestar.spi.identity.PersonActivity;
import dev.lodestar.spi.identity.TraitValue;
import dev.lodestar.spi.segment.PersonScore;
import dev.lodestar.spi.segment.SegmentDefinition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The person profile (360° view), lookup by any identifier in any format, export and erasure.
 *
 * <p>{@code GET /api/persons?phone=138 0013 8000} (or {@code email}, {@code user_id}, {@code
 * anonymous_id}, {@code wechat_openid}, {@code wechat_unionid}, {@code crm_id}, or a custom type)
 * answers the profile of the person that identifier belongs to; {@code GET /api/persons/{id}}
 * answers it by person id, also for an id the person had before a merge.
 */
public final class PersonRoutes {
    private static final List<String> CONSENT_CHANNELS = List.of("email", "sms", "wechat", "push");
    private static final int PAGE = 50;
    /** Newest events read for active hours and channel preference. */
    private static final int ENGAGEMENT_EVENTS = 20_000;

    private final PersonService persons;
    private final IdentityStore store;
    private final ObjectMapper mapper;
    private final ZoneId zone;
    private final Segmentation segmentation;

    public PersonRoutes(
            PersonService persons, IdentityStore store, ObjectMapper mapper, ZoneId zone, Segmentation segmentation) {
        this.segmentation = requireNonNull(segmentation, "segmentation is null");
        this.persons = requireNonNull(persons, "persons is null");
        this.store = requireNonNull(store, "store is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/persons", this::lookup);
        routes.get("/api/persons/{id}", ctx -> ctx.json(profile(resolve(ctx.pathParam("id")))));
        routes.get("/api/persons/{id}/timeline", this::timeline);
        routes.get("/api/persons/{id}/export", this::export);
        routes.delete("/api/persons/{id}", this::erase);
        routes.post("/api/persons/{id}/unmerge/{merge}", this::unmerge);
    }

    private Person resolve(String requested) {
        persons.sync();
        return persons.find(requested)
                .orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, "no person " + requested));
    }

    private void lookup(Context ctx) {
        persons.sync();
        String name = ctx.queryParam("name");
        if (name != null && !name.isBlank()) {
            searchByName(ctx, name.strip());
            return;
        }
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            String type = param.getKey();
            if (type.equals("before")
                    || type.equals("limit")
                    || param.getValue().isEmpty()) {
                continue;
            }
            IdentityType identityType = persons.type(type)
                    .orElseThrow(() -> new LodestarException(
                            ErrorCode.INVALID_ARGUMENT,
                            "unknown identifier type '" + type + "' (expected one of "
                                    + persons.normalizer().config().types().keySet() + ")"));
            Normalized normalized = persons.normalizer()
                    .normalize(identityType, param.getValue().get(0));
            if (normalized instanceof Normalized.Invalid invalid) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT,
                        type + " '" + invalid.raw() + "' is not valid: " + invalid.reason());
            }
            Identity identity = ((Normalized.Valid) normalized).identity();
            Person person = persons.find(identity)
                    .orElseThrow(() -> new LodestarException(
                            ErrorCode.NOT_FOUND, "no person has " + type + " " + identity.value()));
            ctx.json(profile(person));
            return;
        }
        throw new LodestarException(
                ErrorCode.INVALID_ARGUMENT,
                "give one identifier, e.g. ?phone=13800138000 or ?email=a@b.cn or ?user_id=u1");
    }

    /**
     * Search by the {@code name} trait (contains, case-insensitive): the profile of the best match
     * (an exact name first, then the most recently updated), with the other matches listed.
     */
    private void searchByName(Context ctx, String name) {
        List<Person> matches = new ArrayList<>();
        for (String key : store.identitiesWithTrait("name", name, 50)) {
            int colon = key.indexOf(':');
            Identity identity = new Identity(new IdentityType(key.substring(0, colon)), key.substring(colon + 1));
            persons.find(identity)
                    .filter(found -> matches.stream().noneMatch(m -> m.id().equals(found.id())))
                    .ifPresent(matches::add);
            if (matches.size() == 10) {
                break;
            }
        }
        if (matches.isEmpty()) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no person has name " + name);
        }
        Map<String, Object> body = profile(matches.get(0));
        List<Map<String, Object>> others = new ArrayList<>();
        for (Person other : matches.subList(1, matches.size())) {
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("id", other.id());
            match.put(
                    "identities",
                    other.identities().stream().map(PersonJson::identity).toList());
            others.add(match);
        }
        body.put("otherMatches", others);
        ctx.json(body);
    }

    private Map<String, Object> profile(Person person) {
        List<String> identityKeys = person.identityKeys();
        List<TraitValue> values = store.traits(identityKeys);
        Map<String, Object> traits = new LinkedHashMap<>();
        for (TraitValue value : values) { // latest first: the first value of a name wins
            traits.computeIfAbsent(value.name(), name -> PersonJson.trait(value));
        }
        Map<String, Object> consent = new LinkedHashMap<>();
        for (String channel : CONSENT_CHANNELS) {
            Object trait = traits.get("consent_" + channel);
            consent.put(channel, trait);
        }
        PersonActivity activity = store.activity(person.eventKeys(), OverviewSpec.DEFAULT_ORDER_EVENT);
        List<Map<String, Object>> identities = new ArrayList<>();
        for (Identity identity : person.identities()) {
            identities.add(PersonJson.identity(identity));
        }
        List<Map<String, Object>> merges = new ArrayList<>();
        for (MergeRecord merge : persons.mergesOf(person.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", merge.sequence());
            m.put("reason", merge.reason());
            m.put("joined", merge.joined().toString());
            m.put("at", merge.evidence().timestamp().toString());
            merges.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", person.id());
        body.put("identities", identities);
        body.put("traits", traits);
        body.put("consent", consent);
        body.put("events", activity.events());
        body.put(
                "firstSeen",
                activity.firstSeen() == null ? null : activity.firstSeen().toString());
        body.put(
                "lastSeen",
                activity.lastSeen() == null ? null : activity.lastSeen().toString());
        body.put("orders", activity.orders());
        body.put("revenue", activity.revenue());
        body.put("merges", merges);
        Engagement engagement = Engagement.of(store.engagement(person.eventKeys(), ENGAGEMENT_EVENTS), zone);
        Map<String, Object> engaged = new LinkedHashMap<>();
        engaged.put("hours", engagement.hours());
        engaged.put("peakHours", engagement.peakHours());
        engaged.put("channels", engagement.channels());
        engaged.put("preferredChannel", engagement.preferredChannel());
        body.put("engagement", engaged);
        // one read of the segment list, not one per membership
        List<String> memberOf = segmentation.segments().engine().segmentsOf(person.id());
        List<Map<String, Object>> segments = new ArrayList<>();
        if (!memberOf.isEmpty()) {
            for (SegmentDefinition d : segmentation.segments().list()) {
                if (memberOf.contains(d.id())) {
                    segments.add(Map.of("id", d.id(), "name", d.name()));
                }
            }
        }
        body.put("segments", segments);
        body.put(
                "scores",
                segmentation
                        .scores()
                        .scoresOf(person.id())
                        .map(PersonRoutes::scores)
                        .orElse(null));
        List<Event> timeline = store.timeline(person.eventKeys(), null, null, PAGE);
        body.put("timeline", timeline.stream().map(PersonJson::event).toList());
        body.put("nextBefore", timeline.size() == PAGE ? PersonJson.cursor(timeline.get(timeline.size() - 1)) : null);
        return body;
    }

    /** The computed scores of the profile: RFM, value, activity, lifecycle and interests. */
    private static Map<String, Object> scores(PersonScore score) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", score.asOf().toString());
        Map<String, Object> rfm = new LinkedHashMap<>();
        rfm.put("segment", score.rfmSegment());
        rfm.put("r", score.r());
        rfm.put("f", score.f());
        rfm.put("m", score.m());
        rfm.put("recencyDays", score.recencyDays());
        rfm.put("frequency", score.frequency());
        rfm.put("monetary", score.monetary());
        out.put("rfm", rfm);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("decile", score.valueDecile());
        value.put("abc", score.valueAbc());
        out.put("value", value);
        out.put("activity", score.activityState());
        out.put("lifecycle", score.lifecycleStage());
        out.put(
                "interests",
                score.interests().stream()
                        .map(i -> Map.of(
                                "dimension", i.dimension(), "value", i.value(), "score", i.score(), "rank", i.rank()))
                        .toList());
        return out;
    }

    private void timeline(Context ctx) {
        Person person = resolve(ctx.pathParam("id"));
        String cursor = ctx.queryParam("before");
        Instant before = null;
        String beforeMessageId = null;
        if (cursor != null && !cursor.isBlank()) {
            int tilde = cursor.indexOf('~');
            try {
                before = Instant.parse(tilde < 0 ? cursor : cursor.substring(0, tilde));
            } catch (java.time.format.DateTimeParseException e) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT,
                        "before '" + cursor + "' is not a cursor (expected nextBefore of the previous page,"
                                + " or an instant such as 2026-01-31T12:00:00Z)");
            }
            beforeMessageId = tilde < 0 ? null : cursor.substring(tilde + 1);
        }
        String limitText = ctx.queryParam("limit");
        int limit;
        try {
            limit = limitText == null || limitText.isBlank() ? PAGE : Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, "limit '" + limitText + "' is not a number between 1 and 1000");
        }
        List<Event> events = store.timeline(person.eventKeys(), before, beforeMessageId, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", person.id());
        body.put("events", events.stream().map(PersonJson::event).toList());
        body.put("nextBefore", events.size() == limit ? PersonJson.cursor(events.get(events.size() - 1)) : null);
        ctx.json(body);
    }

    private void export(Context ctx) {
        Person person = resolve(ctx.pathParam("id"));
        ctx.header("Content-Disposition", "attachment; filename=\"person-" + person.id() + ".json\"");
        ctx.json(PersonJson.export(store, person));
    }

    private void erase(Context ctx) {
        Person person = resolve(ctx.pathParam("id"));
        long events = persons.erase(person);
        ctx.json(Map.of(
                "id",
                person.id(),
                "erased",
                true,
                "events",
                events,
                "identities",
                person.identities().size()));
    }

    private void unmerge(Context ctx) {
        int merge = ctx.pathParamAsClass("merge", Integer.class).get();
        Person person = resolve(ctx.pathParam("id"));
        try {
            ctx.json(Map.of("id", person.id(), "persons", persons.unmerge(person.id(), merge)));
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.NOT_FOUND, e.getMessage());
        }
    }
}
