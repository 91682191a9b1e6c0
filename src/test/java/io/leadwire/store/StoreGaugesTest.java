package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository.LeadDecision;
import io.leadwire.store.QuarantineRepository.Resolution;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gauges the dashboards read instead of counting follow every writer that moves a lead into
 * or out of quarantine or opens or resolves a dead letter, and always equal the real counts.
 */
class StoreGaugesTest extends StoreTestBase {
    private static final Instant T0 = StoreFixture.T0;
    private final StoreFixture store = fixture();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();
    private final StoreGauges gauges = new StoreGauges(store.db.dataSource());
    private final QuarantineRepository quarantine = new QuarantineRepository(store.db.dataSource(), json, clock);
    private final DeliveryRepository deliveries = new DeliveryRepository(store.db.dataSource(), json);
    private final DeadLetterRepository deadLetters = new DeadLetterRepository(store.db.dataSource(), json, clock,
            deliveries);
    private final Vendor vendor = store.vendor("Acme");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldFollowLeadsIntoAndOutOfQuarantine() throws SQLException {
        assertGauges(0, 0);
        List<Lead> leads = List.of(lead("Q-1"), lead("Q-2"), lead("Q-3"), lead("OK-1"));
        store.leads.insertAll(leads);
        store.leads.decideAll(LeadStatus.RECEIVED, 10, l -> decision(l.vendorLeadId().startsWith("Q")
                ? LeadStatus.QUARANTINED : LeadStatus.ACCEPTED), clock);
        assertGauges(3, 0);

        // An operator keeps one held (fields fixed, still in review) and releases another.
        quarantine.resolveAll(List.of(leads.get(0).id(), leads.get(1).id()), "ops", l -> new Resolution(
                l.vendorLeadId().equals("Q-1") ? LeadStatus.QUARANTINED : LeadStatus.ACCEPTED, null, null, null,
                null, "released", "by ops"), null);
        assertGauges(2, 0);

        quarantine.linkDuplicate(leads.get(2).id(), leads.get(3).id(), "ops");
        assertGauges(1, 0);

        // The de-duplicating stage's own link of a held lead (the live feed's "link as duplicate").
        store.leads.linkDuplicate(leads.get(0).id(), leads.get(3).id(), "ops", T0);
        assertGauges(0, 0);

        // A lead stored already held (an import) counts too.
        store.leads.insertAll(List.of(StoreFixture.lead(vendor, "Q-4", Map.of("lead_id", "Q-4"),
                LeadStatus.QUARANTINED, T0)));
        assertGauges(1, 0);
    }

    @Test
    void shouldFollowDeadLettersOpenedByRoutingAndResolvedOnTheDesk() throws SQLException {
        store.leads.insertAll(List.of(accepted("D-1"), accepted("D-2"), accepted("D-3")));
        deliveries.routeAccepted(10, T0, (lead, score, round) -> {
            round.deadLetter("no_eligible_buyer", "no buyer takes " + lead.vendorLeadId());
            round.moveLead(LeadStatus.UNSOLD, "unsold", "no buyer");
            return LeadStatus.UNSOLD;
        });
        assertGauges(0, 3);

        List<DeadLetterRepository.Entry> open = deadLetters.page(DeadLetterRepository.Query.ALL, 0, 10);
        deadLetters.resolveAll(List.of(open.get(0).seq(), open.get(1).seq()), "ops",
                o -> o.lead().vendorLeadId().equals("D-1") ? new DeadLetterRepository.RouteAgain()
                        : new DeadLetterRepository.Discard("test lead"), null);
        assertGauges(0, 1);
    }

    @Test
    void shouldRecountAGaugeThatDriftedAndLeaveRightOnesAlone() throws SQLException {
        store.leads.insertAll(List.of(StoreFixture.lead(vendor, "Q-1", Map.of("lead_id", "Q-1"),
                LeadStatus.QUARANTINED, T0)));
        assertThat(gauges.recount()).isEmpty();
        // A gauge off by three, as a defect or an engine of an older version could leave it.
        try (Connection c = store.db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE store_gauge SET amount = amount + 3 WHERE name = 'dead_letter.open'");
        }
        assertThat(gauges.recount()).containsExactly(Map.entry(StoreGauges.DEAD_LETTERS_OPEN, -3L));
        assertGauges(1, 0);
    }

    private void assertGauges(long quarantined, long deadLettersOpen) throws SQLException {
        assertThat(gauges.read()).containsExactly(Map.entry(StoreGauges.DEAD_LETTERS_OPEN, deadLettersOpen),
                Map.entry(StoreGauges.QUARANTINED, quarantined));
        try (Connection c = store.db.connection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM lead WHERE status = 'QUARANTINED'"))
                    .as("quarantined leads counted").isEqualTo(quarantined);
            assertThat(count(s, "SELECT COUNT(*) FROM dead_letter WHERE resolved_at IS NULL"))
                    .as("open dead letters counted").isEqualTo(deadLettersOpen);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Lead lead(String vendorLeadId) {
        return StoreFixture.lead(vendor, vendorLeadId, Map.of("lead_id", vendorLeadId));
    }

    private Lead accepted(String vendorLeadId) {
        return StoreFixture.lead(vendor, vendorLeadId, Map.of("lead_id", vendorLeadId), LeadStatus.ACCEPTED, T0);
    }

    private static LeadDecision decision(LeadStatus status) {
        return new LeadDecision(status, Map.of(), null, null, null, status.name().toLowerCase(), "decided");
    }
}
