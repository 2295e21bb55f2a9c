package dev.lodestar.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestMessageIdSet {
    @Test
    void behavesLikeAHashSetWithinTheWindow() {
        MessageIdSet set = new MessageIdSet(Duration.ofDays(7));
        Set<String> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        Instant now = Instant.parse("2026-11-29T00:00:00Z");
        for (int i = 0; i < 300_000; i++) {
            String id = "m" + random.nextInt(200_000);
            assertThat(set.contains(id)).isEqualTo(reference.contains(id));
            assertThat(set.add(id, now)).isEqualTo(reference.add(id));
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void idsOlderThanTheWindowAreDroppedWhenTheTableGrows() {
        MessageIdSet set = new MessageIdSet(Duration.ofDays(7));
        Instant old = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = old.plus(Duration.ofDays(30));
        for (int i = 0; i < 20_000; i++) {
            set.add("old-" + i, old);
        }
        for (int i = 0; i < 200_000; i++) {
            set.add("new-" + i, now);
        }
        assertThat(set.contains("old-1")).isFalse();
        assertThat(set.contains("new-1")).isTrue();
        assertThat(set.size()).isLessThan(220_000);
    }
}
