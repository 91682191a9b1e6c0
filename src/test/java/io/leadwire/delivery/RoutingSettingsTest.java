package io.leadwire.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.store.InvalidSettingsException;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {
    private final RoutingSettings.Codec codec = new RoutingSettings.Codec();

    @Test
    void shouldRoundTripTheDocumentWhenWrittenAndReadBack() {
        RoutingSettings one = new RoutingSettings(1);
        assertThat(codec.read(codec.write(one))).isEqualTo(one);
        assertThat(codec.write(one)).contains("\"max_shared_buyers\" : 1");
    }

    @Test
    void shouldTakeTheDefaultWhenTheKeyIsMissing() {
        assertThat(codec.read("{\"schema\": 1}")).isEqualTo(RoutingSettings.defaults());
        assertThat(RoutingSettings.defaults().maxSharedBuyers()).isEqualTo(3);
    }

    @Test
    void shouldNameEveryWrongFieldWhenTheDocumentIsInvalid() {
        assertThatThrownBy(() -> codec.read("{\"max_shared_buyers\": 0, \"max_buyers\": 2}"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("max_shared_buyers: a whole number from 1 to 20")
                .hasMessageContaining("max_buyers: unknown key");
        assertThatThrownBy(() -> codec.read("[1]")).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("a JSON object");
    }
}
