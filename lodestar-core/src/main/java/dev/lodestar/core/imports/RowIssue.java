package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

/**
 * One problem in a row: a value that could not be used.
 *
 * @param column the column header (null for problems of the whole row)
 * @param problem what kind of problem
 * @param value the raw value as text (null when missing)
 * @param reason what was expected, e.g. the date formats tried
 */
public record RowIssue(String column, Problem problem, String value, String reason) {
    /** Kinds of problems, counted by the data-quality report. */
    public enum Problem {
        INVALID_PHONE,
        INVALID_EMAIL,
        /** A blocked placeholder value (无, null, 0000, -1, ...) in an identity column. */
        BLOCKED_IDENTITY,
        INVALID_IDENTITY,
        UNPARSEABLE_DATE,
        UNPARSEABLE_NUMBER,
        UNPARSEABLE_BOOLEAN,
        /** No valid identity left in the row, or a required identity is missing or invalid. */
        MISSING_IDENTITY,
        /** An event row without its name or timestamp. */
        MISSING_VALUE,
        /** The event failed the Segment message rules (timestamp before 2000, ...). */
        INVALID_EVENT,
        /** The line could not be parsed (JSON lines). */
        INVALID_ROW
    }

    public RowIssue {
        requireNonNull(problem, "problem is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return (column == null ? "" : "column " + column + ": ") + reason;
    }
}
