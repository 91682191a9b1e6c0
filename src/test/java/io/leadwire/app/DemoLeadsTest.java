package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.testing.Http;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemoLeadsTest {
    private final DemoLeads leads = new DemoLeads(new Random(42));

    @Test
    void shouldMakeWellFormedLeadsWithTheGivenIdWhenAskedForGoodOnes() {
        for (int i = 0; i < 500; i++) {
            var lead = Http.json(leads.good("DEMO-" + i));
            assertThat(lead.path("lead_id").asText()).isEqualTo("DEMO-" + i);
            assertThat(lead.path("email").asText()).matches("[a-z]+\\.[a-z]+\\d+@example\\.com");
            assertThat(lead.path("phone").asText()).matches("\\+\\d{10,}");
            assertThat(lead.path("first_name").asText()).isNotBlank();
        }
    }

    @Test
    void shouldUseTheGivenIdOrLeaveItEmptyWhenAskedForBadOnes() {
        for (int i = 0; i < 200; i++) {
            String bad = leads.bad("BAD-" + i);
            assertThat(bad.contains("\"lead_id\":\"BAD-" + i + "\"") || bad.contains("\"lead_id\":\"\"")).isTrue();
        }
    }
}
