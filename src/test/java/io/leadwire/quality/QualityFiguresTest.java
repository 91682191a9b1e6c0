package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.QualityFigures;
import io.leadwire.store.QualityFiguresRepository;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The figures the real judge and stage produce for a known mix of leads, on a real H2 database. */
class QualityFiguresTest {
    private static final Instant T0 = Instant.parse("2026-03-06T14:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(T0);
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    private final LeadRepository leads = new LeadRepository(db.dataSource(), JSON);
    private final Vendor acme = new VendorRepository(db.dataSource()).create("Acme", List.of(), "h", "lw_x", T0);

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    @Test
    void shouldCountEachKindOfProblemWhenTheStageDecidesAKnownMix() {
        List<Lead> mix = new ArrayList<>();
        mix.add(lead("G-1", "ann@example.com", "+442071234001", "81.2.69.160"));
        mix.add(lead("G-2", "bob@example.com", "+442071234002", null));
        mix.add(lead("E-1", "carl@", "+442071234003", null)); // email syntax
        mix.add(lead("E-2", "dee@mailinator.com", "+442071234004", null)); // disposable
        mix.add(lead("P-1", "eve@example.com", "12", null)); // invalid phone
        mix.add(lead("GEO-1", "fay@example.com", "+442071234005", "203.0.113.9")); // IP in the US
        mix.add(lead("D-1", "ANN@example.com", "+442071234006", null)); // repeats G-1
        leads.insertAll(mix);
        GeoIpLocator geo = ip -> ip.startsWith("203.0.113.") ? Optional.of("US") : Optional.of("GB");
        LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), Optional.of(geo));

        try (QualityStage stage = new QualityStage(leads, judge, JSON, new EventBus(), clock, DedupePolicy.defaults())) {
            assertThat(stage.judgeWaiting()).isEqualTo(7);
        }

        List<QualityFigures> hours = new QualityFiguresRepository(db.dataSource())
                .hourly(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)));
        assertThat(hours).singleElement().satisfies(h -> {
            assertThat(h.bucketStart()).isEqualTo(Instant.parse("2026-03-06T14:00:00Z"));
            assertThat(h.decided()).isEqualTo(7);
            // Accepted: G-1, G-2 and GEO-1 (a mismatch only costs points); the rest are held.
            assertThat(List.of(h.accepted(), h.quarantined(), h.rejected())).containsExactly(3L, 4L, 0L);
            assertThat(h.duplicates()).isEqualTo(1);
            assertThat(h.invalidEmail()).isEqualTo(2);
            assertThat(h.invalidPhone()).isEqualTo(1);
            assertThat(h.geoMismatch()).isEqualTo(1);
            assertThat(h.scored()).isEqualTo(7);
            assertThat(h.scoreHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
            assertThat(h.passRate()).isEqualTo(3 / 7.0);
        });
    }

    private Lead lead(String leadId, String email, String phone, String ip) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lead_id", leadId);
        fields.put("first_name", "Ann");
        fields.put("last_name", "Lee");
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("country", "GB");
        if (ip != null) {
            fields.put("ip_address", ip);
        }
        return new Lead(0, UUID.randomUUID().toString(), acme.id(), leadId, clock.instant(), LeadStatus.RECEIVED,
                "application/json", "{}", fields, "127.0.0.1");
    }
}
