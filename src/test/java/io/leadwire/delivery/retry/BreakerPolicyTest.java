package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreakerPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldCarryTheSpecValuesWhenDefault() {
        BreakerPolicy p = BreakerPolicy.defaults();
        assertThat(p.failureThreshold()).isEqualTo(10);
        assertThat(p.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.failureRate()).isEqualTo(0.5);
        assertThat(p.minimumCalls()).isEqualTo(20);
        assertThat(p.coolDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.coolDownMultiplier()).isEqualTo(2.0);
        assertThat(p.maxCoolDown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.probeCalls()).isEqualTo(1);
    }

    @Test
    void shouldWriteEveryMemberWhenSerializingDefaults() {
        assertThat(BreakerPolicy.defaults().toJson(MAPPER).toString()).isEqualTo("{\"failureThreshold\":10,"
                + "\"window\":\"5m\",\"failureRate\":0.5,\"minimumCalls\":20,\"coolDown\":\"1m\","
                + "\"coolDownMultiplier\":2.0,\"maxCoolDown\":\"10m\",\"probeCalls\":1}");
    }

    @Test
    void shouldRoundTripWhenPolicyIsCustom() throws Exception {
        BreakerPolicy custom = BreakerPolicy.builder().failureThreshold(5).window(Duration.ofSeconds(90))
                .failureRate(0.25).minimumCalls(8).coolDown(Duration.ofMillis(1500)).coolDownMultiplier(3)
                .maxCoolDown(Duration.ofHours(1)).probeCalls(2).build();
        String json = MAPPER.writeValueAsString(custom.toJson(MAPPER));
        assertThat(BreakerPolicy.parse(MAPPER.readTree(json))).isEqualTo(custom).hasSameHashCodeAs(custom);
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }

    @Test
    void shouldTakeDefaultsWhenNodeIsNullOrMembersAreMissing() throws Exception {
        assertThat(BreakerPolicy.parse(null)).isSameAs(BreakerPolicy.defaults());
        assertThat(BreakerPolicy.parse(NullNode.getInstance())).isSameAs(BreakerPolicy.defaults());
        assertThat(BreakerPolicy.parse(MissingNode.getInstance())).isSameAs(BreakerPolicy.defaults());
        BreakerPolicy p = BreakerPolicy.parse(MAPPER.readTree("{\"probeCalls\":3,\"window\":\"10m\",\"coolDown\":null}"));
        assertThat(p).isEqualTo(BreakerPolicy.defaults().toBuilder().probeCalls(3).window(Duration.ofMinutes(10))
                .build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"failureThreshold\":0}|failureThreshold",
            "{\"failureThreshold\":\"ten\"}|failureThreshold",
            "{\"window\":\"500ms\"}|window",
            "{\"window\":\"2d\"}|window",
            "{\"window\":300}|window",
            "{\"failureRate\":1.01}|failureRate",
            "{\"failureRate\":\"half\"}|failureRate",
            "{\"minimumCalls\":0}|minimumCalls",
            "{\"coolDown\":\"0s\"}|coolDown",
            "{\"coolDown\":\"1h\"}|maxCoolDown",
            "{\"coolDownMultiplier\":0.9}|coolDownMultiplier",
            "{\"maxCoolDown\":\"30s\"}|maxCoolDown",
            "{\"probeCalls\":0}|probeCalls",
            "{\"probeCalls\":1e10}|probeCalls",
            "{\"threshold\":3}|threshold",
            "\"10 in 5m\"|breaker policy",
    })
    void shouldRefuseNamingTheKeyWhenJsonIsBad(String json, String key) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertThatThrownBy(() -> BreakerPolicy.parse(node))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    @Test
    void shouldMultiplyAndCapWhenNextCoolDownIsAsked() {
        BreakerPolicy p = BreakerPolicy.defaults();
        assertThat(p.nextCoolDown(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.nextCoolDown(Duration.ofSeconds(480))).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.clampCoolDown(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.clampCoolDown(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(10));
    }
}
