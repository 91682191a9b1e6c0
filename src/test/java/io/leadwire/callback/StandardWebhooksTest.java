package io.leadwire.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
    // The example of the Standard Webhooks specification.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant AT_TS = Instant.ofEpochSecond(TS);
    private static final Duration TOLERANCE = StandardWebhooks.DEFAULT_TOLERANCE;

    @Test
    void shouldSignTheSpecificationExampleExactly() {
        assertThat(StandardWebhooks.of(SECRET).sign(ID, TS, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void shouldAcceptTheSpecificationExample() {
        assertThat(StandardWebhooks.of(SECRET).verify(ID, "1614265330", SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.VALID);
    }

    @Test
    void shouldRefuseATamperedBodyIdOrTimestamp() {
        StandardWebhooks wh = StandardWebhooks.of(SECRET);
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(wh.verify(ID, "1614265330", SIGNATURE, tampered, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
        assertThat(wh.verify(ID + "x", "1614265330", SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
        assertThat(wh.verify(ID, "1614265331", SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
    }

    @Test
    void shouldRefuseTimestampsOutsideTheTolerance() {
        StandardWebhooks wh = StandardWebhooks.of(SECRET);
        assertThat(wh.verify(ID, "1614265330", SIGNATURE, BODY, AT_TS.plusSeconds(301), TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.TIMESTAMP_TOO_OLD);
        assertThat(wh.verify(ID, "1614265330", SIGNATURE, BODY, AT_TS.minusSeconds(301), TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.TIMESTAMP_IN_FUTURE);
        assertThat(wh.verify(ID, "1614265330", SIGNATURE, BODY, AT_TS.plusSeconds(300), TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(wh.verify(ID, "yesterday", SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.BAD_TIMESTAMP);
    }

    @Test
    void shouldAcceptAnyOfSeveralSignaturesAndAnyOfOurSecrets() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
        String rotating = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,xyz " + SIGNATURE;
        assertThat(StandardWebhooks.of(SECRET).verify(ID, "1614265330", rotating, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(StandardWebhooks.of(List.of(other, SECRET)).verify(ID, "1614265330", SIGNATURE, BODY, AT_TS,
                TOLERANCE)).isEqualTo(StandardWebhooks.Verdict.VALID);
        assertThat(StandardWebhooks.of(other).verify(ID, "1614265330", SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.NO_MATCH);
    }

    @Test
    void shouldSayWhichHeaderIsMissingAndRefuseBadSecrets() {
        assertThat(StandardWebhooks.of(SECRET).verify(ID, null, SIGNATURE, BODY, AT_TS, TOLERANCE))
                .isEqualTo(StandardWebhooks.Verdict.MISSING_HEADERS);
        assertThatThrownBy(() -> StandardWebhooks.of("whsec_***")).hasMessageContaining("base64");
        assertThatThrownBy(() -> StandardWebhooks.of(List.of())).hasMessageContaining("at least one");
    }
}
