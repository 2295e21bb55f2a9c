package dev.lodestar.core.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lodestar.core.imports.RowIssue.Problem;
import java.util.List;
import java.util.Locale;

/**
 * What an import would do, without writing: built by {@link DataQualityAnalyzer} during a dry run.
 *
 * @param source the source name
 * @param rows data rows read (the header not counted)
 * @param accepted rows that convert into records (some may have skipped values, see issues)
 * @param rejected rows that would not be imported
 * @param duplicateRows accepted rows with the same content as an earlier row (same record id):
 *     imported once
 * @param columns fill rate of every column
 * @param issues problems by column and kind, with samples; rejected rows count here too
 * @param rejections the first rejected rows with line and reason
 * @param duplicateKeys identity values found on more than one (distinct) row, by type
 * @param identities what identity resolution would make of the rows alone (an empty store)
 * @param seconds time taken
 */
public record DataQualityReport(
        String source,
        long rows,
        long accepted,
        long rejected,
        long duplicateRows,
        List<ColumnFill> columns,
        List<IssueCount> issues,
        List<Rejected> rejections,
        List<DuplicateKeys> duplicateKeys,
        Identities identities,
        double seconds) {

    public record ColumnFill(String column, long filled, double fillRate) {}

    public record Sample(long line, String value, String reason) {}

    public record IssueCount(String column, Problem problem, long rows, List<Sample> samples) {}

    public record Rejected(long line, String reason) {}

    /**
     * @param type identity type
     * @param values values that appear on more than one row
     * @param rows rows holding such a value
     */
    public record DuplicateKeys(String type, long values, long rows) {}

    /**
     * @param distinct distinct normalised identities
     * @param persons persons the rows would create in an empty store
     * @param personsFromSeveralRows persons built from more than one distinct row (rows that merge)
     * @param rowsMerged distinct rows that belong to such a person
     * @param merges merges in the merge log
     * @param refusedMerges merges refused by the per-type limits (two user ids, ...)
     * @param sharedIdentifiers identifiers seen on too many persons to merge on
     * @param mergeSamples a few merged persons: their identities and rows
     */
    public record Identities(
            long distinct,
            long persons,
            long personsFromSeveralRows,
            long rowsMerged,
            long merges,
            long refusedMerges,
            List<String> sharedIdentifiers,
            List<MergeSample> mergeSamples) {}

    public record MergeSample(String person, List<String> identities, List<Long> lines) {}

    public long issueCount(Problem problem) {
        return issues.stream()
                .filter(i -> i.problem() == problem)
                .mapToLong(IssueCount::rows)
                .sum();
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report must serialise", e);
        }
    }

    /** A readable text report with aligned tables. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Data quality of ").append(source).append('\n');
        b.append(String.format(
                Locale.ROOT,
                "rows %,d   importable %,d   rejected %,d   duplicate rows %,d   (%.1f s)%n",
                rows,
                accepted,
                rejected,
                duplicateRows,
                seconds));
        int width = Math.max(
                6, columns.stream().mapToInt(c -> display(c.column())).max().orElse(6));
        b.append("\nColumns\n");
        for (ColumnFill c : columns) {
            b.append("  ")
                    .append(pad(c.column(), width))
                    .append(String.format(Locale.ROOT, "  %6.1f%%  %,12d filled%n", c.fillRate() * 100, c.filled()));
        }
        if (!issues.isEmpty()) {
            b.append("\nProblems\n");
            for (IssueCount i : issues) {
                b.append(String.format(
                        Locale.ROOT,
                        "  %-20s %,10d  %s%n",
                        i.problem().name().toLowerCase(Locale.ROOT),
                        i.rows(),
                        i.column() == null ? "" : "column " + i.column()));
                for (Sample s : i.samples()) {
                    b.append("      line ")
                            .append(s.line())
                            .append(": ")
                            .append(s.reason())
                            .append('\n');
                }
            }
        }
        if (!rejections.isEmpty()) {
            b.append("\nRejected rows (first ").append(rejections.size()).append(")\n");
            for (Rejected r : rejections) {
                b.append("  ")
                        .append(source)
                        .append(':')
                        .append(r.line())
                        .append(": ")
                        .append(r.reason())
                        .append('\n');
            }
        }
        if (!duplicateKeys.isEmpty()) {
            b.append("\nIdentity values on several rows\n");
            for (DuplicateKeys d : duplicateKeys) {
                b.append(String.format(
                        Locale.ROOT, "  %-16s %,10d values on %,d rows%n", d.type(), d.values(), d.rows()));
            }
        }
        Identities id = identities;
        b.append("\nIdentity resolution (against an empty store)\n");
        b.append(String.format(Locale.ROOT, "  distinct identities      %,12d%n", id.distinct()));
        b.append(String.format(Locale.ROOT, "  persons to create        %,12d%n", id.persons()));
        b.append(String.format(
                Locale.ROOT,
                "  persons from >1 row      %,12d  (%,d rows merge)%n",
                id.personsFromSeveralRows(),
                id.rowsMerged()));
        b.append(String.format(
                Locale.ROOT, "  merges / refused merges  %,12d / %,d%n", id.merges(), id.refusedMerges()));
        if (!id.sharedIdentifiers().isEmpty()) {
            b.append("  shared identifiers (not merged on): ")
                    .append(id.sharedIdentifiers())
                    .append('\n');
        }
        for (MergeSample m : id.mergeSamples()) {
            b.append("  e.g. ")
                    .append(m.person())
                    .append(" from lines ")
                    .append(m.lines())
                    .append(": ")
                    .append(m.identities())
                    .append('\n');
        }
        return b.toString();
    }

    /** Columns in a terminal: CJK characters take two. */
    static int display(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += (c >= 0x1100
                            && (c <= 0x115f
                                    || (c >= 0x2e80 && c <= 0xa4cf)
                                    || (c >= 0xac00 && c <= 0xd7a3)
                                    || (c >= 0xf900 && c <= 0xfaff)
                                    || (c >= 0xfe30 && c <= 0xfe4f)
                                    || (c >= 0xff00 && c <= 0xff60)
                                    || (c >= 0xffe0 && c <= 0xffe6)))
                    ? 2
                    : 1;
        }
        return w;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - display(s)));
    }
}
