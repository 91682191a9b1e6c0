package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.store.Database;
import io.leadwire.store.VendorRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorServiceTest {
    private Database db;
    private VendorService vendors;
    private final List<EngineEvent> events = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
        EventBus bus = new EventBus();
        bus.subscribe(events::add);
        vendors = new VendorService(new VendorRepository(db.dataSource()), new ApiKeys(new SecureRandom()),
                Clock.systemUTC(), bus);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void shouldStoreOnlyTheHashAndAnnounceTheVendorWhenAdded() {
        VendorService.IssuedKey issued = vendors.add("  Acme & Sons  ", List.of("10.0.0.0/8, 192.0.2.1", "10.0.0.0/8"));

        assertThat(issued.vendor().name()).isEqualTo("Acme & Sons");
        assertThat(issued.vendor().allowedCidrs()).containsExactly("10.0.0.0/8", "192.0.2.1/32");
        assertThat(issued.vendor().keyPrefix()).isEqualTo(issued.apiKey().substring(0, 7));
        assertThat(events).containsExactly(new VendorChangedEvent(issued.vendor().id()));
        assertThat(new VendorRepository(db.dataSource()).findByActiveKeyHash(ApiKeys.hash(issued.apiKey())))
                .map(Vendor::id).contains(issued.vendor().id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "-leading-dash", "<script>", "a\nb"})
    void shouldRefuseWhenTheNameIsNotUsable(String name) {
        assertThatThrownBy(() -> vendors.add(name, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(vendors.list()).isEmpty();
    }

    @Test
    void shouldRefuseANameOfMoreThan100Characters() {
        assertThatThrownBy(() -> vendors.add("x".repeat(101), List.of()))
                .hasMessageContaining("1 to 100 characters");
        assertThat(vendors.add("x".repeat(100), List.of()).vendor().name()).hasSize(100);
    }

    @Test
    void shouldIssueAWorkingKeyAndAnnounceItWhenRotated() {
        String old = vendors.add("Acme", List.of()).apiKey();
        events.clear();

        VendorService.IssuedKey rotated = vendors.rotateKey("Acme");

        assertThat(rotated.apiKey()).isNotEqualTo(old);
        assertThat(rotated.vendor().keyPrefix()).isEqualTo(rotated.apiKey().substring(0, 7));
        assertThat(events).hasSize(1);
        assertThatThrownBy(() -> vendors.rotateKey("Nobody")).hasMessage("no vendor named 'Nobody'");
    }

    @Test
    void shouldLeaveNoActiveKeyWhenRevoked() {
        vendors.add("Acme", List.of());
        assertThat(vendors.revokeKey("Acme").hasActiveKey()).isFalse();
    }

    @Test
    void shouldCanonicaliseAndReplaceTheAllowlistWhenSet() {
        vendors.add("Acme", List.of());
        assertThat(vendors.setAllowedNetworks("Acme", List.of("2001:DB8::/32 203.0.113.9")).allowedCidrs())
                .containsExactly("2001:db8:0:0:0:0:0:0/32", "203.0.113.9/32");
        assertThatThrownBy(() -> vendors.setAllowedNetworks("Acme", List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(vendors.find("Acme").orElseThrow().allowedCidrs()).hasSize(2);
    }
}
