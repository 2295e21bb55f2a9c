package dev.lodestar.server;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.analysis.SavedFunnelSpecs;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.core.segment.ScoreSettingsFile;
import dev.lodestar.core.segment.SegmentJson;
import dev.lodestar.core.segment.SegmentService;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbFunnelPersons;
import dev.lodestar.engine.duckdb.DuckDbSavedAnalyses;
import dev.lodestar.engine.duckdb.DuckDbSegmentEngine;
import dev.lodestar.engine.duckdb.scores.DuckDbPersonScores;
import dev.lodestar.engine.duckdb.scores.DuckDbScoreMatrix;
import dev.lodestar.spi.identity.IdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The segmentation parts over one store, wired the same way for the server and the command line:
 * person scores, the segment engine, the segment service and member export.
 */
public final class Segmentation implements AutoCloseable {
    /**
     * How long the segment engine's derived person tables are reused before it looks for new
     * events and traits again: a stream of events does not rebuild them on every preview.
     */
    public static final Duration DERIVED_TABLES_REUSE = Duration.ofSeconds(30);

    private final DuckDbPersonScores scores;
    private final DuckDbScoreMatrix matrix;
    private final SegmentService segments;
    private final MemberExport export;

    public Segmentation(DuckDbDatabase database, PersonService persons, IdentityStore store, ZoneId zone) {
        requireNonNull(database, "database is null");
        this.scores = new DuckDbPersonScores(database, ScoreSettingsFile.load(database.directory()));
        DuckDbFunnelPersons funnels =
                new DuckDbFunnelPersons(database, new SavedFunnelSpecs(new DuckDbSavedAnalyses(database)));
        DuckDbSegmentEngine engine =
                new DuckDbSegmentEngine(database, new SegmentJson(), scores, funnels, DERIVED_TABLES_REUSE);
        this.matrix = new DuckDbScoreMatrix(database, scores);
        this.segments = new SegmentService(engine, zone, Clock.systemUTC());
        this.export = new MemberExport(persons, store);
    }

    public DuckDbPersonScores scores() {
        return scores;
    }

    public DuckDbScoreMatrix matrix() {
        return matrix;
    }

    public SegmentService segments() {
        return segments;
    }

    public MemberExport export() {
        return export;
    }

    /** Stops the background refresh, if started. */
    @Override
    public void close() {
        segments.close();
    }
}
