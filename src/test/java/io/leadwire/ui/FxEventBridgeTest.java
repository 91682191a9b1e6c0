package io.leadwire.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.IntakeRefusedEvent;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.VendorChangedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FxEventBridgeTest {
    private final EventBus events = new EventBus();
    private final List<Runnable> fxQueue = new ArrayList<>();
    private final List<FxEventBridge.Batch> delivered = new ArrayList<>();
    private final FxEventBridge bridge = new FxEventBridge(events, fxQueue::add);

    FxEventBridgeTest() {
        bridge.addListener(delivered::add);
    }

    private static Lead lead(int i) {
        return new Lead(i, "id-" + i, "v", "L" + i, Instant.EPOCH, LeadStatus.RECEIVED, "application/json", "{}",
                Map.of(), null);
    }

    @Test
    void shouldHandOneBatchToFxThreadWhenManyEventsArrive() {
        for (int i = 0; i < 500; i++) {
            events.publish(new LeadReceivedEvent(lead(i)));
        }
        events.publish(new IntakeRefusedEvent(new IntakeRefusal(Instant.EPOCH, null, "127.0.0.1", 401,
                "unauthorized", null, "")));
        events.publish(new VendorChangedEvent("v"));
        events.publish(new EngineStateEvent(EngineState.DRAINING));

        bridge.flush();

        assertThat(fxQueue).hasSize(1);
        fxQueue.remove(0).run();
        assertThat(delivered).containsExactly(new FxEventBridge.Batch(500, 1, true, EngineState.DRAINING));
    }

    @Test
    void shouldNotQueueSecondBatchWhenFirstIsStillWaitingOnFxThread() {
        events.publish(new LeadReceivedEvent(lead(1)));
        bridge.flush();
        events.publish(new LeadReceivedEvent(lead(2)));
        events.publish(new LeadReceivedEvent(lead(3)));
        bridge.flush();

        assertThat(fxQueue).hasSize(1);
        fxQueue.remove(0).run();
        bridge.flush();
        assertThat(fxQueue).hasSize(1);
        fxQueue.remove(0).run();
        assertThat(delivered).extracting(FxEventBridge.Batch::leadsReceived).containsExactly(1, 2);
    }

    @Test
    void shouldCountDeliveryChangesApartFromLeadsWhenDeliveriesMove() {
        for (int i = 0; i < 3; i++) {
            events.publish(new DeliveryChangedEvent("d-" + i, "id-" + i, "b", DeliveryStatus.FAILED));
        }

        bridge.flush();
        fxQueue.remove(0).run();

        assertThat(delivered).containsExactly(new FxEventBridge.Batch(0, 0, false, null, 3));
    }

    @Test
    void shouldStaySilentWhenNothingHappened() {
        bridge.flush();
        assertThat(fxQueue).isEmpty();
    }

    @Test
    void shouldStopListeningWhenClosed() {
        bridge.close();
        events.publish(new LeadReceivedEvent(lead(1)));
        bridge.flush();
        assertThat(fxQueue).isEmpty();
    }
}
