package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.segment.Condition;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.MembershipChange;
import dev.lodestar.spi.segment.SegmentDefinition;
import dev.lodestar.spi.segment.SegmentEngine;
import dev.lodestar.spi.segment.SegmentPreview;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved segments for the REST API and the command line: reads rules as text or JSON (checked
 * against the store's names), creates, updates and deletes segments, evaluates dynamic ones at once
 * and on their schedule, and fills static ones from lists of identifiers.
 */
public final class SegmentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentService.class);

    private static final SegmentJson STORED = new SegmentJson();

    private final SegmentEngine engine;
    private final ZoneId zone;
    private final Clock clock;
    private ScheduledExecutorService background;

    public SegmentService(SegmentEngine engine, ZoneId zone, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public SegmentEngine engine() {
        return engine;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The evaluation context for an instant, now when null. */
    public EvaluationContext context(Instant asOf) {
        // "now" is the current minute: evaluations within a minute share their computed scores
        return new EvaluationContext(asOf == null ? clock.instant().truncatedTo(ChronoUnit.MINUTES) : asOf, zone);
    }

    /** Reads a rule written as text, checking names against the store. */
    public Condition parse(String text) {
        return new SegmentParser(engine.catalog()).parse(text);
    }

    /** Reads a rule in its JSON form, checking names against the store as the text form does. */
    public Condition fromJson(String json) {
        return new SegmentJson(engine.catalog()).decode(json);
    }

    public String text(Condition condition) {
        return SegmentPrinter.print(condition);
    }

    public String json(Condition condition) {
        return STORED.encode(condition);
    }

    public SegmentPreview preview(Condition condition, Instant asOf, int sample) {
        if (sample < 0 || sample > 1000) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "sample must be 0 to 1000, got " + sample);
        }
        return engine.preview(condition, context(asOf), sample);
    }

    public List<SegmentDefinition> list() {
        return engine.list();
    }

    public SegmentDefinition get(String id) {
        return engine.get(id).orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, "no segment '" + id + "'"));
    }

    /** What a new or changed segment says. */
    public record Draft(
            String name, String description, SegmentDefinition.Kind kind, Condition condition, int refreshMinutes) {
        public Draft {
            if (name == null || name.isBlank()) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "a segment needs a name");
            }
            name = name.strip();
            if (name.length() > 200) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "segment name is longer than 200 characters");
            }
            requireNonNull(kind, "kind is null");
            if (kind == SegmentDefinition.Kind.DYNAMIC && condition == null) {
                throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "a dynamic segment needs a rule");
            }
            if (kind == SegmentDefinition.Kind.STATIC && condition != null) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT,
                        "a static segment has no rule; its members are uploaded or copied from a drop-off list");
            }
            if (refreshMinutes < 0 || refreshMinutes > 60 * 24 * 31) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT, "refreshMinutes must be 0 to 44640, got " + refreshMinutes);
            }
        }
    }

    /** Creates a segment; a dynamic one is evaluated at once. */
    public synchronized SegmentDefinition create(Draft draft) {
        checkNameFree(draft.name(), null);
        Instant now = clock.instant();
        SegmentDefinition saved = engine.save(new SegmentDefinition(
                newId(draft.name()),
                draft.name(),
                draft.description(),
                draft.kind(),
                draft.condition(),
                draft.refreshMinutes(),
                now,
                now));
        if (saved.kind() == SegmentDefinition.Kind.DYNAMIC) {
            engine.refresh(saved.id(), context(null));
        }
        return saved;
    }

    /** Changes a segment's name, rule or schedule; a dynamic one is re-evaluated. */
    public synchronized SegmentDefinition update(String id, Draft draft) {
        SegmentDefinition old = get(id);
        if (old.kind() != draft.kind()) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "segment '" + id + "' is " + old.kind().name().toLowerCase(Locale.ROOT)
                            + "; its kind cannot change (create a new segment)");
        }
        checkNameFree(draft.name(), id);
        SegmentDefinition saved = engine.save(new SegmentDefinition(
                id,
                draft.name(),
                draft.description(),
                draft.kind(),
                draft.condition(),
                draft.refreshMinutes(),
                old.createdAt(),
                clock.instant()));
        if (saved.kind() == SegmentDefinition.Kind.DYNAMIC) {
            engine.refresh(saved.id(), context(null));
        }
        return saved;
    }

    public synchronized void delete(String id) {
        if (!engine.delete(id)) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no segment '" + id + "'");
        }
    }

    public synchronized MembershipChange refresh(String id, Instant asOf) {
        SegmentDefinition segment = get(id);
        if (segment.kind() != SegmentDefinition.Kind.DYNAMIC) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, "segment '" + id + "' is static: its members change only by upload");
        }
        return engine.refresh(id, context(asOf));
    }

    /** Replaces a static segment's members. */
    public synchronized MembershipChange replaceMembers(String id, Collection<String> persons) {
        SegmentDefinition segment = get(id);
        if (segment.kind() != SegmentDefinition.Kind.STATIC) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "segment '" + id + "' is dynamic: its members follow its rule; create a static segment for a list");
        }
        return engine.snapshot(id, persons);
    }

    /** The last recorded evaluation of a segment, if any. */
    public Optional<MembershipChange> lastSize(String id) {
        List<MembershipChange> sizes = engine.sizes(id);
        return sizes.isEmpty() ? Optional.empty() : Optional.of(sizes.get(sizes.size() - 1));
    }

    /** Re-evaluates every dynamic segment whose schedule is due; returns how many were. */
    public synchronized int refreshDue() {
        Instant now = clock.instant();
        int refreshed = 0;
        for (SegmentDefinition segment : engine.list()) {
            if (segment.kind() != SegmentDefinition.Kind.DYNAMIC || segment.refreshMinutes() == 0) {
                continue;
            }
            Optional<MembershipChange> last = lastSize(segment.id());
            if (last.isEmpty()
                    || !last.get()
                            .at()
                            .plus(Duration.ofMinutes(segment.refreshMinutes()))
                            .isAfter(now)) {
                try {
                    engine.refresh(segment.id(), context(now));
                    refreshed++;
                } catch (RuntimeException e) {
                    LOG.warn("scheduled refresh of segment '{}' failed: {}", segment.id(), e.getMessage());
                }
            }
        }
        return refreshed;
    }

    /** Checks for due segments every {@code period} on a background thread. */
    public synchronized SegmentService startBackground(Duration period) {
        if (background == null) {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "segment-refresh");
                thread.setDaemon(true);
                return thread;
            });
            background.scheduleWithFixedDelay(
                    () -> {
                        try {
                            refreshDue();
                        } catch (RuntimeException e) {
                            LOG.warn("segment refresh failed", e);
                        }
                    },
                    period.toMillis(),
                    period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void checkNameFree(String name, String exceptId) {
        for (SegmentDefinition other : engine.list()) {
            if (other.name().equals(name) && !other.id().equals(exceptId)) {
                throw new LodestarException(
                        ErrorCode.INVALID_ARGUMENT,
                        "a segment named '" + name + "' exists already (" + other.id() + ")");
            }
        }
    }

    /**
     * A readable, stable id: the name's letters and digits in lower case joined by '-' (accents
     * dropped), or {@code seg-} and a number when the name has no Latin letter (e.g. Chinese); made
     * unique.
     */
    private String newId(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (!ascii.matches(".*[a-z].*")) {
            ascii = ""; // digits alone ("近30天新客" gives "30") make no readable id
        }
        if (ascii.length() > 40) {
            ascii = ascii.substring(0, 40).replaceAll("-+$", "");
        }
        String base = ascii.isEmpty() ? "seg" : ascii;
        List<String> taken = engine.list().stream().map(SegmentDefinition::id).toList();
        if (!ascii.isEmpty() && !taken.contains(base)) {
            return base;
        }
        for (int i = ascii.isEmpty() ? 1 : 2; ; i++) {
            String candidate = base + "-" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
    }
}
