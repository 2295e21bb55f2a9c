package dev.lodestar.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.SavedAnalysis;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbSavedAnalyses {
    @TempDir
    Path directory;

    @Test
    void createListUpdateDeleteAndKeepAcrossRestarts() {
        long viewedId;
        try (DuckDbDatabase db = DuckDbDatabase.open(directory)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.latestVersion());
            DuckDbSavedAnalyses store = new DuckDbSavedAnalyses(db);
            SavedAnalysis viewed = store.create("funnel", "  浏览未购买 ", "{\"steps\":[\"A\",\"B\"]}");
            viewedId = viewed.id();
            assertThat(viewed.name()).isEqualTo("浏览未购买");
            assertThat(viewed.createdAt()).isEqualTo(viewed.updatedAt());
            SavedAnalysis weekly = store.create("retention", "浏览未购买", "{}");
            SavedAnalysis another = store.create("funnel", "Add to cart", "{\"steps\":[\"B\",\"C\"]}");
            assertThat(weekly.id()).isNotEqualTo(viewed.id());

            assertThat(store.list(null))
                    .extracting(SavedAnalysis::kind, SavedAnalysis::name)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("funnel", "Add to cart"),
                            org.assertj.core.groups.Tuple.tuple("funnel", "浏览未购买"),
                            org.assertj.core.groups.Tuple.tuple("retention", "浏览未购买"));
            assertThat(store.list("retention")).containsExactly(weekly);
            assertThat(store.find("funnel", "浏览未购买")).contains(viewed);
            assertThat(store.find("trend", "浏览未购买")).isEmpty();

            assertThatThrownBy(() -> store.create("funnel", "Add to cart ", "{}"))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessageContaining("a funnel named 'Add to cart' is already saved (id " + another.id() + ")");
            assertThatThrownBy(() -> store.update(viewed.id(), "Add to cart", "{}"))
                    .hasMessageContaining("already saved");

            SavedAnalysis same = store.update(viewed.id(), "浏览未购买", "{\"steps\":[\"A\",\"C\"]}");
            assertThat(same.spec()).isEqualTo("{\"steps\":[\"A\",\"C\"]}");
            assertThat(same.createdAt()).isEqualTo(viewed.createdAt());
            assertThat(same.updatedAt()).isAfterOrEqualTo(viewed.updatedAt());
            SavedAnalysis renamed = store.update(another.id(), "Cart to order", another.spec());
            assertThat(store.get(another.id())).contains(renamed);

            assertThatThrownBy(() -> store.update(999, "x", "{}"))
                    .isInstanceOfSatisfying(
                            LodestarException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(store.delete(weekly.id())).isTrue();
            assertThat(store.delete(weekly.id())).isFalse();
            assertThat(store.get(weekly.id())).isEmpty();
            assertThatThrownBy(() -> store.list("report")).hasMessageContaining("kind 'report' is not one of");
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(directory)) {
            DuckDbSavedAnalyses store = new DuckDbSavedAnalyses(db);
            assertThat(store.list(null)).extracting(SavedAnalysis::name).containsExactly("Cart to order", "浏览未购买");
            assertThat(store.get(viewedId).orElseThrow().spec()).isEqualTo("{\"steps\":[\"A\",\"C\"]}");
            SavedAnalysis next = store.create("trend", "t", "{}");
            assertThat(next.id()).as("ids are not reused after a restart").isGreaterThan(viewedId + 2);
        }
    }
}
