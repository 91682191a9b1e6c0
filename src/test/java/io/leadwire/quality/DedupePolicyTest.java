package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.leadwire.lead.DedupeKey;
import io.leadwire.store.DuplicateSearch;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupePolicyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldUseTheNamedDefaultsWhenNothingIsSet() {
        DedupePolicy p = DedupePolicy.defaults();

        assertThat(p.window()).isEqualTo(Duration.ofDays(30)).isEqualTo(DedupePolicy.DEFAULT_WINDOW);
        assertThat(p.scope()).isEqualTo(DedupePolicy.Scope.ALL_VENDORS);
        assertThat(p.action()).isEqualTo(DedupePolicy.Action.QUARANTINE);
        assertThat(p.keys()).containsExactlyInAnyOrder(DedupeKey.EMAIL, DedupeKey.PHONE);
        assertThat(p.enabled()).isTrue();
        assertThat(DedupePolicy.builder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void shouldRefuseAWindowThatIsNotPositiveOrTooLongWhenBuilt() {
        assertThatThrownBy(() -> DedupePolicy.builder().window(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> DedupePolicy.builder().window(Duration.ofDays(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DedupePolicy.builder().window(Duration.ofDays(400)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 366 days");
        assertThatThrownBy(() -> DedupePolicy.builder().scope(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DedupePolicy.builder().keys(null).build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldRoundTripThroughJsonWhenASettingsScreenStoresIt() throws Exception {
        DedupePolicy p = DedupePolicy.builder().window(Duration.ofHours(36)).scope(DedupePolicy.Scope.THIS_VENDOR)
                .action(DedupePolicy.Action.ACCEPT_AS_REPEAT).keys(Set.of(DedupeKey.PHONE, DedupeKey.VENDOR_LEAD_ID))
                .build();

        String text = json.writeValueAsString(p);

        assertThat(text).isEqualTo("{\"window\":\"PT36H\",\"scope\":\"THIS_VENDOR\",\"action\":\"ACCEPT_AS_REPEAT\","
                + "\"keys\":[\"PHONE\",\"VENDOR_LEAD_ID\"]}");
        assertThat(json.readValue(text, DedupePolicy.class)).isEqualTo(p);
        assertThat(json.writeValueAsString(DedupePolicy.defaults())).isEqualTo(
                "{\"window\":\"P30D\",\"scope\":\"ALL_VENDORS\",\"action\":\"QUARANTINE\",\"keys\":[\"EMAIL\",\"PHONE\"]}");
    }

    @Test
    void shouldTakeTheDefaultsWhenJsonMembersAreMissing() throws Exception {
        DedupePolicy p = json.readValue("{\"action\":\"REJECT\",\"keys\":[]}", DedupePolicy.class);

        assertThat(p.window()).isEqualTo(DedupePolicy.DEFAULT_WINDOW);
        assertThat(p.action()).isEqualTo(DedupePolicy.Action.REJECT);
        assertThat(p.enabled()).isFalse();
        assertThat(p.toSearch().enabled()).isFalse();
    }

    @Test
    void shouldSayWhatAWindowShouldLookLikeWhenJsonHasABadOne() {
        assertThatThrownBy(() -> json.readValue("{\"window\":\"30 days\"}", DedupePolicy.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("window '30 days' is not an ISO-8601 duration such as P30D or PT12H");
    }

    @Test
    void shouldTranslateToTheStoreSearchWhenTheStageUsesIt() {
        DuplicateSearch s = DedupePolicy.builder().scope(DedupePolicy.Scope.THIS_VENDOR).build().toSearch();

        assertThat(s.allVendors()).isFalse();
        assertThat(s.window()).isEqualTo(Duration.ofDays(30));
        assertThat(s.keys()).containsExactlyInAnyOrder(DedupeKey.EMAIL, DedupeKey.PHONE);
        assertThat(DedupePolicy.defaults().toBuilder().build()).isEqualTo(DedupePolicy.defaults());
    }
}
