package dev.lodestar.core.imports;

/**
 * Where converted rows go: the store implements it to persist records (observations, traits with
 * their source and time, consent, events). Called from one thread, in source order.
 *
 * <p>Contract: records with an id already written must not be written twice (re-imports are
 * idempotent by {@link ImportRecord#id()}); {@link #finish()} makes everything accepted since the
 * start durable at once (or the implementation documents how it resumes); {@link #close()} without
 * {@link #finish()} abandons the import.
 */
public interface ImportSink extends AutoCloseable {
    /** A converted row. */
    void accept(ImportRecord record);

    /** A row that could not be converted (the sink may keep it for the import's history). */
    default void reject(RowRejection rejection) {}

    /** Commits the import. */
    void finish();

    @Override
    default void close() {}
}
