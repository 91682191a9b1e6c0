package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntakeConfigTest {
    @Test
    void shouldDefaultTo64KibBodiesOnPlainHttpWhenBuiltPlain() {
        IntakeConfig c = IntakeConfig.plain("127.0.0.1", 0);
        assertThat(c.maxBodyBytes()).isEqualTo(65_536);
        assertThat(c.tls()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 262_145, 2_000_000})
    void shouldRefuseABodyLimitTheStoreCannotHoldWhenConfigured(int maxBody) {
        // A 600 KB form body of %01 escapes became fields JSON over the 1,000,000-character
        // column: its group commit failed, and with it every other lead of the batch.
        assertThatThrownBy(() -> new IntakeConfig("127.0.0.1", 0, maxBody, null, null, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-body must be 1..262144 bytes");
    }
}
