package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.store.LeadRepository.LeadQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine runs the vendor poller from its start to its close. */
class EnginePollingTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldPollTheVendorApiWhileRunningAndStopPollingWhenClosed() throws Exception {
        try (VendorApiServer api = new VendorApiServer().withLeads("E", 1, 5)) {
            Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                    Clock.systemUTC());
            try {
                assertThat(engine.poller().running()).isTrue();
                Vendor v = engine.vendors().add("Engine Pull", List.of()).vendor();

                engine.vendors().setPolling(v.name(), new VendorPoll.Settings(VendorPoll.Mode.PULL,
                        api.url("/object"), VendorPoll.AuthKind.NONE, null, null, Duration.ofSeconds(60), "since",
                        "limit", 100, null, null));

                await().atMost(Duration.ofSeconds(15)).until(
                        () -> engine.leads().count(new LeadQuery(v.id(), null, null)) == 5);
                await().atMost(Duration.ofSeconds(5)).until(
                        () -> engine.vendors().poll(v.name()).orElseThrow().state().lastSuccessAt() != null);
                assertThat(engine.vendors().poll(v.name()).orElseThrow().state().cursor()).isEqualTo("5");
            } finally {
                engine.close();
            }
            assertThat(engine.poller().running()).isFalse();
        }
    }
}
