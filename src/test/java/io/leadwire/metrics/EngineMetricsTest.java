package io.leadwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.lead.DeliveryAttemptEvent;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeAckEvent;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
    @Test
    void shouldCountByVendorAndOutcomeAndRecordAckLatencyWhenAcksArePublished() {
        EventBus bus = new EventBus();
        try (EngineMetrics metrics = new EngineMetrics(bus)) {
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
            assertThat(EngineMetrics.contentType()).startsWith("text/plain");
        }
    }

    @Test
    void shouldCountDeliveriesAndBreakerStatesByBuyerWhenTheEngineReportsThem() {
        EventBus bus = new EventBus();
        try (EngineMetrics metrics = new EngineMetrics(bus)) {
            bus.publish(new DeliveryAttemptEvent("Buyer ABC", "accepted", null, 42));
            bus.publish(new DeliveryAttemptEvent("Buyer ABC", "error", "timeout", 15_000));
            bus.publish(new BreakerChangedEvent("b1", "Buyer ABC", "closed", "open", "failure_threshold"));

            String text = metrics.scrape();

            assertThat(text)
                    .contains("leadwire_delivery_attempts_total{buyer=\"Buyer ABC\",error_class=\"none\","
                            + "outcome=\"accepted\"} 1.0")
                    .contains("leadwire_delivery_attempts_total{buyer=\"Buyer ABC\",error_class=\"timeout\","
                            + "outcome=\"error\"} 1.0")
                    .contains("leadwire_delivery_latency_seconds_count{buyer=\"Buyer ABC\"} 2")
                    .contains("leadwire_breaker_transitions_total{buyer=\"Buyer ABC\",to=\"open\"} 1.0")
                    .contains("leadwire_breaker_open{buyer=\"Buyer ABC\"} 1.0");
            bus.publish(new BreakerChangedEvent("b1", "Buyer ABC", "half_open", "closed", "probe_succeeded"));
            assertThat(metrics.scrape()).contains("leadwire_breaker_open{buyer=\"Buyer ABC\"} 0.0");
        }
    }

    @Test
    void shouldStopListeningWhenClosed() {
        EventBus bus = new EventBus();
        EngineMetrics metrics = new EngineMetrics(bus);
        metrics.close();
        bus.publish(new IntakeAckEvent("Acme", "received", 202, 1));
    }
}
