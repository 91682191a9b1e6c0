package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.lead.Vendor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VendorRepositoryTest extends StoreTestBase {
    private StoreFixture store;
    private VendorRepository vendors;

    @BeforeEach
    void open() {
        store = fixture();
        vendors = store.vendors;
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldFindTheVendorByNameIdAndActiveKeyWhenCreated() {
        Vendor v = vendors.create("Acme", List.of("10.0.0.0/8", "2001:db8::/32"), "h1", "lw_abcd", T0);

        assertThat(vendors.findByName("Acme")).contains(v);
        assertThat(vendors.findById(v.id())).contains(v);
        assertThat(vendors.findByActiveKeyHash("h1")).contains(v);
        assertThat(v.allowedCidrs()).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(v.hasActiveKey()).isTrue();
        assertThat(vendors.findByActiveKeyHash("h2")).isEmpty();
        assertThat(vendors.findByName("acme")).isEmpty();
    }

    @Test
    void shouldRefuseWhenTheNameIsTaken() {
        vendors.create("Acme", List.of(), "h1", "lw_a", T0);
        assertThatThrownBy(() -> vendors.create("Acme", List.of(), "h2", "lw_b", T0))
                .isInstanceOf(VendorRepository.DuplicateNameException.class)
                .hasMessageContaining("'Acme' exists already");
        assertThat(vendors.findByActiveKeyHash("h2")).isEmpty();
        assertThat(vendors.findAll()).hasSize(1);
    }

    @Test
    void shouldOnlyKnowTheNewKeyWhenTheKeyIsReplaced() {
        Vendor v = vendors.create("Acme", List.of(), "old", "lw_old1", T0);
        vendors.replaceKey(v.id(), "new", "lw_new1", T0.plusSeconds(1));

        assertThat(vendors.findByActiveKeyHash("old")).isEmpty();
        assertThat(vendors.findByActiveKeyHash("new")).map(Vendor::keyPrefix).contains("lw_new1");
    }

    @Test
    void shouldHaveNoActiveKeyWhenKeysAreRevoked() {
        Vendor v = vendors.create("Acme", List.of(), "k", "lw_k", T0);
        vendors.revokeKeys(v.id(), T0.plusSeconds(1));

        assertThat(vendors.findByActiveKeyHash("k")).isEmpty();
        Vendor after = vendors.findById(v.id()).orElseThrow();
        assertThat(after.hasActiveKey()).isFalse();
        assertThat(after.keyPrefix()).isNull();
    }

    @Test
    void shouldReplaceTheAllowlistWhenSet() {
        Vendor v = vendors.create("Acme", List.of("10.0.0.0/8"), "k", "lw_k", T0);
        vendors.setAllowedCidrs(v.id(), List.of("192.0.2.0/24"));
        assertThat(vendors.findById(v.id()).orElseThrow().allowedCidrs()).containsExactly("192.0.2.0/24");
        vendors.setAllowedCidrs(v.id(), List.of());
        assertThat(vendors.findById(v.id()).orElseThrow().allowedCidrs()).isEmpty();
    }

    @Test
    void shouldListVendorsByNameWhenListingAll() {
        vendors.create("Zeta", List.of(), "z", "lw_z", T0);
        vendors.create("Alpha", List.of(), "a", "lw_a", T0);
        assertThat(vendors.findAll()).extracting(Vendor::name).containsExactly("Alpha", "Zeta");
    }
}
