package dev.lodestar.spi.segment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates segment conditions over persons and keeps saved segments with their membership
 * history. Implementations compile conditions with bound parameters only: no text from a
 * condition is ever part of a query's text.
 *
 * <p>{@link Condition.InSegment} refers to a saved segment by id: a dynamic one is evaluated from
 * its condition (cycles are an error), a static one by its current members.
 * {@link Condition.FunnelDropOff} refers to a saved funnel by name.
 */
public interface SegmentEngine {

    /** Names the store knows, for checking a condition's references. */
    SegmentCatalog catalog();

    /** Size and sample of a condition's members, without saving anything. */
    SegmentPreview preview(Condition condition, EvaluationContext context, int sampleSize);

    /** Members of a condition, in person id order, after {@code afterPerson} (null for the first page). */
    List<String> members(Condition condition, EvaluationContext context, String afterPerson, int limit);

    /** Creates or replaces a saved segment (matched by id). */
    SegmentDefinition save(SegmentDefinition definition);

    Optional<SegmentDefinition> get(String id);

    List<SegmentDefinition> list();

    /** Deletes a segment with its membership history; false when it did not exist. */
    boolean delete(String id);

    /**
     * Re-evaluates a dynamic segment: persons newly satisfying it enter (entered_at = now), persons
     * no longer satisfying it exit (exited_at = now); the size is recorded.
     */
    MembershipChange refresh(String id, EvaluationContext context);

    /** Replaces a static segment's members with {@code persons} (unknown ids are ignored). */
    MembershipChange snapshot(String id, Collection<String> persons);

    /** Current members of a saved segment, in person id order. */
    List<String> currentMembers(String id, String afterPerson, int limit);

    /** The saved segments a person is a member of now, by id. */
    List<String> segmentsOf(String person);

    /** Entries and exits, newest first; {@code person} null for all persons. */
    List<MembershipEvent> history(String id, String person, int limit);

    /** The recorded sizes, oldest first. */
    List<MembershipChange> sizes(String id);

    /**
     * Overlap of two or more saved segments: the size of every non-empty combination of them
     * (bit i of the mask set = member of {@code ids.get(i)}).
     */
    List<OverlapCell> overlap(List<String> ids);

    /** One entry or exit. {@code exitedAt} is null while the person is a member. */
    record MembershipEvent(String person, Instant enteredAt, Instant exitedAt) {}

    /** Persons who are members of exactly the segments in {@code mask}. */
    record OverlapCell(int mask, long persons) {}
}
