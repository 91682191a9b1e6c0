package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys(new SecureRandom());

    @Test
    void shouldMakeLwPrefixedBase62KeysWhenGenerating() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String key = keys.generate();
            assertThat(key).matches("lw_[0-9A-Za-z]{32}");
            seen.add(key);
        }
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void shouldHashToLowerHexSha256WhenHashing() {
        // SHA-256("abc") from FIPS 180-2.
        assertThat(ApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String key = keys.generate();
        assertThat(ApiKeys.hash(key)).hasSize(64).matches("[0-9a-f]+").isEqualTo(ApiKeys.hash(key))
                .isNotEqualTo(ApiKeys.hash(key + "x")).doesNotContain(key);
    }

    @Test
    void shouldShowOnlyTheFirstSevenCharactersWhenDisplayingAPrefix() {
        assertThat(ApiKeys.displayPrefix("lw_7Hq2abcdefghijklmnopqrstuvwxyz12")).isEqualTo("lw_7Hq2");
        assertThat(ApiKeys.displayPrefix("lw_")).isEqualTo("lw_");
    }
}
