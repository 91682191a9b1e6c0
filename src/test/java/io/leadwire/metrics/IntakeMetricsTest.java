package io.leadwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import org.junit.jupiter.api.Test;

class IntakeMetricsTest {
    @Test
    void shouldCountByVendorAndOutcomeAndRecordAckLatencyWhenAcksArePublished() {
        EventBus bus = new EventBus();
        try (IntakeMetrics metrics = new IntakeMetrics(bus)) {
            bus.publish(new IntakeAckEvent("Acme", "received", 202, 2_000_000));
            bus.publish(new IntakeAckEvent("Acme", "received", 202, 3_000_000));
            bus.publish(new IntakeAckEvent("unknown", "missing_api_key", 401, 500_000));
            bus.publish(new EngineStateEvent(EngineState.RUNNING));

            String text = metrics.scrape();

            assertThat(text)
                    .contains("leadwire_intake_requests_total{outcome=\"received\",vendor=\"Acme\"} 2.0")
                    .contains("leadwire_intake_requests_total{outcome=\"missing_api_key\",vendor=\"unknown\"} 1.0")
                    .contains("leadwire_intake_ack_seconds_count{status=\"202\"} 2")
                    .containsPattern("leadwire_intake_ack_seconds_bucket\\{status=\"401\",le=\"[0-9.]+\"\\} 1");
            assertThat(IntakeMetrics.contentType()).startsWith("text/plain");
        }
    }

    @Test
    void shouldStopListeningWhenClosed() {
        EventBus bus = new EventBus();
        IntakeMetrics metrics = new IntakeMetrics(bus);
        metrics.close();
        bus.publish(new IntakeAckEvent("Acme", "received", 202, 1));
    }
}
