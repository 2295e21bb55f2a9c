package dev.lodestar.core.imports;

/** What a row became: an {@link ImportRecord} (possibly with issues) or a {@link RowRejection}. */
public sealed interface RowOutcome permits ImportRecord, RowRejection {
    RowPosition position();

    /** Problems found in the row; for a record, values that were skipped. */
    java.util.List<RowIssue> issues();
}
