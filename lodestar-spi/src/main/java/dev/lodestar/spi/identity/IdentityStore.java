package dev.lodestar.spi.identity;

import dev.lodestar.spi.event.Event;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where identity evidence, the person mapping and traits are kept. Events stay as they were
 * written: each carries its own identity ({@link Event#personKey()}) and the person that identity
 * forms alone; the mapping lists only the persons that were merged into another, and engines
 * resolve it when they query.
 */
public interface IdentityStore {

    /**
     * Calls the consumer, in write order, with every event written after ingest sequence {@code
     * after} that carries identity information: identify and alias calls, and events with both a
     * user id and an anonymous id. Returns the sequence up to which events were read (pass it as
     * {@code after} next time); events committed while this runs are left for the next call.
     */
    long forEachLinkingEvent(long after, Consumer<Event> consumer);

    /** Every stored observation. */
    void forEachObservation(Consumer<StoredObservation> consumer);

    /**
     * Stores observations and traits derived from events up to ingest sequence {@code watermark}, and
     * the watermark, in one transaction. Observations with an identity set already stored update
     * its last-seen time and count; trait values are kept per identity, name and source, the
     * latest {@code updatedAt} winning, with every value also kept in the trait history.
     */
    void saveDerived(List<StoredObservation> observations, List<TraitValue> traits, long watermark);

    /** The watermark of the last {@link #saveDerived}, 0 when nothing was derived yet. */
    long watermark();

    /**
     * Replaces the mapping of merged persons: {@code changes} maps a person id (an identity's own)
     * to the person it now belongs to; {@code removed} lists person ids that stand alone again.
     */
    void updatePersonMap(Map<String, String> changes, Collection<String> removed);

    /** Marks the observation with these identities as retracted (or restores it when {@code at} is null). */
    void retractObservation(List<String> identities, Instant at);

    /** The identity keys events were written with whose own person id is this one. */
    List<String> eventKeysOf(String ownPersonId);

    /**
     * Identities with a trait whose text value contains {@code text} (case-insensitive): exact
     * matches first, then the most recently updated. For search by name.
     */
    List<String> identitiesWithTrait(String name, String text, int limit);

    /** Trait values of these identities, latest first. */
    List<TraitValue> traits(Collection<String> identities);

    /** Key figures over the events of these identity keys. */
    PersonActivity activity(Collection<String> eventKeys, String orderEvent);

    /** The newest {@code limit} events of these identity keys, for active hours and channel preference. */
    List<EngagementEvent> engagement(Collection<String> eventKeys, int limit);

    /**
     * Events of these identity keys, newest first (ties by message id), after the cursor: the
     * timestamp and message id of the last event of the previous page, or nulls for the first page.
     */
    List<Event> timeline(Collection<String> eventKeys, Instant before, String beforeMessageId, int limit);

    /**
     * Deletes everything personal about these identities: events, observations that name any of
     * them, trait values and history, and mapping rows; records an audit entry that names only the
     * person id and the counts. Returns the number of events deleted.
     */
    long erase(String personId, Collection<String> identities, Collection<String> eventKeys);

    /** Appends an entry to the audit log. */
    void audit(String action, String subject, String detailsJson);
}
