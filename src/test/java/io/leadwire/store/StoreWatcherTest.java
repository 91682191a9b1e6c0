package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.StoreChangedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StoreWatcherTest extends StoreTestBase {
    @Test
    void shouldAnnounceTimelineRowsWrittenByAnyoneOnlyWhenThereAreNewOnes() throws Exception {
        try (StoreFixture f = fixture()) {
            EventBus events = new EventBus();
            List<StoreChangedEvent> seen = new CopyOnWriteArrayList<>();
            events.subscribe(e -> {
                if (e instanceof StoreChangedEvent s) {
                    seen.add(s);
                }
            });
            // A long interval: the test makes each look itself.
            try (StoreWatcher watcher = StoreWatcher.start(f.db.dataSource(), events, Duration.ofHours(1))) {
                watcher.look();
                watcher.look();
                assertThat(seen).as("nothing changed").isEmpty();
                // Written straight through the repository, as another process would: no event of ours.
                f.leads.insertAll(List.of(StoreFixture.lead(f.vendor("Acme"), "A-1")));
                watcher.look();
                assertThat(seen).hasSize(1);
                assertThat(seen.get(0).lastEventSeq()).isPositive();
                watcher.look();
                assertThat(seen).hasSize(1);
            }
        }
    }
}
