package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.IntakeAckEvent;
import io.leadwire.lead.IntakeRefusedEvent;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root: one engine per data dir, a clean life cycle, events after the facts. */
class EngineTest {
    @TempDir
    Path dataDir;

    private Engine start() throws Exception {
        return Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
    }

    @Test
    void shouldRefuseASecondEngineNamingTheHolderWhenTheDataDirIsTaken() throws Exception {
        try (Engine first = start()) {
            assertThat(first.state()).isEqualTo(EngineState.RUNNING);
            assertThatThrownBy(this::start)
                    .isInstanceOf(DataDirLock.DataDirBusyException.class)
                    .hasMessageContaining("is in use by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("(test, started");
        }
        assertThat(Files.readString(dataDir.resolve("engine.lock"))).startsWith("pid ");
    }

    @Test
    void shouldFreeTheDataDirAndKeepTheDataWhenClosed() throws Exception {
        Engine first = start();
        String key = first.vendors().add("Acme", List.of()).apiKey();
        new Http().postJson(first.intakeUrl(), key, "{\"lead_id\":\"KEEP-1\"}");
        first.close();
        first.close();
        assertThat(first.state()).isEqualTo(EngineState.STOPPED);

        try (Engine second = start()) {
            String vendorId = second.vendors().find("Acme").orElseThrow().id();
            assertThat(second.leads().findByVendorLeadId(vendorId, "KEEP-1")).isPresent();
        }
    }

    @Test
    void shouldWriteQueuedRefusalsBeforeStoppingWhenClosedRightAfterThem() throws Exception {
        Engine engine = start();
        String key = engine.vendors().add("Acme", List.of()).apiKey();
        Http http = new Http();
        for (int i = 0; i < 20; i++) {
            http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"\"}");
        }
        engine.close();

        try (Engine again = start()) {
            String vendorId = again.vendors().find("Acme").orElseThrow().id();
            assertThat(again.refusals().recent(vendorId, 100)).hasSize(20)
                    .allSatisfy(r -> assertThat(r.reason()).isEqualTo("missing_field"));
        }
    }

    @Test
    void shouldPublishStateLeadRefusalAckAndVendorEventsWhenThingsHappen() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Engine engine = start();
        try (AutoCloseable sub = engine.events().subscribe(seen::add)) {
            String key = engine.vendors().add("Acme", List.of()).apiKey();
            Http http = new Http();
            http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"EV-1\"}");
            http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"\"}");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen)
                    .hasAtLeastOneElementOfType(VendorChangedEvent.class)
                    .hasAtLeastOneElementOfType(LeadReceivedEvent.class)
                    .hasAtLeastOneElementOfType(IntakeRefusedEvent.class)
                    .filteredOn(e -> e instanceof IntakeAckEvent).hasSize(2));
            LeadReceivedEvent received = (LeadReceivedEvent) seen.stream()
                    .filter(e -> e instanceof LeadReceivedEvent).findFirst().orElseThrow();
            assertThat(engine.leads().findById(received.lead().id())).as("durable before announced").isPresent();
            engine.close();
        }
        assertThat(seen).filteredOn(e -> e instanceof EngineStateEvent)
                .extracting(e -> ((EngineStateEvent) e).state())
                .containsExactly(EngineState.DRAINING, EngineState.STOPPED);
    }

    @Test
    void shouldReleaseTheDataDirAndStopItsWritersWhenThePortIsTaken(@TempDir Path otherDir) throws Exception {
        try (Engine first = start()) {
            int port = java.net.URI.create(first.baseUrl()).getPort();
            long writersBefore = writerThreads();
            EngineConfig clash = new EngineConfig(otherDir, "127.0.0.1", port, null, null, null, 65536);

            assertThatThrownBy(() -> Engine.start(clash, "test", Clock.systemUTC()))
                    .isInstanceOf(java.io.IOException.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> writerThreads() <= writersBefore);
            Engine.start(new EngineConfig(otherDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                    Clock.systemUTC()).close();
        }
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().endsWith("-writer")).count();
    }
}
