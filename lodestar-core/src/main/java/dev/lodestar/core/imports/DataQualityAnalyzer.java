package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityGraph;
import dev.lodestar.core.identity.Resolution;
import dev.lodestar.core.imports.RowIssue.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link DataQualityReport} from the rows of a dry run and what they converted into. The
 * identities of the distinct records go through an in-memory {@link IdentityGraph} with the same
 * rules as the store. Memory grows with the distinct identities and rows (a long and an identity
 * per distinct row), not with the row content.
 */
public final class DataQualityAnalyzer implements ImportSink {
    public static final int SAMPLES_PER_ISSUE = 5;
    public static final int REJECTION_SAMPLES = 20;
    public static final int MERGE_SAMPLES = 5;

    private final String source;
    private final Instant importTime;
    private final IdentityGraph graph;
    private List<String> header = List.of();
    private long[] filled = new long[0];
    private long rows;
    private long accepted;
    private long rejected;
    private long duplicateRows;
    private final LongSet ids = new LongSet();
    private final Map<IssueKey, Issue> issues = new LinkedHashMap<>();
    private final List<DataQualityReport.Rejected> rejections = new ArrayList<>();
    private final Map<String, HashMap<String, Integer>> rowsPerValue = new LinkedHashMap<>();
    private final List<Identity> anchors = new ArrayList<>();
    private long[] anchorLines = new long[1024];

    private record IssueKey(String column, Problem problem) {}

    private static final class Issue {
        long rows;
        final List<DataQualityReport.Sample> samples = new ArrayList<>();
    }

    public DataQualityAnalyzer(String source, IdentityConfig config, Instant importTime) {
        this.source = requireNonNull(source, "source is null");
        this.graph = new IdentityGraph(config);
        this.importTime = requireNonNull(importTime, "importTime is null");
    }

    /** The source's header: fill rates are counted per column. */
    public void header(List<String> columns) {
        header = List.copyOf(columns);
        filled = new long[columns.size()];
    }

    /** Counts a raw row's filled cells (call for every row, before or after its outcome). */
    public void cells(Object[] cells) {
        rows++;
        int n = Math.min(cells.length, filled.length);
        for (int i = 0; i < n; i++) {
            if (!Cells.isBlank(cells[i])) {
                filled[i]++;
            }
        }
    }

    @Override
    public void accept(ImportRecord record) {
        accepted++;
        count(record.position().number(), record.issues());
        if (!ids.add(Long.parseUnsignedLong(record.id().substring(0, 16), 16))) {
            duplicateRows++;
            return;
        }
        for (Identity identity : record.identities()) {
            rowsPerValue
                    .computeIfAbsent(identity.type().name(), t -> new HashMap<>())
                    .merge(identity.value(), 1, Integer::sum);
        }
        graph.add(record.observation(importTime));
        int k = anchors.size();
        anchors.add(record.identities().get(0));
        if (k == anchorLines.length) {
            anchorLines = Arrays.copyOf(anchorLines, k * 2);
        }
        anchorLines[k] = record.position().number();
    }

    @Override
    public void reject(RowRejection rejection) {
        rejected++;
        count(rejection.position().number(), rejection.issues());
        if (rejections.size() < REJECTION_SAMPLES) {
            rejections.add(new DataQualityReport.Rejected(rejection.position().number(), rejection.reason()));
        }
    }

    @Override
    public void finish() {}

    private void count(long line, List<RowIssue> rowIssues) {
        for (RowIssue i : rowIssues) {
            Issue issue = issues.computeIfAbsent(new IssueKey(i.column(), i.problem()), k -> new Issue());
            issue.rows++;
            if (issue.samples.size() < SAMPLES_PER_ISSUE) {
                issue.samples.add(new DataQualityReport.Sample(line, i.value(), i.reason()));
            }
        }
    }

