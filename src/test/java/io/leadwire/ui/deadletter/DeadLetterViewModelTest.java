package io.leadwire.ui.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.DeadLetterRepository.TimelineEntry;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.RunningEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class DeadLetterViewModelTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private DeadLetterViewModel vm;
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(DeadLetterQueue.CLOCK, dir.resolve("console.properties"));
        DeadLetterQueue.seed(console);
        vm = new DeadLetterViewModel(console.services, new CurrentThreadUiExecutor());
        vm.start();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    private DeadLetterRow row(String vendorLeadId) {
        return vm.rows().stream().filter(r -> r.vendorLeadId().equals(vendorLeadId)).findFirst().orElseThrow();
    }

    private void selectLead(String vendorLeadId) {
        vm.select(List.of(row(vendorLeadId).seq()));
    }

    private LeadFieldEdit field(String name) {
        return vm.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private List<TimelineEntry> timeline(String leadId) {
        return console.deadLetterQueue.timeline(leadId);
    }

    private TimelineEntry lastEvent(String leadId) {
        List<TimelineEntry> events = timeline(leadId);
        return events.get(events.size() - 1);
    }

    @Test
    void shouldListOpenDeadLettersNewestFirstWithCountsPerReasonWhenStarted() {
        assertThat(vm.rows()).hasSize(9);
        assertThat(vm.getTotalText()).isEqualTo("9 leads unsold");
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("NW-4421");
        assertThat(vm.reasonChips()).extracting(ReasonFilterChip::label, ReasonFilterChip::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("All reasons", 9L),
                org.assertj.core.groups.Tuple.tuple("Waterfall exhausted", 7L),
                org.assertj.core.groups.Tuple.tuple("No eligible buyer", 2L));
        DeadLetterRow maria = row("ACME-2041");
        assertThat(maria.vendor()).isEqualTo("Acme Leads");
        assertThat(maria.lastBuyer()).isEqualTo("BlueLine Direct");
        assertThat(maria.errorClass()).isEqualTo("rejected");
        assertThat(maria.lastHttp()).isEqualTo("422");
        DeadLetterRow james = row("BM-3307");
        assertThat(james.errorClass()).isEqualTo("timeout");
        assertThat(james.attempts()).isEqualTo(3);
        assertThat(james.lastHttp()).isEqualTo("–");
        assertThat(vm.buyerChoices()).extracting(BuyerFilterChoice::label).containsExactly("All buyers",
                "Apex Insurance", "BlueLine Direct", "Crestview Loans");
    }

    @Test
    void shouldNarrowTheListWhenAReasonBuyerOrTextIsChosen() {
        vm.filterByReason(DeadLetterRepository.NO_ELIGIBLE_BUYER);
        assertThat(vm.rows()).extracting(DeadLetterRow::vendorLeadId).containsExactly("ACME-2060", "NW-4410");
        assertThat(vm.reasonChips().get(0).count()).as("'All reasons' still counts everything").isEqualTo(9);

        vm.filterByReason(null);
        vm.buyerFilterProperty().set(vm.buyerChoices().stream().filter(b -> b.label().equals("Apex Insurance"))
                .findFirst().orElseThrow());
        assertThat(vm.rows()).extracting(DeadLetterRow::vendorLeadId).containsExactly("BM-3320", "BM-3312");

        vm.buyerFilterProperty().set(BuyerFilterChoice.ALL);
        vm.searchTextProperty().set("lopez");
        assertThat(vm.rows()).extracting(DeadLetterRow::vendorLeadId).containsExactly("ACME-2041");

        vm.searchTextProperty().set("");
        vm.sortProperty().set(SortChoice.OLDEST);
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("ACME-2041");
    }

    @Test
    void shouldShowEveryDeliveryRoundAndEventWhenAnEntryIsSelected() {
        selectLead("ACME-2041");

        assertThat(vm.isDetailShown()).isTrue();
        assertThat(vm.getDetailTitle()).isEqualTo("ACME-2041 · Maria Lopez");
        assertThat(vm.getWhyText()).startsWith("Waterfall exhausted: no further buyer after the ones tried: "
                + "Crestview Loans (state 'IL' not in [TX, FL, GA])");
        assertThat(vm.deliveries()).extracting(DeliveryItem::buyer).containsExactly("BlueLine Direct",
                "Apex Insurance");
        DeliveryItem apex = vm.deliveries().get(1);
        assertThat(apex.status()).isEqualTo("failed");
        assertThat(apex.summary()).isEqualTo("server_error · 3 attempts · round 1");
        assertThat(apex.request()).startsWith("POST https://api.apex-ins.example/v2/leads\n")
                .contains("Idempotency-Key: ", "\"first_name\" : \"Maria\"");
        assertThat(apex.response()).startsWith("HTTP 503").contains("\"error\" : \"upstream unavailable\"");
        assertThat(vm.rounds()).extracting(RoundItem::title).containsExactly(
                "Round 1 — offered to Apex Insurance", "Round 2 — offered to BlueLine Direct",
                "Round 3 — offered to nobody");
        assertThat(vm.rounds().get(2).skipped()).contains("Crestview Loans — filter: state 'IL' not in [TX, FL, GA]");
        assertThat(vm.timeline()).extracting(TimelineItem::type).containsSubsequence("routed", "delivery_failed",
                "waterfall", "routed", "delivery_rejected", "waterfall", "unsold");
        assertThat(vm.fields()).extracting(LeadFieldEdit::name).startsWith("first_name", "last_name", "email",
                "phone", "country");
        assertThat(vm.isReplayDisabled()).isFalse();
        assertThat(vm.getReplayText()).isEqualTo("Replay");
    }

    @Test
    void shouldReplayToTheLastBuyerAndDropTheEntryWhenReplayed() {
        selectLead("BM-3320");
        String leadId = row("BM-3320").leadId();
        String deliveryId = console.deliveries.deliveriesOf(leadId).get(0).id();

        vm.replay(failures::add);

        assertThat(failures).isEmpty();
        assertThat(vm.getMessage()).isEqualTo("Replayed BM-3320 to Apex Insurance: it goes out now.");
        assertThat(vm.rows()).extracting(DeadLetterRow::vendorLeadId).doesNotContain("BM-3320").hasSize(8);
        assertThat(console.leads.findById(leadId).orElseThrow().status()).isEqualTo(LeadStatus.ROUTED);
        DeliveryRow d = console.deliveries.deliveriesOf(leadId).get(0);
        assertThat(d.id()).isEqualTo(deliveryId);
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(lastEvent(leadId).type()).isEqualTo(DeadLetterRepository.REPLAYED);
        assertThat(lastEvent(leadId).actor()).isEqualTo(RunningEngine.OPERATOR);
    }

    @Test
    void shouldStoreTheEditAndReplayWhenTheFormChanged() {
        selectLead("BM-3312");
        String leadId = row("BM-3312").leadId();

        field("first_name").setValue("Petra");
        assertThat(vm.isEdited()).isTrue();
        assertThat(vm.getReplayText()).isEqualTo("Edit & replay");
        assertThat(vm.isRouteAgainDisabled()).as("route again would drop the edits").isTrue();
        vm.replay(failures::add);

        assertThat(failures).isEmpty();
        assertThat(console.leads.findById(leadId).orElseThrow().firstName()).isEqualTo("Petra");
        assertThat(timeline(leadId)).extracting(TimelineEntry::type).containsSubsequence("edited", "replayed");
        assertThat(timeline(leadId)).filteredOn(e -> e.type().equals("edited")).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("by ops.tester: first_name changed"));
    }

    @Test
    void shouldShowWhyAndChangeNothingWhenTheEditedEmailIsInvalid() {
        selectLead("ACME-2041");
        field("email").setValue("maria at example");

        vm.replay(failures::add);

        assertThat(failures).isEmpty();
        assertThat(vm.getRefusal()).startsWith("Lead ACME-2041 was not replayed and nothing was changed: "
                + "Field 'email' is not a valid email address");
        assertThat(vm.rows()).hasSize(9);
    }

    @Test
    void shouldReplayToTheChosenBuyerWhenNoBuyerWasEligible() {
        selectLead("NW-4410");
        assertThat(vm.isReplayDisabled()).as("there is no last buyer").isTrue();
        assertThat(vm.isRouteAgainDisabled()).isFalse();
        vm.loadBuyerOptions();
        assertThat(vm.buyerOptions()).extracting(BuyerOption::name).containsExactly("Apex Insurance",
                "BlueLine Direct", "Crestview Loans", "Summit Health");
        String leadId = row("NW-4410").leadId();

        vm.replayTo(vm.buyerOptions().get(3).buyerId(), failures::add);

        assertThat(failures).isEmpty();
        assertThat(console.deliveries.deliveriesOf(leadId)).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
        assertThat(lastEvent(leadId).detail()).startsWith("by ops.tester to Summit Health");
    }

    @Test
    void shouldPutTheLeadBackToRoutingWhenRoutedAgain() {
        selectLead("ACME-2060");
        String leadId = row("ACME-2060").leadId();

        vm.routeAgain(failures::add);

        assertThat(failures).isEmpty();
        assertThat(console.leads.findById(leadId).orElseThrow().status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(vm.getMessage()).isEqualTo("ACME-2060 is back in routing for a fresh round.");
        assertThat(lastEvent(leadId).type()).isEqualTo(DeadLetterRepository.ROUTED_AGAIN);
    }

    /** Bulk actions run as a JavaFX Task: on the FX thread with the current-thread executor they finish at once. */
    @Test
    void shouldDiscardTheSelectionInOneTransactionWithFullProgressWhenBulkDiscarded() throws Exception {
        FxToolkit.registerPrimaryStage();
        List<Long> seqs = vm.rows().subList(0, 3).stream().map(DeadLetterRow::seq).toList();
        List<String> leads = vm.rows().subList(0, 3).stream().map(DeadLetterRow::leadId).toList();

        WaitForAsyncUtils.asyncFx(() -> {
            vm.select(seqs);
            assertThat(vm.multiSelectionProperty().get()).isTrue();
            vm.discard("Too old to sell", failures::add);
        }).get();

        assertThat(failures).isEmpty();
        assertThat(vm.getBulkProgress()).isEqualTo(1.0);
        assertThat(vm.getBulkText()).isEqualTo("Discarded 3 leads.");
        assertThat(vm.rows()).hasSize(6);
        for (String id : leads) {
            assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.UNSOLD);
            assertThat(lastEvent(id).detail()).isEqualTo("by ops.tester: Too old to sell");
        }
    }

    @Test
    void shouldChangeNothingAndSayWhyWhenOneOfTheBulkWasHandledMeanwhile() throws Exception {
        FxToolkit.registerPrimaryStage();
        List<Long> seqs = vm.rows().subList(0, 3).stream().map(DeadLetterRow::seq).toList();
        vm.select(seqs);
        console.deadLetters.discard(seqs.get(1), "Fake lead");

        WaitForAsyncUtils.asyncFx(() -> vm.replay(failures::add)).get();

        assertThat(failures).singleElement().asString().startsWith("Nothing was changed: the 3 leads were handled "
                + "as one transaction").contains("was already handled by ops.tester (discarded: Fake lead)");
        assertThat(vm.getBulkText()).isEqualTo("Nothing was changed.");
        assertThat(vm.rows()).hasSize(8);
        assertThat(console.leads.findById(vm.rows().get(0).leadId()).orElseThrow().status())
                .isEqualTo(LeadStatus.UNSOLD);
    }

    @Test
    void shouldRequeryOnTheNextTickWhenDeliveriesChangeElsewhere() {
        Queue<Runnable> fx = new ConcurrentLinkedQueue<>();
        try (FxEventBridge bridge = new FxEventBridge(console.events, fx::add).start()) {
            vm.attach(bridge);
            console.deadLetters.discard(row("NW-4421").seq(), "Handled on another desk");
            console.events.publish(new DeliveryChangedEvent("d", "l", "b", DeliveryStatus.FAILED));
            await().atMost(Duration.ofSeconds(5)).until(() -> !fx.isEmpty());
            fx.poll().run();

            assertThat(vm.rows()).hasSize(9);
            vm.tick();
            assertThat(vm.rows()).hasSize(8);
        }
    }
}
