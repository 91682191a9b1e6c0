package io.leadwire.quality;

import static io.leadwire.quality.QualityFixtures.BUSINESS_HOURS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The judge with external verification: findings, scoring, and judging on when a service is down. */
class ExternalChecksTest {
    private static final String GOOD_MAIL = "mary.jones@example.com";
    private static final String BAD_MAIL = "no.such.user@example.com";
    private static final String RISKY_MAIL = "anyone@catchall.example.com";
    private static final String GOOD_PHONE = "+12025550143";
    private static final String DEAD_PHONE = "+12025550177";
    private static final String DISCONNECTED_PHONE = "+12025550188";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-06T14:33:00Z"));
    private FakeVerificationServer emailServer;
    private FakeVerificationServer phoneServer;
    private ExternalChecks checks;
    private LeadJudge judge;

    @BeforeEach
    void start() throws Exception {
        emailServer = new FakeVerificationServer().answering(q -> {
            switch (q.get("email")) {
                case BAD_MAIL:
                    return FakeVerificationServer.Answer.json("{\"status\":\"invalid\",\"sub_status\":\"mailbox_not_found\"}");
                case RISKY_MAIL:
                    return FakeVerificationServer.Answer.json("{\"status\":\"catch-all\"}");
                default:
                    return FakeVerificationServer.Answer.json("{\"status\":\"valid\"}");
            }
        });
        phoneServer = new FakeVerificationServer().answering(q -> {
            switch (q.get("number")) {
                case DEAD_PHONE:
                    return FakeVerificationServer.Answer.json("{\"valid\":false,\"number\":\"12025550177\"}");
                case DISCONNECTED_PHONE:
                    return FakeVerificationServer.Answer.json("{\"valid\":true,\"line_status\":\"disconnected\"}");
                default:
                    return FakeVerificationServer.Answer.json("{\"valid\":true,\"line_type\":\"mobile\","
                            + "\"carrier\":\"Verizon Wireless\",\"country_code\":\"US\"}");
            }
        });
        use(settings(emailServer), settings(phoneServer));
    }

    private static VerificationSettings.Builder settings(FakeVerificationServer s) {
        return VerificationSettings.builder(s.url("/check"), "test-key-123456")
                .parameters("api_key", "email")
                .breaker(50, 2, 2, Duration.ofSeconds(30));
    }

