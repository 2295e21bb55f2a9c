package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** A row that cannot be imported, with the reason(s); the other rows go on. */
public record RowRejection(RowPosition position, List<RowIssue> issues) implements RowOutcome {
    public RowRejection {
        requireNonNull(position, "position is null");
        issues = List.copyOf(issues);
        if (issues.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
    }

    /** All reasons in one line. */
    public String reason() {
        return issues.stream().map(RowIssue::toString).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return position + ": " + reason();
    }
}
