package dev.lodestar.core.analysis;

import static java.util.Objects.requireNonNull;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.FunnelSpec;
import dev.lodestar.spi.analysis.SavedAnalysis;
import dev.lodestar.spi.analysis.SavedAnalysisStore;
import dev.lodestar.spi.analysis.TimeRange;
import dev.lodestar.spi.segment.EvaluationContext;
import dev.lodestar.spi.segment.SavedFunnels;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Saved funnels read from a {@link SavedAnalysisStore}: the JSON spec as {@link FunnelJson} reads it,
 * moved to end at the evaluation's instant. A funnel saved for "2026-01-01 to 2026-01-30" is a 30-day
 * funnel; as of an instant it covers the 30 calendar days before it (same local time of day).
 */
public final class SavedFunnelSpecs implements SavedFunnels {
    private final SavedAnalysisStore store;

    public SavedFunnelSpecs(SavedAnalysisStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public FunnelSpec asOf(String name, EvaluationContext context) {
        SavedAnalysis saved = store.find("funnel", name)
                .orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, "no saved funnel named '" + name + "'"));
        FunnelJson.Request request = FunnelJson.read(
                SpecJson.object(saved.spec(), ""), context.zone(), LocalDate.ofInstant(context.asOf(), context.zone()));
        FunnelSpec spec = request.spec();
        ZonedDateTime end = context.asOf().atZone(context.zone());
        TimeRange range = new TimeRange(end.minusDays(request.days()).toInstant(), context.asOf(), context.zone());
        return new FunnelSpec(spec.steps(), spec.order(), spec.window(), range, spec.exclusions(), spec.breakdown());
    }
}