    /** The report (resolves the identities: call once, at the end). */
    public DataQualityReport report(double seconds) {
        List<DataQualityReport.ColumnFill> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            columns.add(new DataQualityReport.ColumnFill(
                    header.get(i), filled[i], rows == 0 ? 0 : filled[i] / (double) rows));
        }
        List<DataQualityReport.IssueCount> issueCounts = new ArrayList<>();
        issues.forEach((k, v) -> issueCounts.add(
                new DataQualityReport.IssueCount(k.column(), k.problem(), v.rows, List.copyOf(v.samples))));
        issueCounts.sort((a, b) -> Long.compare(b.rows(), a.rows()));
        List<DataQualityReport.DuplicateKeys> duplicateKeys = new ArrayList<>();
        rowsPerValue.forEach((type, counts) -> {
            long values = 0;
            long rowsWith = 0;
            for (int c : counts.values()) {
                if (c > 1) {
                    values++;
                    rowsWith += c;
                }
            }
            if (values > 0) {
                duplicateKeys.add(new DataQualityReport.DuplicateKeys(type, values, rowsWith));
            }
        });
        Resolution resolution = graph.resolve();
        Map<String, List<Long>> rowsOfPerson = new HashMap<>();
        Map<String, Integer> rowCount = new HashMap<>();
        for (int k = 0; k < anchors.size(); k++) {
            String person = resolution.personOf(anchors.get(k)).orElseThrow();
            rowCount.merge(person, 1, Integer::sum);
        }
        long several = 0;
        long rowsMerged = 0;
        for (int c : rowCount.values()) {
            if (c > 1) {
                several++;
                rowsMerged += c;
            }
        }
        List<DataQualityReport.MergeSample> samples = new ArrayList<>();
        for (int k = 0; k < anchors.size() && samples.size() < MERGE_SAMPLES; k++) {
            String person = resolution.personOf(anchors.get(k)).orElseThrow();
            if (rowCount.get(person) > 1 && !rowsOfPerson.containsKey(person)) {
                List<Long> lines = new ArrayList<>();
                for (int j = k; j < anchors.size() && lines.size() < 5; j++) {
                    if (Objects.equals(resolution.personOf(anchors.get(j)).orElseThrow(), person)) {
                        lines.add(anchorLines[j]);
                    }
                }
                rowsOfPerson.put(person, lines);
                samples.add(new DataQualityReport.MergeSample(
                        person,
                        resolution.identitiesOf(person).stream()
                                .map(Identity::toString)
                                .toList(),
                        lines));
            }
        }
        List<String> shared = resolution.sharedIdentifiers().stream()
                .map(s -> s.identity() + " (~" + s.estimatedPersons() + " persons)")
                .limit(20)
                .toList();
        DataQualityReport.Identities identities = new DataQualityReport.Identities(
                resolution.identityCount(),
                resolution.personCount(),
                several,
                rowsMerged,
                resolution.merges().size(),
                resolution.refusals().size(),
                shared,
                samples);
        return new DataQualityReport(
                source,
                rows,
                accepted,
                rejected,
                duplicateRows,
                columns,
                issueCounts,
                List.copyOf(rejections),
                duplicateKeys,
                identities,
                seconds);
    }

    /** An open-addressing set of longs (the first 64 bits of record ids): 16 bytes per row at most. */
    static final class LongSet {
        private long[] keys = new long[1 << 12];
        private boolean hasZero;
        private int size;

        boolean add(long key) {
            if (key == 0) {
                boolean added = !hasZero;
                hasZero = true;
                return added;
            }
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = (int) mix(key) & mask;
            while (keys[i] != 0) {
                if (keys[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            keys[i] = key;
            size++;
            return true;
        }

        private void grow() {
            long[] old = keys;
            keys = new long[old.length * 2];
            int mask = keys.length - 1;
            for (long k : old) {
                if (k != 0) {
                    int i = (int) mix(k) & mask;
                    while (keys[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = k;
                }
            }
        }

        private static long mix(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            k ^= k >>> 33;
            return k;
        }
    }
}
