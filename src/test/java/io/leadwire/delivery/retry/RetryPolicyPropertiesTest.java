package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.delivery.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties of the retry schedule over generated policies. */
class RetryPolicyPropertiesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Property(tries = 1000)
    void shouldNeverShrinkWhenAttemptsGrowWithoutJitter(@ForAll("policies") RetryPolicy p,
                                                        @ForAll @IntRange(min = 1, max = 200) int n) {
        assertThat(p.backoff(n + 1, () -> 0.0)).isGreaterThanOrEqualTo(p.backoff(n, () -> 0.0));
    }

    @Property(tries = 1000)
    void shouldStayWithinMaxAndItsJitterWhenAnyRandomIsDrawn(@ForAll("policies") RetryPolicy p,
                                                             @ForAll @IntRange(min = 1, max = 200) int n,
                                                             @ForAll @DoubleRange(min = 0, max = 1,
                                                                     maxIncluded = false) double r) {
        Duration plain = p.backoff(n, () -> 0.0);
        Duration jittered = p.backoff(n, () -> r);
        assertThat(plain).isLessThanOrEqualTo(p.maxBackoff());
        assertThat(jittered).isGreaterThanOrEqualTo(plain);
        assertThat(jittered.toNanos()).isLessThanOrEqualTo((long) (p.maxBackoff().toNanos() * (1 + p.jitter())));
    }

    @Property(tries = 1000)
    void shouldScheduleOnlyWithinTheAgeBudgetWhenItRetries(@ForAll("policies") RetryPolicy p,
                                                           @ForAll ErrorClass error,
                                                           @ForAll @IntRange(min = 1, max = 20) int attempts,
                                                           @ForAll @IntRange(min = 0, max = 3_600) int ageSeconds,
                                                           @ForAll @IntRange(min = 0, max = 7_200) int retryAfter,
                                                           @ForAll @DoubleRange(min = 0, max = 1,
                                                                   maxIncluded = false) double random) {
        Instant received = NOW.minusSeconds(ageSeconds);
        RetryDecision d = p.decide(error, attempts, received, NOW, String.valueOf(retryAfter), () -> random);
        if (d instanceof RetryDecision.Retry r) {
            assertThat(r.at()).isAfterOrEqualTo(NOW).isBeforeOrEqualTo(received.plus(p.leadAgeBudget()));
            assertThat(attempts).isLessThan(p.maxAttempts());
            assertThat(error.retry()).isNotEqualTo(ErrorClass.Retry.NONE);
        }
    }

    @Provide
    Arbitrary<RetryPolicy> policies() {
        Arbitrary<Long> initialMillis = Arbitraries.longs().between(1, 10_000);
        Arbitrary<Double> multiplier = Arbitraries.doubles().between(1.0, 10.0).ofScale(3);
        Arbitrary<Long> extraMillis = Arbitraries.longs().between(0, 600_000);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0.0, 1.0).ofScale(3);
        Arbitrary<Integer> attempts = Arbitraries.integers().between(1, 10);
        Arbitrary<Long> budgetSeconds = Arbitraries.longs().between(1, 3_600);
        return Combinators.combine(initialMillis, multiplier, extraMillis, jitter, attempts, budgetSeconds)
                .as((i, m, x, j, a, b) -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(i))
                        .backoffMultiplier(m).maxBackoff(Duration.ofMillis(i + x)).jitter(j).maxAttempts(a)
                        .serverErrorAttempts(Math.max(1, a / 2)).leadAgeBudget(Duration.ofSeconds(b)).build());
    }
}
