package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.VendorRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The stage asks external services before it claims: a hanging service never holds the claim's row locks. */
class QualityStagePrefetchTest {
    @Test
    void shouldLeaveTheLeadUnlockedWhileTheServiceIsBeingAskedWhenExternalChecksAreOn() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(url, null, null, 4);
             FakeVerificationServer mail = new FakeVerificationServer()
                     .answering(q -> FakeVerificationServer.Answer.hanging())) {
            LeadRepository leads = new LeadRepository(db.dataSource(), json);
            Vendor v = new VendorRepository(db.dataSource()).create("Acme", List.of(), "h", "lw_x", Instant.EPOCH);
            leads.insertAll(List.of(new Lead(0, UUID.randomUUID().toString(), v.id(), "S-1", Instant.now(),
                    LeadStatus.RECEIVED, "application/json", "{}", Map.of("lead_id", "S-1", "email",
                    "john.smith@example.com", "country", "GB"), "127.0.0.1")));
            CheckSettings settings = new CheckSettings(GeoIpSettings.none(), Optional.of(VerificationSettings
                    .emailVerifier(mail.url("/v2/validate"), "k-123456789").timeout(Duration.ofSeconds(20)).build()),
                    Optional.empty());
            try (ExternalChecks checks = ExternalChecks.create(settings, QualityPolicy.defaults(), json, clock);
                 QualityStage stage = new QualityStage(leads, new LeadJudge(QualityPolicy.defaults(), clock,
                         new EmailValidator(), Optional.empty(), checks), json, new EventBus(), clock, checks)) {
                stage.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> mail.hits() == 1);

                // The stage is waiting on the service right now; another worker can still claim the lead.
                List<Lead> claimed = leads.decideAll(LeadStatus.RECEIVED, 10, lead -> new LeadRepository.LeadDecision(
                        LeadStatus.QUARANTINED, lead.fields(), null, null, null, "quarantined", "by hand"), clock);

                assertThat(claimed).extracting(Lead::vendorLeadId).containsExactly("S-1");
                mail.close(); // the service gives up; the stage finds nothing left to claim
            }
            assertThat(leads.countByStatus()).containsEntry(LeadStatus.QUARANTINED, 1L)
                    .doesNotContainKey(LeadStatus.RECEIVED);
        }
    }
}
