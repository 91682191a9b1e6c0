package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.DedupeKey;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.DedupeState;
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
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** De-duplication in the quality stage, on a real H2 database, one decision batch at a time. */
class DeduplicationTest {
    /** A Friday afternoon (business hours). */
    private static final Instant T0 = Instant.parse("2026-03-06T14:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(T0);
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    private final LeadRepository leads = new LeadRepository(db.dataSource(), JSON);
    private final VendorRepository vendorRepo = new VendorRepository(db.dataSource());
    private final Vendor acme = vendor("Acme Leads");
    private final Vendor beta = vendor("Beta Media");
    private int phoneSeq = 1000;

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    @Test
    void shouldQuarantineTheRepeatWhenTheSameEmailArrives29DaysLater() {
        Lead original = receive(acme, "A-1", "john.smith@example.com");
        decide(DedupePolicy.defaults());
        clock.advance(Duration.ofDays(29));
        Lead repeat = receive(beta, "B-1", "John.Smith@Example.com ");

        decide(DedupePolicy.defaults());

        assertThat(status(original)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(status(repeat)).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(state(repeat).duplicateOf()).isEqualTo(original.id());
        assertThat(reasonCodes(repeat)).contains(ReasonCode.DUPLICATE_EMAIL);
        LeadEvent decided = leads.timeline(repeat.id()).get(1);
        assertThat(decided.type()).isEqualTo("quarantined");
        assertThat(decided.detail()).contains("duplicate.email: Duplicate of lead " + original.id())
                .contains("vendor 'Acme Leads', their lead A-1, received 2026-03-06 14:00 UTC")
                .contains("same email john.smith@example.com");
    }

    @Test
    void shouldTreatTheLeadAsNewWhenTheOriginalIs31DaysOld() {
        Lead original = receive(acme, "A-1", "john.smith@example.com");
        decide(DedupePolicy.defaults());
        clock.advance(Duration.ofDays(31));
        Lead later = receive(beta, "B-1", "john.smith@example.com");

        decide(DedupePolicy.defaults());

        assertThat(status(later)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(state(later).duplicateOf()).isNull();
        assertThat(state(original).repeatCount()).isZero();
        assertThat(state(later).emailKey()).isEqualTo("john.smith@example.com");
    }

    @Test
    void shouldHonourAShorterWindowWhenThePolicySetsOne() {
        DedupePolicy day = DedupePolicy.builder().window(Duration.ofHours(24)).build();
        receive(acme, "A-1", "ann@example.com");
        decide(day);
        clock.advance(Duration.ofHours(25));
        Lead later = receive(acme, "A-2", "ann@example.com");

        decide(day);

        assertThat(status(later)).isEqualTo(LeadStatus.ACCEPTED);
    }

    @Test
    void shouldIgnoreOtherVendorsLeadsWhenScopeIsThisVendor() {
        DedupePolicy own = DedupePolicy.builder().scope(DedupePolicy.Scope.THIS_VENDOR).build();
        Lead original = receive(acme, "A-1", "ann@example.com");
        decide(own);
        Lead fromBeta = receive(beta, "B-1", "ann@example.com");
        decide(own);
        Lead fromAcme = receive(acme, "A-2", "ann@example.com");

        decide(own);

        assertThat(status(fromBeta)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(state(fromBeta).duplicateOf()).isNull();
        assertThat(status(fromAcme)).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(state(fromAcme).duplicateOf()).isEqualTo(original.id());
    }

    @Test
    void shouldMatchAnyVendorsLeadWhenScopeIsAllVendors() {
        Lead original = receive(acme, "A-1", "ann@example.com");
        decide(DedupePolicy.defaults());
        Lead fromBeta = receive(beta, "B-1", "ann@example.com");

        decide(DedupePolicy.defaults());

        assertThat(DedupePolicy.defaults().scope()).isEqualTo(DedupePolicy.Scope.ALL_VENDORS);
        assertThat(state(fromBeta).duplicateOf()).isEqualTo(original.id());
    }

    @Test
    void shouldRejectTheRepeatWhenTheActionIsReject() {
        DedupePolicy reject = DedupePolicy.builder().action(DedupePolicy.Action.REJECT).build();
        Lead original = receive(acme, "A-1", "ann@example.com");
        decide(reject);
        Lead repeat = receive(beta, "B-1", "ann@example.com");

        decide(reject);

        assertThat(status(repeat)).isEqualTo(LeadStatus.REJECTED);
        assertThat(state(repeat).duplicateOf()).isEqualTo(original.id());
        assertThat(leads.timeline(repeat.id()).get(1).type()).isEqualTo("rejected");
        assertThat(verdict(repeat).path("decision").asText()).isEqualTo("rejected");
    }

    @Test
    void shouldAcceptTheRepeatMarkedAsSuchWhenTheActionIsAcceptAsRepeat() {
        DedupePolicy repeatOk = DedupePolicy.builder().action(DedupePolicy.Action.ACCEPT_AS_REPEAT).build();
        Lead original = receive(acme, "A-1", "ann@example.com");
        decide(repeatOk);
        Lead repeat = receive(beta, "B-1", "ann@example.com");

        decide(repeatOk);

        assertThat(status(repeat)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(state(repeat).duplicateOf()).isEqualTo(original.id());
        assertThat(leads.timeline(repeat.id()).get(1).detail()).contains("Repeat inquiry of lead " + original.id());
        JsonNode reason = reason(repeat, ReasonCode.DUPLICATE_EMAIL);
        assertThat(reason.path("severity").asText()).isEqualTo("warning");
        assertThat(state(original).repeatCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepABadRepeatQuarantinedWhenTheActionIsAcceptAsRepeat() {
        DedupePolicy repeatOk = DedupePolicy.builder().action(DedupePolicy.Action.ACCEPT_AS_REPEAT).build();
        receive(acme, "A-1", "ann@example.com", "+442071234567");
        decide(repeatOk);
        Lead bad = receive(beta, "B-1", "ann@example.com", "12");

        decide(repeatOk);

        assertThat(status(bad)).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(reasonCodes(bad)).contains(ReasonCode.PHONE_INVALID, ReasonCode.DUPLICATE_EMAIL);
    }

    @Test
    void shouldTakeTheEarlierLeadAsOriginalWhenBothCopiesAreInOneBatch() {
        Lead first = receive(acme, "A-1", "ann@example.com");
        Lead second = receive(beta, "B-1", "ANN@example.com");
        Lead third = receive(acme, "A-2", "ann@example.com");

        decide(DedupePolicy.defaults());

        assertThat(status(first)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(state(first).duplicateOf()).isNull();
        assertThat(state(second).duplicateOf()).isEqualTo(first.id());
        assertThat(state(third).duplicateOf()).isEqualTo(first.id());
        assertThat(state(first).repeatCount()).isEqualTo(2);
    }

    @Test
    void shouldRecordTheNewSourceOnTheOriginalWhenARepeatArrives() {
        Lead original = receive(acme, "A-1", "ann@example.com", "+442071234567");
        decide(DedupePolicy.defaults());
        clock.advance(Duration.ofMinutes(5));
        Lead repeat = receive(beta, "B-7", "ann@example.com", "+44 20 7123 4567");

        decide(DedupePolicy.defaults());

        assertThat(state(original).repeatCount()).isEqualTo(1);
        List<LeadEvent> timeline = leads.timeline(original.id());
        assertThat(timeline).extracting(LeadEvent::type).containsExactly("received", "accepted", "repeat_source");
        assertThat(timeline.get(2).detail()).isEqualTo("Repeated by vendor 'Beta Media' (their lead B-7, lead "
                + repeat.id() + ") on the same email and phone; the repeat was quarantined.");
        assertThat(timeline.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldMatchOnThePhoneWhenTheEmailsDiffer() {
        Lead original = receive(acme, "A-1", "ann@example.com", "+442071234567");
        decide(DedupePolicy.defaults());
        Lead repeat = receive(beta, "B-1", "ann.other@example.com", "020 7123 4567");

        decide(DedupePolicy.defaults());

        assertThat(state(repeat).duplicateOf()).isEqualTo(original.id());
        assertThat(state(repeat).phoneKey()).isEqualTo("+442071234567");
        assertThat(reason(repeat, ReasonCode.DUPLICATE_PHONE).path("message").asText())
                .contains("same phone +442071234567");
    }

    @Test
    void shouldMatchGmailAddressesWhenOnlyDotsAndTagsDiffer() {
        Lead original = receive(acme, "A-1", "john.smith@gmail.com");
        decide(DedupePolicy.defaults());
        Lead repeat = receive(beta, "B-1", "JohnSmith+forex@googlemail.com");

        decide(DedupePolicy.defaults());

        assertThat(state(original).emailKey()).isEqualTo("johnsmith@gmail.com");
        assertThat(state(repeat).duplicateOf()).isEqualTo(original.id());
    }

    @Test
    void shouldLeaveRepeatsAloneWhenNoKeyIsOn() {
        DedupePolicy off = DedupePolicy.builder().keys(Set.of()).build();
        receive(acme, "A-1", "ann@example.com");
        Lead repeat = receive(beta, "B-1", "ann@example.com");

        decide(off);

        assertThat(status(repeat)).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(state(repeat).duplicateOf()).isNull();
    }

    @Test
    void shouldNotCountARejectedLeadAsAnOriginalWhenTheSamePersonComesBack() {
        QualityPolicy strict = QualityPolicy.builder().rejectCodes(Set.of(ReasonCode.NAME_INVALID_CHARS)).build();
        Lead junk = receive(acme, "A-1", "ann@example.com", "+442071234567", "<b>Ann</b>");
        decide(DedupePolicy.defaults(), strict);
        Lead real = receive(beta, "B-1", "ann@example.com", "+442071234567", "Ann");

        decide(DedupePolicy.defaults(), strict);

        assertThat(status(junk)).isEqualTo(LeadStatus.REJECTED);
        assertThat(status(real)).isEqualTo(LeadStatus.ACCEPTED);
    }

    @Test
    void shouldMatchTheSameVendorLeadIdOfAnotherVendorWhenThatKeyIsOn() {
        DedupePolicy byId = DedupePolicy.builder().keys(Set.of(DedupeKey.VENDOR_LEAD_ID)).build();
        Lead original = receive(acme, "NET-77", "ann@example.com");
        decide(byId);
        Lead resold = receive(beta, "NET-77", "someone.else@example.com");

        decide(byId);

        assertThat(state(resold).duplicateOf()).isEqualTo(original.id());
        assertThat(reasonCodes(resold)).contains(ReasonCode.DUPLICATE_VENDOR_LEAD_ID);
    }

    @Test
    void shouldNotMatchOnVendorLeadIdWhenTheKeyIsOffByDefault() {
        receive(acme, "NET-77", "ann@example.com");
        decide(DedupePolicy.defaults());
        Lead other = receive(beta, "NET-77", "bob@example.com");

        decide(DedupePolicy.defaults());

        assertThat(status(other)).isEqualTo(LeadStatus.ACCEPTED);
    }

    @Test
    void shouldKeepNoKeyWhenTheEmailIsMalformed() {
        Lead a = receive(acme, "A-1", "ann@");
        Lead b = receive(beta, "B-1", "ann@");

        decide(DedupePolicy.builder().keys(Set.of(DedupeKey.EMAIL)).build());

        assertThat(state(a).emailKey()).isNull();
        assertThat(state(b).duplicateOf()).isNull();
    }

    // --- helpers

    private Vendor vendor(String name) {
        String key = UUID.randomUUID().toString();
        return vendorRepo.create(name, List.of(), "hash-" + key, "lw_" + key.substring(0, 4), T0);
    }

    private Lead receive(Vendor v, String leadId, String email) {
        return receive(v, leadId, email, "+44 20 7123 " + (phoneSeq++));
    }

    private Lead receive(Vendor v, String leadId, String email, String phone) {
        return receive(v, leadId, email, phone, "John");
    }

    private Lead receive(Vendor v, String leadId, String email, String phone, String firstName) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lead_id", leadId);
        fields.put("first_name", firstName);
        fields.put("last_name", "Smith");
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("country", "United Kingdom");
        Lead lead = new Lead(0, UUID.randomUUID().toString(), v.id(), leadId, clock.instant(), LeadStatus.RECEIVED,
                "application/json", "{}", fields, "127.0.0.1");
        assertThat(leads.insertAll(List.of(lead))).first().isInstanceOf(LeadRepository.Inserted.class);
        return lead;
    }

    private void decide(DedupePolicy policy) {
        decide(policy, QualityPolicy.defaults());
    }

    private void decide(DedupePolicy policy, QualityPolicy quality) {
        try (QualityStage stage = new QualityStage(leads, new LeadJudge(quality, clock), JSON, new EventBus(), clock,
                policy)) {
            assertThat(stage.judgeWaiting()).isPositive();
        }
    }

    private LeadStatus status(Lead lead) {
        return leads.findById(lead.id()).orElseThrow().status();
    }

    private DedupeState state(Lead lead) {
        return leads.dedupeState(lead.id()).orElseThrow();
    }

    private JsonNode verdict(Lead lead) {
        try {
            return JSON.readTree(leads.verdictJson(lead.id()).orElseThrow());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> reasonCodes(Lead lead) {
        List<String> codes = new ArrayList<>();
        verdict(lead).path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }

    private JsonNode reason(Lead lead, String code) {
        for (JsonNode r : verdict(lead).path("reasons")) {
            if (r.path("code").asText().equals(code)) {
                return r;
            }
        }
        throw new AssertionError("no reason " + code + " in " + verdict(lead));
    }
}
