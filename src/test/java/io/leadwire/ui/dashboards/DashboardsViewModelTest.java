package io.leadwire.ui.dashboards;

import static io.leadwire.ui.dashboards.DashboardWorld.H12;
import static io.leadwire.ui.dashboards.DashboardWorld.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.dashboards.ChartData.Drill;
import io.leadwire.ui.dashboards.ChartData.Point;
import io.leadwire.ui.dashboards.ChartData.Series;
import io.leadwire.ui.dashboards.DashboardTables.BreakerChange;
import io.leadwire.ui.dashboards.DashboardTables.BuyerSummary;
import io.leadwire.ui.dashboards.DashboardTables.DrillRow;
import io.leadwire.ui.dashboards.DashboardsViewModel.Dashboard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards on a fixed data set (see {@link DashboardWorld#seedFixed()}), last 24 hours at
 * 14:30 UTC: Acme received 4 leads at 10:05–10:20 (and one two days ago), Beta 2 at 12:05–12:10;
 * Atlas bought A-1 for 20.00 (after a timeout retry), rejected A-2, failed B-1 with a 5xx and
 * took A-1 back (credit 20.00); Birch bought A-3 for 30.00 and reported a conversion.
 */
class DashboardsViewModelTest {
    @TempDir
    Path dir;
    private InMemoryConsole console;
    private DashboardWorld world;
    private DashboardsViewModel vm;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        world = new DashboardWorld(console);
        world.seedFixed();
        vm = new DashboardsViewModel(console.services, new CurrentThreadUiExecutor());
        vm.start();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    @Test
    void shouldShowDeliverySuccessRevenueAndHealthOnTheExecutiveDashboard() {
        DashboardFigures.Executive e = vm.getExecutive();

        assertThat(e.tiles()).extracting(Tile::id, Tile::value).containsExactly(
                tuple("success", "50.0 %"),          // 2 sold of 4 decided (rejected, failed)
                tuple("revenue", "30.00"),           // 20 + 30 sold, less 20 credit
                tuple("revenue-per-lead", "5.00"),   // 30 over 6 leads received in range
                tuple("breakers", "0"),
                tuple("dead-letters", "1"),          // one open, one resolved
                tuple("quarantine", "1"));
        assertThat(e.tile("success").detail()).isEqualTo("2 sold of 4 decided");
        assertThat(vm.rangeTextProperty().get()).isEqualTo("4 Dec 14:31 – 5 Dec 14:31 · one point an hour");

        ChartData volume = e.volume();
        assertThat(volume.series()).extracting(Series::name).containsExactly("Received", "Sold");
        assertThat(volume.series().get(0).points()).hasSize(25);
        assertThat(point(volume, "Received", "5 Dec 10:00").value()).isEqualTo(4);
        assertThat(point(volume, "Received", "5 Dec 12:00").value()).isEqualTo(2);
        assertThat(point(volume, "Sold", "5 Dec 10:00").value()).isEqualTo(2);
        assertThat(volume.series().get(0).points().stream().mapToDouble(Point::value).sum()).isEqualTo(6);

        assertThat(e.revenueByBuyer().series().get(0).points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("Birch Loans", 30.0), tuple("Atlas Insurance", 0.0));
        assertThat(point(e.revenueOverTime(), "Net revenue", "5 Dec 13:00").value()).isEqualTo(-20);
        assertThat(e.leadsByVendor().series()).extracting(Series::name).containsExactly("Received", "Sold");
        assertThat(e.leadsByVendor().series().get(0).points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("Acme Leads", 4.0), tuple("Beta Media", 2.0));
        assertThat(e.leadsByVendor().series().get(1).points()).extracting(Point::value).containsExactly(2.0, 0.0);
    }

    @Test
    void shouldShowVolumeQualityAcceptanceReturnsAndConversionsPerVendor() {
        vm.dashboardProperty().set(Dashboard.VENDORS);
        DashboardFigures.Vendors all = vm.getVendors();

        assertThat(all.tiles()).extracting(Tile::id, Tile::value).containsExactly(
                tuple("received", "6"),
                tuple("acceptance", "33.3 %"),     // 2 sold / 6 received
                tuple("pass-rate", "66.7 %"),      // 4 of 6 decided passed quality
                tuple("duplicates", "16.7 %"),
                tuple("invalid-contact", "33.3 %"), // one bad email, one bad phone
                tuple("vendor-revenue", "5.00"));  // 20 + 30 sold, less 20 credit, over 6 received
        assertThat(all.tile("vendor-revenue").detail()).isEqualTo("net 30.00 · 1 conversions");
        assertThat(all.tile("acceptance").detail()).isEqualTo("2 sold · 1 returned");
        assertThat(all.volume().series()).extracting(Series::name).containsExactly(DashboardQueries.ALL_VENDORS);
        assertThat(all.quality().series()).extracting(Series::name)
                .containsExactly("Pass rate", "Duplicates", "Invalid email", "Invalid phone", "Geo mismatch");
        assertThat(all.quality().series(("Pass rate")).orElseThrow().points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("Acme Leads", 75.0), tuple("Beta Media", 50.0));
        assertThat(all.quality().series(("Geo mismatch")).orElseThrow().points()).extracting(Point::value)
                .containsExactly(0.0, 50.0);
        assertThat(all.acceptance().series().get(0).points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("Acme Leads", 50.0), tuple("Beta Media", 0.0));
        assertThat(all.returnsConversions().series()).extracting(s -> s.name() + "=" + s.points().stream()
                .mapToDouble(Point::value).sum()).containsExactly("Sold=2.0", "Returns=1.0", "Conversions=1.0");
        assertThat(all.revenuePerLead().series().get(0).points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("Acme Leads", 7.5), tuple("Beta Media", 0.0)); // 30 net over 4; 0 over 2
        assertThat(all.buyerReports().series()).extracting(Series::name, s -> s.points().stream()
                .map(p -> p.label() + "=" + p.value()).toList()).containsExactly(
                        tuple("Feedback: answered", List.of("Acme Leads=1.0", "Beta Media=0.0")),
                        tuple("Contacted", List.of("Acme Leads=2.0", "Beta Media=0.0")));

        assertThat(all.scores().series()).singleElement().satisfies(series -> {
            assertThat(series.name()).isEqualTo(DashboardQueries.ALL_VENDORS);
            assertThat(series.points()).extracting(Point::label).startsWith("0–9", "10–19").endsWith("90–100");
            assertThat(series.points()).extracting(Point::value)          // 6 scored: 1, 1, 1, 2, 1
                    .containsExactly(0.0, 0.0, 16.7, 16.7, 0.0, 16.7, 0.0, 33.3, 16.7, 0.0);
        });

        vm.selectedVendorIds().setAll(world.vendors.get("Beta Media"), world.vendors.get("Acme Leads"));
        DashboardFigures.Vendors two = vm.getVendors();
        assertThat(two.volume().series()).extracting(Series::name, Series::drill)
                .containsExactly(tuple("Acme Leads", Drill.VENDOR_LEADS), tuple("Beta Media", Drill.VENDOR_LEADS));
        assertThat(point(two.volume(), "Acme Leads", "5 Dec 10:00").value()).isEqualTo(4);
        assertThat(two.scores().series()).extracting(Series::name).containsExactly("Acme Leads", "Beta Media");
        assertThat(two.scores().series("Beta Media").orElseThrow().points()).extracting(Point::value)
                .containsExactly(0.0, 0.0, 0.0, 50.0, 0.0, 50.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(two.tile("received").value()).isEqualTo("6");

        vm.selectedVendorIds().setAll(world.vendors.get("Beta Media"));
        assertThat(vm.getVendors().tile("received").value()).isEqualTo("2");
        assertThat(vm.getVendors().tile("pass-rate").value()).isEqualTo("50.0 %");
    }

    @Test
    void shouldShowLatencyPercentilesErrorsRetriesBreakerChangesAndCapUseOfBuyers() {
        vm.dashboardProperty().set(Dashboard.BUYERS);
        DashboardFigures.Buyers b = vm.getBuyers();

        // Latencies 8, 40, 120, 260, 900 ms: interpolated inside the bins (100,150] and (750,1000].
        assertThat(b.tiles()).extracting(Tile::id, Tile::value).containsExactly(
                tuple("buyer-success", "50.0 %"), tuple("retries", "1"), tuple("errors", "2"),
                tuple("p50", "150 ms"), tuple("p95", "1,000 ms"), tuple("p99", "1,000 ms"));
        assertThat(b.tile("buyer-success").detail()).isEqualTo("2 sold of 4 decided · 5 attempts"); // rejected, failed
        assertThat(b.tile("retries").detail()).isEqualTo("20.0 % of attempts");
        ChartData latency = b.latency();
        assertThat(latency.series()).hasSize(1);
        assertThat(latency.series().get(0).points()).hasSize(13).extracting(Point::label).startsWith("≤ 5 ms", "≤ 10 ms")
                .endsWith("≤ 750 ms", "≤ 1 s");
        assertThat(latency.series().get(0).points()).extracting(Point::value)
                .containsExactly(0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0);
        assertThat(b.errors().series().get(0).points()).extracting(Point::label, Point::value)
                .containsExactly(tuple("server_error", 1.0), tuple("timeout", 1.0));
        assertThat(point(b.deliveries(), DashboardQueries.ALL_BUYERS, "5 Dec 10:00").value()).isEqualTo(3);
        assertThat(point(b.retries(), DashboardQueries.ALL_BUYERS, "5 Dec 10:00").value()).isEqualTo(1);
        assertThat(b.summary()).extracting(BuyerSummary::name, BuyerSummary::success, BuyerSummary::attempts,
                BuyerSummary::retries, BuyerSummary::errors, BuyerSummary::p50, BuyerSummary::capUse).containsExactly(
                tuple("Atlas Insurance", "33.3 %", "4", "1", "2", "50 ms", "no cap"), // 2nd of 4 = top of (30,50]
                tuple("Birch Loans", "100.0 %", "1", "0", "0", "150 ms", "0 / 10 per hour"));
        assertThat(b.breakerChanges()).extracting(BreakerChange::at, BreakerChange::buyer, BreakerChange::change)
                .containsExactly(tuple("5 Dec 12:37:00", "Atlas Insurance", "open → half-open"),
                        tuple("5 Dec 12:07:00", "Atlas Insurance", "closed → open"));

        vm.selectedBuyerIds().setAll(world.buyers.get("Birch Loans"));
        assertThat(vm.getBuyers().tile("buyer-success").value()).isEqualTo("100.0 %");
        assertThat(vm.getBuyers().deliveries().series()).extracting(Series::name).containsExactly("Birch Loans");
        assertThat(vm.getBuyers().breakerChanges()).isEmpty();
        assertThat(vm.getBuyers().errors().isEmpty()).isTrue();
    }

    @Test
    void shouldListTheLeadsOfAVendorBucketAndTheDeliveriesOfABuyerBucket() {
        vm.dashboardProperty().set(Dashboard.VENDORS);
        vm.selectedVendorIds().setAll(world.vendors.get("Acme Leads"));
        ChartData volume = vm.getVendors().volume();
        Series acme = volume.series().get(0);
        assertThat(vm.drillDown(volume, acme, point(volume, "Acme Leads", "5 Dec 10:00"))).isTrue();

        assertThat(vm.getDrillTitle()).isEqualTo("Leads received · Acme Leads · 5 Dec 10:00 – 5 Dec 11:00");
        assertThat(vm.drillRows()).extracting(DrillRow::at, DrillRow::lead, DrillRow::who, DrillRow::status)
                .containsExactly(tuple("5 Dec 10:05:00", "A-1", "Acme Leads", "delivered"),
                        tuple("5 Dec 10:10:00", "A-2", "Acme Leads", "unsold"),
                        tuple("5 Dec 10:15:00", "A-3", "Acme Leads", "delivered"),
                        tuple("5 Dec 10:20:00", "A-4", "Acme Leads", "rejected"));
        assertThat(vm.drillRows().get(0).detail()).isEqualTo("Ann Lee · ann@example.com");
        assertThat(vm.drillHasMoreProperty().get()).isFalse();

        vm.dashboardProperty().set(Dashboard.BUYERS);
        vm.selectedBuyerIds().setAll(world.buyers.get("Atlas Insurance"));
        ChartData deliveries = vm.getBuyers().deliveries();
        assertThat(vm.drillDown(deliveries, deliveries.series().get(0), point(deliveries, "Atlas Insurance",
                "5 Dec 12:00"))).isTrue();
        assertThat(vm.drillRows()).extracting(DrillRow::at, DrillRow::who, DrillRow::status, DrillRow::detail)
                .containsExactly(tuple("5 Dec 12:06:00", "Atlas Insurance", "failed", "1 attempt"));

        ChartData latency = vm.getBuyers().latency();
        assertThat(vm.drillDown(latency, latency.series().get(0), latency.series().get(0).points().get(0))).isFalse();
    }

    @Test
    void shouldListAVendorsLeadsOverTheRangeFromItsBarAndABuyersDeliveriesFromItsRevenueBar() {
        vm.dashboardProperty().set(Dashboard.VENDORS);
        ChartData quality = vm.getVendors().quality();
        Series passRate = quality.series("Pass rate").orElseThrow();
        Point acme = passRate.points().get(0);
        assertThat(acme.subjectId()).isEqualTo(world.vendors.get("Acme Leads"));

        assertThat(vm.drillDown(quality, passRate, acme)).isTrue();
        assertThat(vm.getDrillTitle()).isEqualTo("Leads received · Acme Leads · 4 Dec 14:00 – 5 Dec 14:31");
        assertThat(vm.drillRows()).extracting(DrillRow::lead).containsExactly("A-1", "A-2", "A-3", "A-4"); // not A-OLD

        vm.dashboardProperty().set(Dashboard.EXECUTIVE);
        ChartData revenue = vm.getExecutive().revenueByBuyer();
        Point birch = revenue.series().get(0).points().get(0);
        assertThat(vm.drillDown(revenue, revenue.series().get(0), birch)).isTrue();
        assertThat(vm.drillRows()).extracting(DrillRow::who, DrillRow::status)
                .containsExactly(tuple("Birch Loans", "accepted"));
    }

    @Test
    void shouldPageADrillDownOfMoreThanAPage() {
        String acme = world.vendors.get("Acme Leads");
        for (int i = 0; i < DashboardsViewModel.DRILL_PAGE + 20; i++) {
            world.lead(acme, "P-" + i, H12.plusSeconds(20 * 60 + i), io.leadwire.lead.LeadStatus.ACCEPTED, "P", "");
        }
        world.catchUp();
        vm.dashboardProperty().set(Dashboard.VENDORS);
        vm.selectedVendorIds().setAll(acme);
        ChartData volume = vm.getVendors().volume();
        vm.drillDown(volume, volume.series().get(0), point(volume, "Acme Leads", "5 Dec 12:00"));

        assertThat(vm.drillRows()).hasSize(DashboardsViewModel.DRILL_PAGE);
        assertThat(vm.drillHasMoreProperty().get()).isTrue();
        vm.loadMoreDrill();
        assertThat(vm.drillRows()).hasSize(DashboardsViewModel.DRILL_PAGE + 20);
        assertThat(vm.drillRows().get(DashboardsViewModel.DRILL_PAGE + 19).lead()).isEqualTo("P-119");
        assertThat(vm.drillHasMoreProperty().get()).isFalse();
    }

    @Test
    void shouldWriteAChartsDataAsCsv() throws Exception {
        Path file = dir.resolve("revenue.csv");
        vm.exportCsv(vm.getExecutive().revenueByBuyer(), file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "series,category,Net revenue\r\n"
                        + "Net revenue,Birch Loans,30\r\n"
                        + "Net revenue,Atlas Insurance,0\r\n");
        assertThat(vm.getMessage()).isEqualTo("Saved Revenue by buyer as revenue.csv");

        Path timed = dir.resolve("volume.csv");
        vm.exportCsv(vm.getExecutive().volume(), timed);
        List<String> lines = Files.readAllLines(timed);
        assertThat(lines).hasSize(1 + 2 * 25);
        assertThat(lines.get(0)).isEqualTo("series,bucket_start,Leads");
        assertThat(lines).contains("Received,2026-12-05T10:00:00Z,4", "Sold,2026-12-05T10:00:00Z,2",
                "Received,2026-12-04T14:00:00Z,0");
    }

    @Test
    void shouldReadACustomRangeOfDaysAndRefuseAStartAfterTheEnd() {
        vm.customFromProperty().set(LocalDate.of(2026, 12, 3));
        vm.customToProperty().set(LocalDate.of(2026, 12, 3));
        vm.rangeProperty().set(RangeChoice.CUSTOM);
        assertThat(vm.getExecutive().tile("revenue-per-lead").detail()).isEqualTo("over 1 leads");
        assertThat(vm.getExecutive().volume().series().get(0).points()).hasSize(24);

        vm.rangeProperty().set(RangeChoice.LAST_MONTH);
        assertThat(vm.getExecutive().volume().series().get(0).points()).hasSize(31);
        assertThat(vm.getExecutive().tile("revenue-per-lead").detail()).isEqualTo("over 7 leads");

        vm.rangeProperty().set(RangeChoice.CUSTOM);
        vm.customFromProperty().set(LocalDate.of(2026, 12, 5));
        vm.customToProperty().set(LocalDate.of(2026, 12, 4));
        assertThat(vm.getErrorMessage()).startsWith("The start date is after the end date");
    }

    @Test
    void shouldRefreshEveryFewTicksOnlyWhileShown() {
        world.lead(world.vendors.get("Beta Media"), "B-9", NOW.minusSeconds(60), io.leadwire.lead.LeadStatus.ACCEPTED,
                "Hal", "");
        world.catchUp();
        for (int i = 0; i < DashboardsViewModel.REFRESH_TICKS; i++) {
            vm.tick();
        }
        assertThat(vm.getExecutive().tile("revenue-per-lead").detail()).isEqualTo("over 6 leads");

        vm.shownProperty().set(true);
        assertThat(vm.getExecutive().tile("revenue-per-lead").detail()).isEqualTo("over 7 leads");
        world.lead(world.vendors.get("Beta Media"), "B-10", NOW.minusSeconds(50), io.leadwire.lead.LeadStatus.ACCEPTED,
                "Ida", "");
        world.catchUp();
        for (int i = 0; i < DashboardsViewModel.REFRESH_TICKS; i++) {
            vm.tick();
        }
        assertThat(vm.getExecutive().tile("revenue-per-lead").detail()).isEqualTo("over 8 leads");
    }

    private static Point point(ChartData chart, String series, String label) {
        return chart.series(series).orElseThrow().points().stream().filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + label + " in " + series));
    }
}
