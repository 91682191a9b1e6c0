package io.leadwire.ui.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VendorsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    @TempDir
    Path dir;
    private InMemoryConsole console;
    private VendorsViewModel vm;
    private final AtomicReference<NewApiKey> issued = new AtomicReference<>();
    private final List<String> errors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        vm = new VendorsViewModel(console.services, new CurrentThreadUiExecutor());
        vm.refresh();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    @Test
    void shouldIssueKeyAndListVendorWhenNameAndNetworksAreValid() {
        vm.addVendor("Acme Leads", "203.0.113.0/24\n198.51.100.7", issued::set, errors::add);

        assertThat(errors).isEmpty();
        assertThat(issued.get().vendorName()).isEqualTo("Acme Leads");
        assertThat(issued.get().apiKey()).isNotBlank();
        assertThat(issued.get().intakeUrl()).isEqualTo("http://127.0.0.1:1/leads");
        assertThat(vm.rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Acme Leads");
            assertThat(r.keyActive()).isTrue();
            assertThat(issued.get().apiKey()).startsWith(r.key().replace("…", ""));
            assertThat(r.networks()).isEqualTo("203.0.113.0/24, 198.51.100.7/32");
        });
        assertThat(vm.getMessage()).isEqualTo("Added Acme Leads.");
    }

    @Test
    void shouldExplainWhatToFixWhenInputIsBad() {
        vm.addVendor("   ", "", issued::set, errors::add);
        vm.addVendor("Acme", "not-a-network", issued::set, errors::add);
        vm.addVendor("<script>", "", issued::set, errors::add);
        vm.addVendor("Acme", "", issued::set, errors::add);
        vm.addVendor("Acme", "", issued::set, errors::add);

        assertThat(errors).containsExactly(
                "Enter the vendor's name.",
                "'not-a-network' is not an IP network such as 203.0.113.0/24.",
                "A vendor name may hold letters, digits, spaces and . _ & ' -.",
                "A vendor named 'Acme' exists already. Choose another name.");
        assertThat(vm.rows()).extracting(VendorRow::name).containsExactly("Acme");
    }

    @Test
    void shouldShowRevokedAndThenNewKeyWhenRevokedAndRotated() {
        vm.addVendor("Acme", "", issued::set, errors::add);
        String first = issued.get().apiKey();
        vm.selectedVendorProperty().set(vm.rows().get(0));

        vm.revokeSelected(() -> { }, errors::add);
        assertThat(vm.rows().get(0).key()).isEqualTo("revoked");
        assertThat(vm.noActiveKeyProperty().get()).isTrue();
        assertThat(vm.getSelectedVendor().name()).isEqualTo("Acme");

        vm.rotateSelected(issued::set, errors::add);
        assertThat(issued.get().rotated()).isTrue();
        assertThat(issued.get().apiKey()).isNotEqualTo(first);
        assertThat(vm.rows().get(0).keyActive()).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldReplaceAllowlistWhenEdited() {
        vm.addVendor("Acme", "10.0.0.0/8", issued::set, errors::add);
        vm.selectedVendorProperty().set(vm.rows().get(0));
        assertThat(vm.selectedAllowlistText()).isEqualTo("10.0.0.0/8");

        vm.setAllowlistOfSelected("192.0.2.0/24, 198.51.100.0/24", () -> { }, errors::add);
        assertThat(vm.rows().get(0).networks()).isEqualTo("192.0.2.0/24, 198.51.100.0/24");

        vm.setAllowlistOfSelected("", () -> { }, errors::add);
        assertThat(vm.rows().get(0).networks()).isEqualTo("any");
        assertThat(vm.getMessage()).isEqualTo("Acme may now post from any address.");
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldCountOnlyTodaysLeadsAndRefusalsWhenListing() {
        vm.addVendor("Acme", "", issued::set, errors::add);
        String id = console.vendors.find("Acme").orElseThrow().id();
        console.store(id, "A-1", LeadStatus.RECEIVED, "Ann", "Lee", "Ireland", NOW.minusSeconds(60));
        console.store(id, "A-2", LeadStatus.RECEIVED, "Bo", "Lee", "Ireland", NOW.minusSeconds(3600));
        console.store(id, "A-0", LeadStatus.RECEIVED, "Cy", "Lee", "Ireland", NOW.minusSeconds(86_400));
        console.refusals.insertAll(List.of(new IntakeRefusal(NOW, id, "127.0.0.1", 422, "missing_field",
                "email", "email is required")));

        vm.refresh();

        assertThat(vm.rows().get(0).leadsToday()).isEqualTo(2);
        assertThat(vm.rows().get(0).refusalsToday()).isEqualTo(1);
    }

    @Test
    void shouldReportRefusalsOfUnidentifiedCallersWhenNoVendorCanBeBlamed() {
        assertThat(vm.getUnknownCallers()).isEmpty();

        console.refusals.insertAll(List.of(
                new IntakeRefusal(NOW, null, "203.0.113.9", 401, "invalid_api_key", null, "unknown key"),
                new IntakeRefusal(NOW, null, "203.0.113.9", 401, "missing_api_key", null, "no key"),
                new IntakeRefusal(NOW.minusSeconds(86_400), null, "203.0.113.9", 401, "invalid_api_key", null, "")));
        vm.refresh();

        assertThat(vm.getUnknownCallers())
                .isEqualTo("2 requests refused today from callers without a valid API key (missing, unknown or revoked).");
    }
}
