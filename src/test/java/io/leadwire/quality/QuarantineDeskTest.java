package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.store.QuarantineRepository.HeldLead;
import io.leadwire.store.QuarantineRepository.NotQuarantinedException;
import io.leadwire.store.QuarantineRepository.QueueQuery;
import io.leadwire.store.QuarantineRepository.Sort;
import io.leadwire.store.QuarantineRepository.TimelineEntry;
import io.leadwire.store.VendorRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The desk's store-level actions on a real H2 database, with leads judged by the real quality stage. */
class QuarantineDeskTest {
    /** A Wednesday afternoon (business hours). */
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    /** A Sunday night: no business-hours points. */
    private static final Instant SUNDAY = Instant.parse("2026-11-22T23:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();
    private final Database db = Database.open("jdbc:h2:mem:q-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null,
            null, 4);
    private final EventBus events = new EventBus();
    private final LeadRepository leads = new LeadRepository(db.dataSource(), json);
    private final QuarantineRepository queue = new QuarantineRepository(db.dataSource(), json, clock);
    private final LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), clock);
    private final QualityStage stage = new QualityStage(leads, judge, json, events, clock);
    private final QuarantineDesk desk = new QuarantineDesk(queue, leads, judge, json, events, clock, "alice");
    private final VendorRepository vendorRepo = new VendorRepository(db.dataSource());
    private final Vendor acme = vendorRepo.create("Acme Leads", List.of(), "h1", "lw_a", NOW);
    private final Vendor bolt = vendorRepo.create("Bolt Media", List.of(), "h2", "lw_b", NOW);
    private final List<LeadStatusChangedEvent> announced = new CopyOnWriteArrayList<>();

    QuarantineDeskTest() {
        events.subscribe(e -> {
            if (e instanceof LeadStatusChangedEvent c) {
                announced.add(c);
            }
        });
    }

    @AfterEach
    void tearDown() {
        stage.close();
        db.close();
    }

    private Lead judged(Vendor v, String id, Map<String, String> fields, Instant at) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("lead_id", id);
        Lead lead = new Lead(0, UUID.randomUUID().toString(), v.id(), id, at, LeadStatus.RECEIVED, "application/json",
                "{}", all, "127.0.0.1");
        leads.insertAll(List.of(lead));
        stage.judgeWaiting();
        announced.clear();
        return leads.findById(lead.id()).orElseThrow();
    }

    private static Map<String, String> person(String email, String phone) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("first_name", "Ann");
        f.put("last_name", "Lee");
        f.put("email", email);
        f.put("phone", phone);
        f.put("country", "United Kingdom");
        return f;
    }

    private Lead badEmail(String id) {
        // A phone of its own per lead, so that the de-duplicating stage does not link them to each other.
        return judged(acme, id, person("ann.lee@", "+4420794601" + String.format("%02d", Math.floorMod(id.hashCode(), 100))),
                NOW.minusSeconds(600));
    }

    /** Valid but scores in the review tier: Brazil is not Tier-1, no IP, arrived on a Sunday night. */
    private Lead lowScore(String id) {
        Map<String, String> f = person("bia@example.com", "+5511987654321");
        f.put("country", "Brazil");
        return judged(bolt, id, f, SUNDAY);
    }

    @Test
    void shouldIndexReasonCodesWhenTheStageQuarantinesLeads() {
        Lead email = badEmail("A-1");
        Lead phone = judged(acme, "A-2", person("bo@example.com", "+44123"), NOW);
        Lead low = lowScore("B-1");
        judged(acme, "A-3", person("cy@example.com", "+442079460124"), NOW);

        assertThat(List.of(email.status(), phone.status(), low.status())).containsOnly(LeadStatus.QUARANTINED);
        assertThat(queue.count(QueueQuery.ALL)).isEqualTo(3);
        assertThat(queue.countByReason(QueueQuery.ALL)).containsEntry("email.syntax", 1L)
                .containsEntry("phone.invalid", 1L).containsEntry("score.review", 1L)
                .doesNotContainKey("geo.unchecked");
        QueueQuery byPhone = new QueueQuery("phone.invalid", null, null, null, Sort.OLDEST_FIRST);
        assertThat(queue.page(byPhone, 0, 10)).extracting(h -> h.lead().vendorLeadId()).containsExactly("A-2");
        assertThat(queue.countByReason(byPhone)).as("other reasons keep their counts").hasSize(3);
    }

    @Test
    void shouldFilterByVendorAndAgeAndSortByScoreWhenAsked() {
        badEmail("A-1");
        Lead sunday = lowScore("B-1");
        Lead old = judged(acme, "A-old", person("x@", "+442079460125"), NOW.minus(Duration.ofHours(30)));

        assertThat(queue.page(new QueueQuery(null, bolt.id(), null, null, null), 0, 10))
                .extracting(h -> h.lead().vendorLeadId()).containsExactly("B-1");
        assertThat(queue.page(new QueueQuery(null, null, NOW.minus(Duration.ofHours(24)), null, null), 0, 10))
                .extracting(h -> h.lead().id()).containsExactly(sunday.id(), old.id());
        List<HeldLead> byScore = queue.page(new QueueQuery(null, null, null, null, Sort.HIGHEST_SCORE), 0, 10);
        assertThat(byScore).extracting(HeldLead::score).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(queue.page(new QueueQuery(null, null, null, null, Sort.VENDOR), 0, 10).get(2).lead().vendorLeadId())
                .isEqualTo("B-1");
        assertThat(queue.page(new QueueQuery(null, null, null, "a-ol", null), 0, 10)).hasSize(1);
    }

    @Test
    void shouldAcceptWithOperatorInTimelineWhenEditFixesTheError() {
        Lead lead = badEmail("A-1");
        Map<String, String> edited = QuarantineDesk.editableFields(lead);
        edited.put("email", "Ann.Lee@Example.com");

        Verdict preview = desk.preview(lead, edited);
        Lead released = desk.release(lead.id(), edited);

        assertThat(preview.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(released.status()).isEqualTo(LeadStatus.ACCEPTED);
        Lead stored = leads.findById(lead.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(stored.email()).as("domain lower-cased, local part kept").isEqualTo("Ann.Lee@example.com");
        TimelineEntry last = last(queue.timeline(lead.id()));
        assertThat(last.type()).isEqualTo("released");
        assertThat(last.actor()).isEqualTo("alice");
        assertThat(last.at()).isEqualTo(NOW);
        assertThat(last.detail()).startsWith("by alice after editing email; score ");
        assertThat(queue.find(lead.id()).orElseThrow().reasonCodes()).doesNotContain("email.syntax");
        assertThat(announced).containsExactly(new LeadStatusChangedEvent(lead.id(), acme.id(), LeadStatus.ACCEPTED));
    }

    @Test
    void shouldRefuseAndChangeNothingWhenTheEditedLeadStillHasErrors() {
        Lead lead = badEmail("A-1");
        Map<String, String> edited = QuarantineDesk.editableFields(lead);
        edited.put("email", "still@bad@");
        int events = queue.timeline(lead.id()).size();

        assertThatThrownBy(() -> desk.release(lead.id(), edited))
                .isInstanceOf(QuarantineDesk.ReleaseRefusedException.class)
                .hasMessageContaining("A-1 cannot be released").hasMessageContaining("email");

        Lead stored = leads.findById(lead.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(stored.email()).isEqualTo("ann.lee@");
        assertThat(queue.timeline(lead.id())).hasSize(events);
        assertThat(announced).isEmpty();
    }

    @Test
    void shouldRecordTheOverrideWhenReleasingALeadHeldOnlyForItsScore() throws Exception {
        Lead lead = lowScore("B-1");

        desk.release(lead.id(), QuarantineDesk.editableFields(lead));

        assertThat(leads.findById(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(last(queue.timeline(lead.id())).detail()).contains("override of score.review");
        JsonNode verdict = json.readTree(leads.verdictJson(lead.id()).orElseThrow());
        assertThat(verdict.path("released").path("by").asText()).isEqualTo("alice");
        assertThat(verdict.path("released").path("override").asBoolean()).isTrue();
    }

    @Test
    void shouldRejectEveryLeadInOneTransactionAndReportProgressWhenAllAreQuarantined() {
        List<String> ids = List.of(badEmail("A-1").id(), badEmail("A-2").id(), lowScore("B-1").id());
        List<Integer> progress = new ArrayList<>();

        desk.rejectAll(ids, "Test leads from the vendor's QA", (done, total) -> progress.add(done));

        assertThat(progress).containsExactly(1, 2, 3);
        for (String id : ids) {
            assertThat(leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
            TimelineEntry e = last(queue.timeline(id));
            assertThat(e.type()).isEqualTo("rejected");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.detail()).isEqualTo("by alice: Test leads from the vendor's QA");
        }
        assertThat(announced).hasSize(3);
        assertThat(queue.count(QueueQuery.ALL)).isZero();
    }

    @Test
    void shouldRejectNothingWhenOneLeadOfTheSelectionIsNoLongerQuarantined() {
        String a = badEmail("A-1").id();
        String b = badEmail("A-2").id();
        String c = lowScore("B-1").id();
        desk.release(c, QuarantineDesk.editableFields(leads.findById(c).orElseThrow()));
        announced.clear();

        assertThatThrownBy(() -> desk.rejectAll(List.of(a, b, c), "junk", null))
                .isInstanceOf(NotQuarantinedException.class).hasMessageContaining("B-1 is no longer quarantined");

        assertThat(leads.findById(a).orElseThrow().status()).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(leads.findById(b).orElseThrow().status()).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(last(queue.timeline(a)).type()).isEqualTo("quarantined");
        assertThat(announced).isEmpty();
    }

    @Test
    void shouldRollBackTheBulkReleaseWhenOneLeadStillHasErrors() {
        String low = lowScore("B-1").id();
        String bad = badEmail("A-1").id();

        assertThatThrownBy(() -> desk.releaseAll(List.of(low, bad), null))
                .isInstanceOf(QuarantineDesk.ReleaseRefusedException.class).hasMessageContaining("A-1");

        assertThat(leads.findById(low).orElseThrow().status()).as("released first, then rolled back")
                .isEqualTo(LeadStatus.QUARANTINED);
        assertThat(last(queue.timeline(low)).type()).isEqualTo("quarantined");
    }

    @Test
    void shouldRejectAsDuplicateAndNoteItOnBothLeadsWhenLinked() {
        Lead original = judged(acme, "A-0", person("ann@example.com", "+442079460123"), NOW);
        Lead copy = badEmail("A-1");

        assertThat(desk.searchOriginals("ann@example", copy.id(), 10)).extracting(Lead::id).contains(original.id());
        desk.linkDuplicate(copy.id(), original.id());

        assertThat(leads.findById(copy.id()).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
        assertThat(leads.dedupeState(copy.id()).orElseThrow().duplicateOf()).isEqualTo(original.id());
        assertThat(leads.dedupeState(original.id()).orElseThrow().repeatCount()).isEqualTo(1);
        TimelineEntry link = last(queue.timeline(copy.id()));
        assertThat(link.type()).isEqualTo("duplicate_linked");
        assertThat(link.detail()).isEqualTo(original.id());
        assertThat(link.actor()).isEqualTo("alice");
        assertThat(last(queue.timeline(original.id())).type()).isEqualTo("duplicate_attached");
        assertThat(announced).containsExactly(new LeadStatusChangedEvent(copy.id(), acme.id(), LeadStatus.REJECTED));
    }

    @Test
    void shouldRefuseWithAClearAnswerWhenTheReasonOrTheOriginalIsMissing() {
        Lead lead = badEmail("A-1");

        assertThatThrownBy(() -> desk.reject(lead.id(), "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("say why");
        assertThatThrownBy(() -> desk.linkDuplicate(lead.id(), lead.id()))
                .hasMessageContaining("duplicate of itself");
        assertThatThrownBy(() -> desk.linkDuplicate(lead.id(), "no-such-id"))
                .hasMessageContaining("not in the database");
        assertThat(leads.findById(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.QUARANTINED);
    }

    private static TimelineEntry last(List<TimelineEntry> timeline) {
        return timeline.get(timeline.size() - 1);
    }
}
