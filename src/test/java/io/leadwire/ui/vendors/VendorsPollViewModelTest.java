package io.leadwire.ui.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.store.VendorRepository;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Vendors screen's intake and dialect columns and the selected vendor's poll status line. */
class VendorsPollViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    @TempDir
    Path dir;
    private InMemoryConsole console;
    private VendorsViewModel vm;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        vm = new VendorsViewModel(console.services, new CurrentThreadUiExecutor());
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    private static VendorPoll.Settings settings(VendorPoll.Mode mode) {
        return new VendorPoll.Settings(mode, "https://api.vendor.example/leads", VendorPoll.AuthKind.NONE, null, null,
                Duration.ofSeconds(30), "since", "limit", 100, null, null);
    }

    private VendorRow row(String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldShowHowEachVendorsLeadsComeInWhenSomeArePolled() throws Exception {
        console.vendors.add("Push Only", List.of());
        Vendor pull = console.vendors.add("Pull Vendor", List.of()).vendor();
        Vendor hybrid = console.vendors.add("Hybrid Vendor", List.of()).vendor();
        console.vendors.setPolling("Pull Vendor", settings(VendorPoll.Mode.PULL));
        console.vendors.setPolling("Hybrid Vendor", settings(VendorPoll.Mode.HYBRID));
        console.vendors.setDialect("Hybrid Vendor",
                Files.readString(Path.of("docs/examples/vendor-dialects/bolt-media.dialect.json")));
        VendorRepository repo = new VendorRepository(console.database.dataSource());
        repo.recordPollSuccess(pull.id(), NOW.minusSeconds(20), NOW.plusSeconds(10), 12, 0);
        repo.recordPollFailure(hybrid.id(), "HTTP 500 from api.vendor.example", NOW.minusSeconds(5),
                NOW.plusSeconds(15), 3);

        vm.refresh();

        assertThat(row("Push Only").intakeText()).isEqualTo("push");
        assertThat(row("Push Only").dialectText()).isEqualTo("canonical");
        assertThat(row("Pull Vendor").intakeText()).isEqualTo("pull");
        assertThat(row("Hybrid Vendor").intakeText()).isEqualTo("hybrid · failing");
        assertThat(row("Hybrid Vendor").intakeFailing()).isTrue();
        assertThat(row("Hybrid Vendor").dialectText()).isEqualTo("custom");
        assertThat(vm.getPollDetail()).isEmpty();

        vm.selectedVendorProperty().set(row("Hybrid Vendor"));
        assertThat(vm.getPollDetail()).startsWith("Hybrid Vendor: polls https://api.vendor.example/leads every 30 s")
                .contains("last success never")
                .contains("last error 14:59:55: HTTP 500 from api.vendor.example")
                .contains("3 failures in a row").contains("next attempt 15:00:15");

        vm.selectedVendorProperty().set(row("Pull Vendor"));
        assertThat(vm.getPollDetail()).contains("last success 14:59:40 (12 new, 0 already stored)")
                .doesNotContain("failure");

        vm.selectedVendorProperty().set(row("Push Only"));
        assertThat(vm.getPollDetail()).isEmpty();
    }

    @Test
    void shouldShowPushAgainWhenPollingIsSwitchedOff() {
        console.vendors.add("Pull Vendor", List.of());
        console.vendors.setPolling("Pull Vendor", settings(VendorPoll.Mode.PULL));
        console.vendors.stopPolling("Pull Vendor");

        vm.refresh();

        assertThat(row("Pull Vendor").intakeText()).isEqualTo("push");
        assertThat(row("Pull Vendor").pollDetail()).isEmpty();
    }
}