    private void use(VerificationSettings.Builder email, VerificationSettings.Builder phone) {
        if (checks != null) {
            checks.close();
        }
        CheckSettings cs = new CheckSettings(GeoIpSettings.none(), Optional.of(email.build()),
                Optional.of(phone.parameters("access_key", "number").build()));
        checks = ExternalChecks.create(cs, QualityPolicy.defaults(), new ObjectMapper(), clock);
        judge = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), Optional.empty(), checks);
    }

    @AfterEach
    void stop() {
        checks.close();
        emailServer.close();
        phoneServer.close();
    }

    private static Lead lead(String email, String phone) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lead_id", "X-1");
        f.put("first_name", "Mary");
        f.put("last_name", "Jones");
        f.put("email", email);
        f.put("phone", phone);
        f.put("country", "US");
        f.put("ip_address", "8.8.4.4");
        f.put("trading_experience", "beginner");
        return new Lead(1, "0190-ext", "vendor-1", "X-1", BUSINESS_HOURS, LeadStatus.RECEIVED, "application/json", "{}",
                f, "127.0.0.1");
    }

    private Verdict prefetchAndJudge(Lead lead) {
        checks.prefetch(List.of(lead));
        return judge.judge(lead);
    }

    private static int points(Verdict v, String rule) {
        return v.score().breakdown().stream().filter(l -> l.rule().equals(rule)).mapToInt(ScoreLine::points).sum();
    }

    @Test
    void shouldAcceptAndRecordTheCarrierWhenBothServicesVouchForTheLead() {
        Verdict v = prefetchAndJudge(lead(GOOD_MAIL, GOOD_PHONE));
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(v.reasonCodes()).containsExactly(ReasonCode.GEO_UNCHECKED);
        assertThat(v.fields()).containsEntry(ExternalChecks.EMAIL_VERIFICATION, "valid")
                .containsEntry(ExternalChecks.PHONE_CARRIER, "Verizon Wireless");
        assertThat(emailServer.queries()).singleElement().satisfies(q -> assertThat(q).containsEntry("email", GOOD_MAIL));
        assertThat(phoneServer.queries()).singleElement().satisfies(q -> assertThat(q).containsEntry("number", GOOD_PHONE));
    }

    @Test
    void shouldQuarantineAndDeductTheInvalidEmailPointsWhenTheVerifierSaysUndeliverable() {
        Verdict good = prefetchAndJudge(lead(GOOD_MAIL, GOOD_PHONE));
        Verdict v = prefetchAndJudge(lead(BAD_MAIL, GOOD_PHONE));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.EMAIL_UNDELIVERABLE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.field()).isEqualTo("email");
                    assertThat(f.message()).contains("'invalid'");
                });
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(points(v, "invalid_email")).isEqualTo(ScoringPolicy.DEFAULT_INVALID_EMAIL_POINTS).isEqualTo(-25);
        assertThat(v.score().rawPoints()).isEqualTo(good.score().rawPoints() - 25);
    }

    @Test
    void shouldWarnButAcceptWhenTheVerifierCannotVouchForACatchAllDomain() {
        Verdict v = prefetchAndJudge(lead(RISKY_MAIL, GOOD_PHONE));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.EMAIL_RISKY)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(points(v, "invalid_email")).isZero();
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void shouldQuarantineAndDeductTheUnverifiablePhonePointsWhenTheLookupSaysNotValid() {
        Verdict v = prefetchAndJudge(lead(GOOD_MAIL, DEAD_PHONE));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.PHONE_UNVERIFIABLE)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        assertThat(points(v, "unverifiable_phone")).isEqualTo(ScoringPolicy.DEFAULT_UNVERIFIABLE_PHONE_POINTS)
                .isEqualTo(-15);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
    }

    @Test
    void shouldReportADisconnectedLineWhenTheLookupSaysItIsOutOfService() {
        Verdict v = prefetchAndJudge(lead(GOOD_MAIL, DISCONNECTED_PHONE));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.PHONE_DISCONNECTED)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("disconnected"));
        assertThat(points(v, "unverifiable_phone")).isEqualTo(-15);
    }

    @Test
    void shouldReportIdentityUnreachableWhenBothServicesRejectTheContactData() {
        Verdict v = prefetchAndJudge(lead(BAD_MAIL, DEAD_PHONE));
        assertThat(v.reasonCodes()).contains(ReasonCode.EMAIL_UNDELIVERABLE, ReasonCode.PHONE_UNVERIFIABLE,
                ReasonCode.IDENTITY_UNREACHABLE);
    }

    @Test
    void shouldJudgeWithoutTheServiceAndSayWhyWhenItIsDownAndItsBreakerOpens() {
        emailServer.answering(q -> FakeVerificationServer.Answer.failing(500));
        Verdict offline = new LeadJudge(QualityPolicy.defaults(), clock).judge(lead(GOOD_MAIL, GOOD_PHONE));
        prefetchAndJudge(lead("a@example.com", GOOD_PHONE));
        prefetchAndJudge(lead("b@example.com", GOOD_PHONE));
        int hits = emailServer.hits();

        Verdict v = prefetchAndJudge(lead(GOOD_MAIL, GOOD_PHONE));

        assertThat(checks.emailService().orElseThrow().breakerState().name()).isEqualTo("OPEN");
        assertThat(emailServer.hits()).isEqualTo(hits).isEqualTo(2);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.VERIFICATION_UNAVAILABLE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.field()).isEqualTo("email");
                    assertThat(f.message()).contains("circuit breaker is open").contains("judged without it");
                });
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(v.score().value()).isEqualTo(offline.score().value());
        assertThat(checks.describe()).contains("email verification on (127.0.0.1, breaker OPEN)");
    }

    @Test
    void shouldJudgeWithoutTheServiceWhenItDoesNotAnswerWithinTheTimeout() {
        phoneServer.answering(q -> FakeVerificationServer.Answer.hanging());
        use(settings(emailServer), settings(phoneServer).timeout(Duration.ofMillis(150)));

        Verdict v = prefetchAndJudge(lead(GOOD_MAIL, GOOD_PHONE));

        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.VERIFICATION_UNAVAILABLE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.field()).isEqualTo("phone");
                    assertThat(f.message()).contains("did not answer within 150 ms");
                });
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(points(v, "unverifiable_phone")).isZero();
    }

    @Test
    void shouldNeverCallTheNetworkFromTheJudgeWhenNothingWasPrefetched() {
        Verdict v = judge.judge(lead(GOOD_MAIL, GOOD_PHONE));
        assertThat(emailServer.hits()).isZero();
        assertThat(phoneServer.hits()).isZero();
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.VERIFICATION_UNAVAILABLE))
                .extracting(Finding::message).allMatch(m -> m.contains("not looked up before judging")).hasSize(2);
    }

    @Test
    void shouldLookEachValueUpOnceWhenABatchRepeatsItAndTheCacheKnowsIt() {
        checks.prefetch(List.of(lead(GOOD_MAIL, GOOD_PHONE), lead(" mary.jones@EXAMPLE.com ", GOOD_PHONE)));
        checks.prefetch(List.of(lead(GOOD_MAIL, GOOD_PHONE)));
        assertThat(emailServer.hits()).isEqualTo(1);
        assertThat(phoneServer.hits()).isEqualTo(1);
    }

    @Test
    void shouldNotLookUpValuesTheLocalChecksAlreadyRejectedWhenPrefetching() {
        checks.prefetch(List.of(lead("broken@", "12345"), lead("x@mailinator.com", "+1202")));
        assertThat(emailServer.hits()).isZero();
        assertThat(phoneServer.hits()).isZero();
    }
}
