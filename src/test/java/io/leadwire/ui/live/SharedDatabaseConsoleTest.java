package io.leadwire.ui.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.testing.PostgresServer;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.RunningEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console on another desk: its engine shares the PostgreSQL database with a headless engine
 * that takes the leads, and its live feed shows them as they arrive, though no event of its own
 * process announced them.
 */
class SharedDatabaseConsoleTest {
    @TempDir
    Path tmp;

    @Test
    void shouldShowLeadsAnotherEngineTookWhenBothShareOneDatabase() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        // Engines on one database share one secrets key: the desk gets a copy of the server's.
        java.nio.file.Files.createDirectories(tmp.resolve("desk"));
        try (RunningEngine server = RunningEngine.startOn(tmp.resolve("server"), url, PostgresServer.USER,
                PostgresServer.PASSWORD);
             RunningEngine desk = RunningEngine.startOn(copyKey(tmp.resolve("server"), tmp.resolve("desk")), url,
                     PostgresServer.USER,
                     PostgresServer.PASSWORD)) {
            String key = server.engine.vendors().add("Acme Leads", List.of()).apiKey();
            List<io.leadwire.lead.StoreChangedEvent> noticed = new java.util.concurrent.CopyOnWriteArrayList<>();
            desk.engine.events().subscribe(e -> {
                if (e instanceof io.leadwire.lead.StoreChangedEvent s) {
                    noticed.add(s);
                }
            });
            FxEventBridge bridge = new FxEventBridge(desk.engine.events(), Runnable::run).start();
            try {
                LiveFeedViewModel feed = new LiveFeedViewModel(desk.services(Optional.empty()),
                        new CurrentThreadUiExecutor());
                feed.attach(bridge);
                feed.start();
                assertThat(feed.rows()).isEmpty();

                for (int i = 1; i <= 3; i++) {
                    assertThat(server.post(key, RunningEngine.lead("S-" + i, "Ann", "Lee", "ann.lee" + i
                            + "@example.com", "Ireland"))).isEqualTo(202);
                }

                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(feed.rows())
                        .extracting(LeadRow::vendorLeadId).containsExactlyInAnyOrder("S-1", "S-2", "S-3"));
                assertThat(feed.rows()).extracting(LeadRow::vendor).containsOnly("Acme Leads");
                assertThat(feed.getTotalText()).isEqualTo("3 leads");
                // The desk's engine noticed the other engine's writes in the shared store.
                assertThat(noticed).isNotEmpty();
            } finally {
                bridge.close();
            }
        }
    }

    private static Path copyKey(Path from, Path to) throws java.io.IOException {
        java.nio.file.Files.copy(from.resolve("secrets.key"), to.resolve("secrets.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }
}
