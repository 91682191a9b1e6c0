package io.leadwire.ui.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.LeadStatus;
import io.leadwire.store.QuarantineRepository.TimelineEntry;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.live.VendorChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class QuarantineViewModelTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private QuarantineViewModel vm;
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(QuarantineQueue.CLOCK, dir.resolve("console.properties"));
        QuarantineQueue.seed(console);
        vm = new QuarantineViewModel(console.services, new CurrentThreadUiExecutor());
        vm.start();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    private QueueRow row(String vendorLeadId) {
        return vm.rows().stream().filter(r -> r.vendorLeadId().equals(vendorLeadId)).findFirst().orElseThrow();
    }

    private void selectLead(String vendorLeadId) {
        vm.select(List.of(row(vendorLeadId).id()));
    }

    private FieldEdit field(String name) {
        return vm.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private List<TimelineEntry> timeline(String vendorLeadId) {
        return console.quarantine.timeline(row(vendorLeadId).id());
    }

    @Test
    void shouldListHeldLeadsOldestFirstWithCountsPerReasonWhenStarted() {
        assertThat(vm.rows()).hasSize(13);
        assertThat(vm.getTotalText()).isEqualTo("13 leads held");
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("BM-2210");
        assertThat(vm.rows().get(0).age()).isEqualTo("3d 3h");
        assertThat(vm.reasonChips().get(0).text()).isEqualTo("All reasons  13");
        assertThat(vm.reasonChips()).anySatisfy(c -> {
            assertThat(c.code()).isEqualTo("score.review");
            assertThat(c.reason().label()).isEqualTo("Low score");
            assertThat(c.count()).isEqualTo(7);
        });
        assertThat(row("ACME-1051").reasons()).extracting(ReasonLabel::label).containsExactly("Disposable email");
    }

    @Test
    void shouldShowOnlyThatReasonAndKeepOtherCountsWhenAChipIsChosen() {
        vm.filterByReason("phone.invalid");

        assertThat(vm.rows()).extracting(QueueRow::vendorLeadId)
                .containsExactlyInAnyOrder("BM-2207", "BM-2210", "ACME-1070");
        assertThat(vm.getTotalText()).isEqualTo("3 leads held");
        assertThat(vm.reasonChips().get(0).count()).as("'All reasons' still counts everything").isEqualTo(13);
    }

    @Test
    void shouldFilterByVendorAndAgeAndSortByScoreWhenChosen() {
        VendorChoice bolt = vm.vendorChoices().stream().filter(v -> v.label().equals("Bolt Media")).findFirst()
                .orElseThrow();
        vm.vendorFilterProperty().set(bolt);
        assertThat(vm.rows()).extracting(QueueRow::vendor).containsOnly("Bolt Media").hasSize(4);

        vm.ageFilterProperty().set(AgeChoice.OLDER_THAN_24H);
        assertThat(vm.rows()).extracting(QueueRow::vendorLeadId).containsExactly("BM-2210", "BM-2220", "BM-2215",
                "BM-2207");

        vm.vendorFilterProperty().set(VendorChoice.ALL);
        vm.ageFilterProperty().set(AgeChoice.ANY);
        vm.sortProperty().set(SortChoice.LOWEST_SCORE);
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("NW-3322");
        assertThat(vm.rows()).extracting(QueueRow::score).isSorted();
    }

    @Test
    void shouldRecheckTheLeadAsAFieldIsEditedWhenTheOperatorFixesTheEmail() {
        selectLead("ACME-1043");
        assertThat(vm.isReleasable()).isFalse();
        assertThat(vm.getOutcomeText()).startsWith("held — 1 error");
        assertThat(field("email").getMessage()).contains("not a valid email address");
        assertThat(vm.findings()).extracting(f -> f.reason().code()).contains("email.syntax");
        assertThat(vm.breakdown().get(0).rule()).isEqualTo("base");

        field("email").setValue("maria.oneil@example.com");
        vm.revalidate();

        assertThat(vm.isReleasable()).isTrue();
        assertThat(vm.getOutcomeText()).isEqualTo("With your edits: passes — releasing accepts it");
        assertThat(field("email").getMessage()).isEmpty();
        assertThat(field("email").isEdited()).isTrue();
        assertThat(vm.findings()).isEmpty();
        assertThat(vm.getScoreText()).isEqualTo("100");
        assertThat(console.leads.findById(row("ACME-1043").id()).orElseThrow().status())
                .as("re-checking writes nothing").isEqualTo(LeadStatus.QUARANTINED);
    }

    @Test
    void shouldAcceptTheEditedLeadAndNameTheOperatorWhenReleased() {
        selectLead("ACME-1043");
        String id = vm.getSelectedLeadId();
        field("email").setValue("maria.oneil@example.com");

        vm.release(failures::add);

        assertThat(failures).isEmpty();
        assertThat(vm.getMessage()).isEqualTo("Released ACME-1043: accepted.");
        assertThat(vm.rows()).hasSize(12).noneMatch(r -> r.id().equals(id));
        assertThat(console.leads.findById(id).orElseThrow().email()).isEqualTo("maria.oneil@example.com");
        List<TimelineEntry> events = console.quarantine.timeline(id);
        TimelineEntry last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("released");
        assertThat(last.actor()).isEqualTo(RunningEngine.OPERATOR);
        assertThat(last.at()).isEqualTo(QuarantineQueue.NOW);
    }

    @Test
    void shouldSayWhyAndKeepTheLeadWhenAReleaseStillHasErrors() {
        selectLead("BM-2207");

        vm.release(failures::add);

        assertThat(vm.getRefusal()).startsWith("Lead BM-2207 cannot be released:").contains("phone");
        assertThat(failures).isEmpty();
        assertThat(vm.rows()).hasSize(13);
        assertThat(timeline("BM-2207")).extracting(TimelineEntry::type).doesNotContain("released");
    }

    @Test
    void shouldRejectWithTheReasonWhenGivenOneAndRefuseWhenBlank() {
        selectLead("BM-2210");
        String id = vm.getSelectedLeadId();

        vm.reject("  ", failures::add);
        assertThat(failures).containsExactly("Say why the lead is rejected: the reason goes into its timeline.");

        vm.reject("Fake or test lead", failures::add);
        assertThat(vm.getMessage()).isEqualTo("Rejected BM-2210.");
        assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
        List<TimelineEntry> events = console.quarantine.timeline(id);
        assertThat(events.get(events.size() - 1).detail()).isEqualTo("by ops.tester: Fake or test lead");
    }

    @Test
    void shouldOfferOriginalsAndLinkTheDuplicateWhenOneIsChosen() {
        selectLead("NW-3322");
        String id = vm.getSelectedLeadId();

        vm.searchOriginals("ivan@example");
        assertThat(vm.originals()).singleElement().satisfies(o -> assertThat(o.vendorLeadId()).isEqualTo("ACME-1080"));
        vm.linkDuplicate(vm.originals().get(0).id(), () -> { }, failures::add);

        assertThat(failures).isEmpty();
        assertThat(console.leads.findById(id).orElseThrow().status()).isEqualTo(LeadStatus.REJECTED);
        List<TimelineEntry> events = console.quarantine.timeline(id);
        assertThat(events.get(events.size() - 1).type()).isEqualTo("duplicate_linked");
        assertThat(events.get(events.size() - 1).detail()).isEqualTo(vm.originals().get(0).id());
    }

    @Test
    void shouldTurnTheActionsIntoBulkOnesWhenSeveralLeadsAreSelected() {
        vm.select(List.of(vm.rows().get(0).id(), vm.rows().get(1).id(), vm.rows().get(2).id()));

        assertThat(vm.multiSelectionProperty().get()).isTrue();
        assertThat(vm.releaseTextProperty().get()).isEqualTo("Release 3");
        assertThat(vm.rejectTextProperty().get()).isEqualTo("Reject 3…");
        assertThat(vm.isDetailShown()).isFalse();
        assertThat(vm.isActionsDisabled()).isFalse();
    }

    /** Bulk actions run as a JavaFX Task: on the FX thread with the current-thread executor they finish at once. */
    @Test
    void shouldChangeNothingAndSaySoWhenABulkReleaseMeetsALeadWithErrors() throws Exception {
        FxToolkit.registerPrimaryStage();
        String low = row("NW-3310").id();
        String bad = row("BM-2210").id();

        WaitForAsyncUtils.asyncFx(() -> {
            vm.select(List.of(low, bad));
            vm.release(failures::add);
        }).get();

        assertThat(failures).singleElement().asString()
                .startsWith("Nothing was changed: the 2 leads were handled as one transaction and it was rolled back.")
                .contains("BM-2210 cannot be released");
        assertThat(console.leads.findById(low).orElseThrow().status()).isEqualTo(LeadStatus.QUARANTINED);
        assertThat(vm.getBulkText()).isEqualTo("Nothing was changed.");
        assertThat(vm.rows()).hasSize(13);
    }

    @Test
    void shouldReleaseEveryLeadAndFillTheProgressWhenABulkReleaseSucceeds() throws Exception {
        FxToolkit.registerPrimaryStage();
        List<String> ids = List.of(row("NW-3310").id(), row("BM-2220").id());
        vm.filterByReason("score.review");

        WaitForAsyncUtils.asyncFx(() -> {
            vm.select(List.of(ids.get(0), ids.get(1)));
            vm.release(failures::add);
        }).get();

        assertThat(failures).isEmpty();
        assertThat(vm.getBulkProgress()).isEqualTo(1.0);
        assertThat(vm.getBulkText()).isEqualTo("Released 2 leads.");
        assertThat(console.leads.findById(ids.get(0)).orElseThrow().status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(console.leads.findById(ids.get(1)).orElseThrow().status()).isEqualTo(LeadStatus.ACCEPTED);
        assertThat(console.quarantine.timeline(ids.get(1))).last().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(RunningEngine.OPERATOR);
            assertThat(e.detail()).contains("override of score.review");
        });
        assertThat(vm.selectedIds()).isEmpty();
    }
}
