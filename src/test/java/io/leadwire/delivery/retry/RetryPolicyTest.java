package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.leadwire.delivery.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DoubleSupplier NO_JITTER = () -> 0.0;
    private static final DoubleSupplier MOST_JITTER = () -> 0.9999999;
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant FRESH = NOW.minusSeconds(3);
    private final RetryPolicy policy = RetryPolicy.defaults();

    // --- backoff ---------------------------------------------------------------------------

    @Test
    void shouldDoubleFrom2sAndCapAt60sWhenJitterIsZero() {
        assertThat(seconds(1, NO_JITTER)).isEqualTo(2.0);
        assertThat(seconds(2, NO_JITTER)).isEqualTo(4.0);
        assertThat(seconds(3, NO_JITTER)).isEqualTo(8.0);
        assertThat(seconds(4, NO_JITTER)).isEqualTo(16.0);
        assertThat(seconds(5, NO_JITTER)).isEqualTo(32.0);
        assertThat(seconds(6, NO_JITTER)).isEqualTo(60.0);
        assertThat(seconds(60, NO_JITTER)).isEqualTo(60.0);
        assertThat(seconds(Integer.MAX_VALUE, NO_JITTER)).isEqualTo(60.0);
    }

    @Test
    void shouldAddAtMostAQuarterWhenJitterIsNearlyOne() {
        double[] base = {2, 4, 8, 16, 32, 60, 60};
        for (int n = 1; n <= base.length; n++) {
            assertThat(seconds(n, MOST_JITTER)).isGreaterThan(base[n - 1] * 1.249).isLessThan(base[n - 1] * 1.25);
        }
    }

    @Test
    void shouldClampRandomWhenSourceGoesOutOfRange() {
        assertThat(seconds(1, () -> -3.0)).isEqualTo(2.0);
        assertThat(seconds(1, () -> 7.0)).isEqualTo(2.5);
        assertThat(seconds(1, () -> Double.NaN)).isEqualTo(2.0);
    }

    @Test
    void shouldRefuseWhenFailedAttemptsIsBelowOne() {
        assertThatThrownBy(() -> policy.backoff(0, NO_JITTER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failedAttempts");
    }

    // --- decide ----------------------------------------------------------------------------

    @Test
    void shouldRetryAfterBackoffWhenTransientErrorIsFirst() {
        RetryDecision d = policy.decide(ErrorClass.TIMEOUT, 1, FRESH, NOW, null, NO_JITTER);
        assertThat(d).isInstanceOfSatisfying(RetryDecision.Retry.class, r -> {
            assertThat(r.at()).isEqualTo(NOW.plusSeconds(2));
            assertThat(r.why()).isEqualTo("timeout on attempt 1 of 5; backoff 2s");
        });
    }

    @Test
    void shouldWaitRetryAfterSecondsWhenLongerThanBackoff() {
        RetryDecision d = policy.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW, "30", NO_JITTER);
        assertThat(retryAt(d)).isEqualTo(NOW.plusSeconds(30));
        assertThat(((RetryDecision.Retry) d).why()).contains("Retry-After 30s");
    }

    @Test
    void shouldKeepBackoffWhenRetryAfterIsShorter() {
        RetryDecision d = policy.decide(ErrorClass.UNAVAILABLE, 3, FRESH, NOW, "1", NO_JITTER);
        assertThat(retryAt(d)).isEqualTo(NOW.plusSeconds(8));
    }

    @Test
    void shouldWaitUntilHttpDateWhenRetryAfterIsADate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(45).atOffset(ZoneOffset.UTC));
        RetryDecision d = policy.decide(ErrorClass.UNAVAILABLE, 1, FRESH, NOW, date, NO_JITTER);
        assertThat(retryAt(d)).isEqualTo(NOW.plusSeconds(45));
    }

    @Test
    void shouldCapRetryAfterWhenBuyerAsksForMoreThanTheMax() {
        RetryPolicy patient = policy.toBuilder().leadAgeBudget(Duration.ofHours(1)).build();
        RetryDecision d = patient.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW, "86400", NO_JITTER);
        assertThat(d).isInstanceOfSatisfying(RetryDecision.Retry.class, r -> {
            assertThat(r.at()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
            assertThat(r.why()).contains("Retry-After 10m (capped");
        });
        RetryDecision forever = patient.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW,
                "999999999999999999999999", NO_JITTER);
        assertThat(retryAt(forever)).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldGiveUpOnAgeBudgetWhenCappedRetryAfterStillOutlivesTheLead() {
        RetryDecision d = policy.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW, "3600", NO_JITTER);
        assertThat(giveUpReason(d)).isEqualTo(RetryDecision.GiveUp.LEAD_AGE_BUDGET);
    }

    @Test
    void shouldIgnoreRetryAfterWhenMaxRetryAfterIsZeroOrHeaderIsMalformed() {
        RetryPolicy deaf = policy.toBuilder().maxRetryAfter(Duration.ZERO).build();
        assertThat(retryAt(deaf.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW, "30", NO_JITTER)))
                .isEqualTo(NOW.plusSeconds(2));
        assertThat(retryAt(policy.decide(ErrorClass.RATE_LIMITED, 1, FRESH, NOW, "tomorrow", NO_JITTER)))
                .isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void shouldGiveUpAtOnceWhenErrorClassIsNeverRetried() {
        for (ErrorClass e : ErrorClass.values()) {
            if (e.retry() == ErrorClass.Retry.NONE) {
                RetryDecision d = policy.decide(e, 1, FRESH, NOW, "1", NO_JITTER);
                assertThat(giveUpReason(d)).as(e.name()).isEqualTo(RetryDecision.GiveUp.CLIENT_ERROR);
                assertThat(((RetryDecision.GiveUp) d).message()).startsWith(e.wireName());
            }
        }
    }

    @Test
    void shouldRetryUntilFifthAttemptWhenErrorIsTransient() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(policy.decide(ErrorClass.CONNECTION_RESET, attempt, FRESH, NOW, null, NO_JITTER))
                    .as("attempt %d", attempt).isInstanceOf(RetryDecision.Retry.class);
        }
        RetryDecision d = policy.decide(ErrorClass.CONNECTION_RESET, 5, FRESH, NOW, null, NO_JITTER);
        assertThat(giveUpReason(d)).isEqualTo(RetryDecision.GiveUp.ATTEMPTS_EXHAUSTED);
        assertThat(((RetryDecision.GiveUp) d).message()).isEqualTo("connection_reset on attempt 5; all 5 attempts used");
    }

    @Test
    void shouldStopAfterThreeAttemptsWhenErrorIsServerError() {
        assertThat(retryAt(policy.decide(ErrorClass.SERVER_ERROR, 1, FRESH, NOW, null, NO_JITTER)))
                .isEqualTo(NOW.plusSeconds(2));
        assertThat(retryAt(policy.decide(ErrorClass.SERVER_ERROR, 2, FRESH, NOW, null, NO_JITTER)))
                .isEqualTo(NOW.plusSeconds(4));
        RetryDecision d = policy.decide(ErrorClass.SERVER_ERROR, 3, FRESH, NOW, null, NO_JITTER);
        assertThat(giveUpReason(d)).isEqualTo(RetryDecision.GiveUp.SERVER_ERROR_ATTEMPTS_EXHAUSTED);
        assertThat(policy.decide(ErrorClass.TIMEOUT, 3, FRESH, NOW, null, NO_JITTER))
                .as("a transient error after two server errors still has the full budget")
                .isInstanceOf(RetryDecision.Retry.class);
    }

    @Test
    void shouldGiveUpWhenLeadIsOlderThanItsBudget() {
        Instant received = NOW.minus(Duration.ofMinutes(5));
        RetryDecision d = policy.decide(ErrorClass.TIMEOUT, 1, received, NOW, null, NO_JITTER);
        assertThat(giveUpReason(d)).isEqualTo(RetryDecision.GiveUp.LEAD_AGE_BUDGET);
        assertThat(((RetryDecision.GiveUp) d).message()).contains("the lead is 5m old, its budget is 5m");
    }

    @Test
    void shouldGiveUpNowWhenNextAttemptWouldFallAfterTheBudget() {
        Instant received = NOW.minus(Duration.ofMinutes(5)).plusSeconds(7);
        assertThat(retryAt(policy.decide(ErrorClass.TIMEOUT, 2, received, NOW, null, NO_JITTER)))
                .as("4 s backoff lands 3 s before the budget ends").isEqualTo(NOW.plusSeconds(4));
        assertThat(giveUpReason(policy.decide(ErrorClass.TIMEOUT, 3, received, NOW, null, NO_JITTER)))
                .as("8 s backoff would land 1 s after it").isEqualTo(RetryDecision.GiveUp.LEAD_AGE_BUDGET);
        assertThat(retryAt(policy.decide(ErrorClass.TIMEOUT, 1, received, NOW, null, MOST_JITTER)))
                .isBefore(NOW.plusSeconds(3));
    }

    @Test
    void shouldRetryExactlyAtTheBudgetEndWhenBackoffLandsThere() {
        Instant received = NOW.minus(Duration.ofMinutes(5)).plusSeconds(2);
        assertThat(retryAt(policy.decide(ErrorClass.TIMEOUT, 1, received, NOW, null, NO_JITTER)))
                .isEqualTo(received.plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldRefuseWhenAttemptsSoFarIsBelowOne() {
        assertThatThrownBy(() -> policy.decide(ErrorClass.TIMEOUT, 0, FRESH, NOW, null, NO_JITTER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attemptsSoFar");
    }

    // --- JSON and builder --------------------------------------------------------------------

    @Test
    void shouldWriteEveryMemberWhenSerializingDefaults() {
        assertThat(policy.toJson(MAPPER).toString()).isEqualTo("{\"initialBackoff\":\"2s\",\"backoffMultiplier\":2.0,"
                + "\"maxBackoff\":\"1m\",\"jitter\":0.25,\"maxAttempts\":5,\"serverErrorAttempts\":3,"
                + "\"maxRetryAfter\":\"10m\",\"leadAgeBudget\":\"5m\"}");
    }

    @Test
    void shouldRoundTripWhenPolicyIsCustom() throws Exception {
        RetryPolicy custom = RetryPolicy.builder().initialBackoff(Duration.ofMillis(500)).backoffMultiplier(1.5)
                .maxBackoff(Duration.ofSeconds(90)).jitter(0.1).maxAttempts(8).serverErrorAttempts(2)
                .maxRetryAfter(Duration.ofMinutes(2)).leadAgeBudget(Duration.ofMinutes(15)).build();
        String json = MAPPER.writeValueAsString(custom.toJson(MAPPER));
        assertThat(RetryPolicy.parse(MAPPER.readTree(json))).isEqualTo(custom).hasSameHashCodeAs(custom);
        assertThat(RetryPolicy.parse(policy.toJson(MAPPER))).isEqualTo(policy);
    }

    @Test
    void shouldTakeDefaultsWhenNodeIsNullOrMembersAreMissing() throws Exception {
        assertThat(RetryPolicy.parse(null)).isSameAs(RetryPolicy.defaults());
        assertThat(RetryPolicy.parse(NullNode.getInstance())).isSameAs(RetryPolicy.defaults());
        assertThat(RetryPolicy.parse(MAPPER.readTree("{}"))).isEqualTo(RetryPolicy.defaults());
        RetryPolicy p = RetryPolicy.parse(MAPPER.readTree("{\"maxAttempts\":3,\"leadAgeBudget\":\"PT10M\"}"));
        assertThat(p).isEqualTo(policy.toBuilder().maxAttempts(3).leadAgeBudget(Duration.ofMinutes(10)).build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"initialBackoff\":\"2x\"}|initialBackoff",
            "{\"initialBackoff\":2}|initialBackoff",
            "{\"initialBackoff\":\"0s\"}|initialBackoff",
            "{\"maxBackoff\":\"1s\"}|maxBackoff",
            "{\"maxBackoff\":\"30d\"}|maxBackoff",
            "{\"backoffMultiplier\":0.5}|backoffMultiplier",
            "{\"backoffMultiplier\":\"2\"}|backoffMultiplier",
            "{\"jitter\":1.5}|jitter",
            "{\"jitter\":-0.1}|jitter",
            "{\"maxAttempts\":0}|maxAttempts",
            "{\"maxAttempts\":2.5}|maxAttempts",
            "{\"maxAttempts\":\"5\"}|maxAttempts",
            "{\"serverErrorAttempts\":6}|serverErrorAttempts",
            "{\"serverErrorAttempts\":0}|serverErrorAttempts",
            "{\"maxRetryAfter\":\"forever\"}|maxRetryAfter",
            "{\"leadAgeBudget\":\"0ms\"}|leadAgeBudget",
            "{\"maxAttempt\":5}|maxAttempt",
            "[1,2]|retry policy",
    })
    void shouldRefuseNamingTheKeyWhenJsonIsBad(String json, String key) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertThatThrownBy(() -> RetryPolicy.parse(node))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    @Test
    void shouldRefuseNullDurationWhenBuilding() {
        assertThatThrownBy(() -> RetryPolicy.builder().leadAgeBudget(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("leadAgeBudget");
    }

    private double seconds(int failedAttempts, DoubleSupplier random) {
        return policy.backoff(failedAttempts, random).toMillis() / 1000.0;
    }

    private static Instant retryAt(RetryDecision d) {
        assertThat(d).isInstanceOf(RetryDecision.Retry.class);
        return ((RetryDecision.Retry) d).at();
    }

    private static String giveUpReason(RetryDecision d) {
        assertThat(d).isInstanceOf(RetryDecision.GiveUp.class);
        return ((RetryDecision.GiveUp) d).reason();
    }

    @Test
    void shouldLowerTheServerErrorAttemptsWhenOnlyFewerAttemptsInAllAreGiven() {
        RetryPolicy p = RetryPolicy.parse(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("maxAttempts", 2));
        assertThat(p.maxAttempts()).isEqualTo(2);
        assertThat(p.serverErrorAttempts()).isEqualTo(2);
    }
}
