package io.leadwire.ui.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.QueuedUiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveFeedViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    @TempDir
    Path dir;
    private InMemoryConsole console;
    private Vendor acme;
    private Vendor bolt;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(Clock.fixed(T0, ZoneOffset.UTC), dir.resolve("console.properties"));
        acme = console.vendors.add("Acme Leads", List.of()).vendor();
        bolt = console.vendors.add("Bolt Media", List.of()).vendor();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    private LiveFeedViewModel started() {
        LiveFeedViewModel vm = new LiveFeedViewModel(console.services, new CurrentThreadUiExecutor());
        vm.start();
        return vm;
    }

    @Test
    void shouldShowNewestPageFirstWhenMoreLeadsThanFitOnAPage() {
        for (int i = 1; i <= 250; i++) {
            console.store(acme.id(), "A-" + i, LeadStatus.RECEIVED, "Ann", "Lee" + i, "Ireland", T0.plusSeconds(i));
        }
        LiveFeedViewModel vm = started();

        assertThat(vm.rows()).hasSize(LiveFeedViewModel.PAGE_SIZE);
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("A-250");
        assertThat(vm.rows().get(0).vendor()).isEqualTo("Acme Leads");
        assertThat(vm.rows().get(0).time()).isEqualTo("09:04:10");
        assertThat(vm.getTotalText()).isEqualTo("250 leads");
        assertThat(vm.getPageCount()).isEqualTo(3);
        assertThat(vm.previousDisabledProperty().get()).isTrue();

        vm.nextPage();
        vm.nextPage();
        assertThat(vm.getPageIndex()).isEqualTo(2);
        assertThat(vm.rows()).hasSize(50);
        assertThat(vm.rows().get(49).vendorLeadId()).isEqualTo("A-1");
        assertThat(vm.nextDisabledProperty().get()).isTrue();

        vm.nextPage();
        assertThat(vm.getPageIndex()).isEqualTo(2);
        vm.firstPage();
        assertThat(vm.rows().get(0).vendorLeadId()).isEqualTo("A-250");
    }

    @Test
    void shouldNarrowTheListWhenVendorStatusAndTextFiltersChange() {
        console.store(acme.id(), "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", T0);
        console.store(acme.id(), "A-2", LeadStatus.REJECTED, "Bob", "Stone", "Germany", T0.plusSeconds(1));
        console.store(bolt.id(), "B-1", LeadStatus.RECEIVED, "Cleo", "Stone", "Spain", T0.plusSeconds(2));
        LiveFeedViewModel vm = started();
        assertThat(vm.vendorChoices()).extracting(VendorChoice::label)
                .containsExactly("All vendors", "Acme Leads", "Bolt Media");

        vm.vendorFilterProperty().set(vm.vendorChoices().get(1));
        assertThat(vm.rows()).extracting(LeadRow::vendorLeadId).containsExactly("A-2", "A-1");

        vm.statusFilterProperty().set(new StatusChoice(LeadStatus.REJECTED, "Rejected"));
        assertThat(vm.rows()).extracting(LeadRow::vendorLeadId).containsExactly("A-2");
        assertThat(vm.getTotalText()).isEqualTo("1 lead");

        vm.vendorFilterProperty().set(VendorChoice.ALL);
        vm.statusFilterProperty().set(StatusChoice.ALL);
        vm.searchTextProperty().set("  stone ");
        assertThat(vm.rows()).extracting(LeadRow::vendorLeadId).containsExactly("B-1", "A-2");

        vm.searchTextProperty().set("nobody");
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.getTotalText()).isEqualTo("0 leads");
    }

    @Test
    void shouldShowPrettyPayloadAndTimelineWhenALeadIsSelected() {
        console.store(acme.id(), "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", T0);
        LiveFeedViewModel vm = started();

        vm.select(vm.rows().get(0));

        assertThat(vm.detailShownProperty().get()).isTrue();
        assertThat(vm.getPayloadText()).contains("\"lead_id\" : \"A-1\"").contains("\n");
        assertThat(vm.timeline()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("received");
            assertThat(t.time()).isEqualTo("09:00:00.000");
        });
        assertThat(vm.detailTitleProperty().get()).isEqualTo("A-1 from Acme Leads, received 2026-11-25 09:00:00");

        vm.select(null);
        assertThat(vm.timeline()).isEmpty();
        assertThat(vm.detailShownProperty().get()).isFalse();
    }

    @Test
    void shouldShowScoreBreakdownAndFindingsWhenTheSelectedLeadHasBeenJudged() {
        console.store(acme.id(), "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", T0);
        console.store(acme.id(), "A-2", LeadStatus.RECEIVED, "Bo", "Lee", "Ireland", T0.plusSeconds(1));
        String verdict = "{\"decision\":\"quarantined\",\"score\":35,\"base\":50,\"tier\":\"review\","
                + "\"breakdown\":[{\"rule\":\"invalid_email\",\"points\":-25,\"reason\":\"email is invalid\"},"
                + "{\"rule\":\"business_hours\",\"points\":10,\"reason\":\"arrived in business hours\"}],"
                + "\"reasons\":[{\"code\":\"email.syntax\",\"field\":\"email\",\"message\":\"Field 'email' is not valid\","
                + "\"severity\":\"error\"},{\"code\":\"geo.unchecked\",\"field\":\"ip_address\","
                + "\"message\":\"not checked\",\"severity\":\"info\"}]}";
        console.leads.decideAll(LeadStatus.RECEIVED, 1, l -> new io.leadwire.store.LeadRepository.LeadDecision(
                LeadStatus.QUARANTINED, l.fields(), 35, "REVIEW", verdict, "quarantined", "score 35 (review)"), Clock.fixed(T0, ZoneOffset.UTC));
        LiveFeedViewModel vm = started();

        vm.select(vm.rows().get(1));
        assertThat(vm.getVerdictText()).isEqualTo("Score 35 · review (base 50)\n−25  email is invalid\n"
                + "+10  arrived in business hours\nerror: Field 'email' is not valid");

        vm.select(vm.rows().get(0));
        assertThat(vm.getVerdictText()).isEqualTo("Not judged yet.");
    }

    @Test
    void shouldShowTheVendorsNameWhenItsFirstLeadArrivesBeforeTheVendorListReloads() {
        LiveFeedViewModel vm = started();
        var zenith = console.vendors.add("Zenith Leads", List.of()).vendor();
        console.store(zenith.id(), "Z-1", LeadStatus.RECEIVED, "Zoe", "Ng", "Ireland", T0);

        // Only the lead's event has come through; the vendor-changed one has not been handled yet.
        vm.onEvents(new io.leadwire.ui.FxEventBridge.Batch(1, 0, false, null));

        assertThat(vm.rows()).singleElement().satisfies(r -> assertThat(r.vendor()).isEqualTo("Zenith Leads"));
        assertThat(vm.vendorChoices()).extracting(VendorChoice::label).contains("Zenith Leads");
    }

    @Test
    void shouldKeepPayloadVerbatimWhenItIsNotJson() {
        LiveFeedViewModel vm = started();
        assertThat(vm.prettyPayload("first_name=Ann&last_name=Lee")).isEqualTo("first_name=Ann&last_name=Lee");
        assertThat(vm.prettyPayload("{broken")).isEqualTo("{broken");
    }

    @Test
    void shouldRunAtMostTwoQueriesWhenABurstOfLeadsArrivesDuringAQuery() {
        QueuedUiExecutor executor = new QueuedUiExecutor();
        LiveFeedViewModel vm = new LiveFeedViewModel(console.services, executor);
        vm.start();
        executor.runAll();
        console.store(acme.id(), "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", T0);

        for (int i = 0; i < 20; i++) {
            vm.onEvents(new FxEventBridge.Batch(25, 0, false, null));
        }

        assertThat(executor.pending()).isEqualTo(1);
        executor.runNext();
        assertThat(executor.pending()).as("one follow-up query for everything that came meanwhile").isEqualTo(1);
        executor.runNext();
        assertThat(executor.pending()).isZero();
        assertThat(vm.rows()).extracting(LeadRow::vendorLeadId).containsExactly("A-1");
    }
}
