package io.leadwire.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static final EngineEvent EVENT = new EngineStateEvent(EngineState.RUNNING);

    @Test
    void shouldStillReachTheOtherListenersWhenOneListenerThrows() {
        EventBus bus = new EventBus();
        List<EngineEvent> got = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        bus.subscribe(got::add);

        bus.publish(EVENT);

        assertThat(got).containsExactly(EVENT);
    }

    @Test
    void shouldStopDeliveringWhenTheSubscriptionIsClosed() throws Exception {
        EventBus bus = new EventBus();
        List<EngineEvent> got = new ArrayList<>();
        AutoCloseable sub = bus.subscribe(got::add);
        bus.publish(EVENT);
        sub.close();
        bus.publish(EVENT);
        assertThat(got).hasSize(1);
    }
}
