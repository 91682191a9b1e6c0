package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.Vendor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalRepositoryTest extends StoreTestBase {
    private StoreFixture store;
    private RefusalRepository refusals;
    private Vendor acme;

    @BeforeEach
    void open() {
        store = fixture();
        refusals = store.refusals;
        acme = store.vendor("Acme");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldReturnTheNewestFirstPerVendorWhenRecorded() {
        refusals.insertAll(List.of(
                new IntakeRefusal(T0, acme.id(), "127.0.0.1", 400, "missing_field", "lead_id", "Field 'lead_id'..."),
                new IntakeRefusal(T0, null, "127.0.0.1", 401, "missing_api_key", null, "Send your key"),
                new IntakeRefusal(T0.plusSeconds(1), acme.id(), "10.1.2.3", 403, "ip_not_allowed", null, "no")));

        assertThat(refusals.recent(acme.id(), 10)).extracting(IntakeRefusal::reason)
                .containsExactly("ip_not_allowed", "missing_field");
        assertThat(refusals.recent(acme.id(), 1)).extracting(IntakeRefusal::reason).containsExactly("ip_not_allowed");
        assertThat(refusals.recent(null, 10)).hasSize(3);
        IntakeRefusal first = refusals.recent(acme.id(), 10).get(1);
        assertThat(first).isEqualTo(new IntakeRefusal(T0, acme.id(), "127.0.0.1", 400, "missing_field", "lead_id",
                "Field 'lead_id'..."));
    }

    @Test
    void shouldCountPerVendorIncludingUnidentifiedCallersWhenCounting() {
        refusals.insertAll(List.of(
                new IntakeRefusal(T0.minusSeconds(60), acme.id(), "127.0.0.1", 400, "malformed_json", null, "x"),
                new IntakeRefusal(T0, acme.id(), "127.0.0.1", 400, "malformed_json", null, "x"),
                new IntakeRefusal(T0, null, "127.0.0.1", 401, "invalid_api_key", null, "x"),
                new IntakeRefusal(T0, null, "127.0.0.1", 401, "invalid_api_key", null, "x")));

        Map<String, Long> counts = refusals.countByVendorSince(T0);
        assertThat(counts).containsEntry(acme.id(), 1L).containsEntry(null, 2L).hasSize(2);
    }

    @Test
    void shouldClipOverlongFieldAndDetailWhenRecorded() {
        refusals.insertAll(List.of(new IntakeRefusal(T0, acme.id(), "127.0.0.1", 400, "wrong_type", "f".repeat(500),
                "d".repeat(5000))));

        IntakeRefusal r = refusals.recent(acme.id(), 1).get(0);
        assertThat(r.field()).hasSize(200);
        assertThat(r.detail()).hasSize(1000);
    }

    @Test
    void shouldDoNothingWhenGivenNoRefusals() {
        refusals.insertAll(List.of());
        assertThat(refusals.recent(null, 10)).isEmpty();
    }
}
