package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapters against real local HTTP servers that answer like the services. */
class VerificationServiceTest {
    private static final String KEY = "zb-live-7f3a9c2e41d0b58e";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-06T14:00:00Z"));
    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FakeVerificationServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeVerificationServer();
    }

    @AfterEach
    void stop() {
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private VerificationSettings.Builder emailSettings() {
        return VerificationSettings.emailVerifier(server.url("/v2/validate"), KEY)
                .breaker(50, 4, 4, Duration.ofSeconds(30));
    }

    private VerificationService<EmailVerification> emails(VerificationSettings s) {
        return new VerificationService<>("email-verification", s, http, json, EmailVerification::parse, clock);
    }

    private VerificationService<PhoneLookup> phones(VerificationSettings s) {
        return new VerificationService<>("phone-lookup", s, http, json, PhoneLookup::parse, clock);
    }

    @Test
    void shouldReturnValidAndSendKeyAndAddressWhenAZeroBounceStyleServiceAnswersValid() {
        server.answering(q -> FakeVerificationServer.Answer.json(
                "{\"address\":\"" + q.get("email") + "\",\"status\":\"valid\",\"sub_status\":\"\"}"));
        VerificationService.Lookup<EmailVerification> r = emails(emailSettings().build()).lookup("ann@example.com");

        assertThat(r.answer()).hasValue(new EmailVerification(EmailVerification.Verdict.VALID, "valid"));
        assertThat(r.unavailable()).isEmpty();
        assertThat(server.queries()).singleElement().satisfies(q -> {
            assertThat(q).containsEntry("api_key", KEY).containsEntry("email", "ann@example.com");
        });
    }

    @Test
    void shouldReturnUndeliverableWhenANeverBounceStyleServiceAnswersInvalid() {
        server.answering(q -> FakeVerificationServer.Answer.json(
                "{\"status\":\"success\",\"result\":\"invalid\",\"flags\":[],\"execution_time\":12}"));
        VerificationService.Lookup<EmailVerification> r = emails(emailSettings().parameters("key", "email").build())
                .lookup("nobody@example.com");

        assertThat(r.answer()).hasValueSatisfying(a -> {
            assertThat(a.verdict()).isEqualTo(EmailVerification.Verdict.UNDELIVERABLE);
            assertThat(a.serviceStatus()).isEqualTo("invalid");
        });
        assertThat(server.queries().get(0)).containsEntry("key", KEY);
    }

    @Test
    void shouldMapEveryServiceWordToAVerdictWhenTheAnswerIsRead() throws Exception {
        String[][] cases = {{"catch-all", "RISKY"}, {"catchall", "RISKY"}, {"unknown", "RISKY"}, {"abuse", "RISKY"},
            {"spamtrap", "UNDELIVERABLE"}, {"do_not_mail", "UNDELIVERABLE"}, {"disposable", "DISPOSABLE"},
            {"Valid", "VALID"}};
        for (String[] c : cases) {
            EmailVerification v = EmailVerification.parse(json.readTree("{\"status\":\"" + c[0] + "\"}"));
            assertThat(v.verdict()).as(c[0]).hasToString(c[1]);
        }
        assertThatThrownBy(() -> EmailVerification.parse(json.readTree("{\"error\":\"Invalid API Key\"}")))
                .isInstanceOf(VerificationService.UnreadableAnswerException.class);
        assertThatThrownBy(() -> EmailVerification.parse(json.readTree("{\"status\":\"failure\"}")))
                .isInstanceOf(VerificationService.UnreadableAnswerException.class);
    }

    @Test
    void shouldReadNumverifyAndTwilioStyleAnswersWhenAPhoneIsLookedUp() {
        server.answering(q -> q.get("number").equals("+14158586273")
                ? FakeVerificationServer.Answer.json("{\"valid\":true,\"number\":\"14158586273\",\"country_code\":\"US\","
                        + "\"carrier\":\"AT&T Mobility LLC\",\"line_type\":\"mobile\"}")
                : FakeVerificationServer.Answer.json("{\"valid\":true,\"country_code\":\"gb\",\"line_type_intelligence\":"
                        + "{\"type\":\"landline\",\"carrier_name\":\"BT\"},\"line_status\":{\"status\":\"inactive\"}}"));
        VerificationService<PhoneLookup> phones = phones(VerificationSettings.phoneLookup(server.url("/api/validate"),
                KEY).build());

        PhoneLookup us = phones.lookup("+14158586273").answer().orElseThrow();
        PhoneLookup gb = phones.lookup("+442071234567").answer().orElseThrow();

        assertThat(us).isEqualTo(new PhoneLookup(true, java.util.Optional.of("mobile"),
                java.util.Optional.of("AT&T Mobility LLC"), java.util.Optional.of("US"), java.util.Optional.empty()));
        assertThat(us.disconnected()).isFalse();
        assertThat(gb.lineType()).contains("landline");
        assertThat(gb.carrier()).contains("BT");
        assertThat(gb.countryCode()).contains("GB");
        assertThat(gb.disconnected()).isTrue();
        assertThat(server.queries().get(0)).containsEntry("access_key", KEY).containsEntry("number", "+14158586273");
    }

    @Test
    void shouldReportUnavailableAndCountAFailureWhenTheServiceAnswersAnErrorObjectWith200() {
        server.answering(q -> FakeVerificationServer.Answer.json(
                "{\"success\":false,\"error\":{\"code\":101,\"type\":\"invalid_access_key\"}}"));
        VerificationService<PhoneLookup> phones = phones(VerificationSettings.phoneLookup(server.url("/api/validate"),
                KEY).build());

        VerificationService.Lookup<PhoneLookup> r = phones.lookup("+14158586273");

        assertThat(r.answer()).isEmpty();
        assertThat(r.unavailable()).contains("answered with an error");
        assertThat(phones.failures()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAtTheTimeoutAndReportUnavailableWhenTheServiceIsSlow() {
        server.answering(q -> FakeVerificationServer.Answer.hanging());
        VerificationService<EmailVerification> slow = emails(emailSettings().timeout(Duration.ofMillis(200)).build());

        VerificationService.Lookup<EmailVerification> r = slow.lookup("ann@example.com");

        assertThat(r.answer()).isEmpty();
        assertThat(r.unavailable()).contains("did not answer within 200 ms");
        assertThat(slow.failures()).isEqualTo(1);
        assertThat(slow.cached("ann@example.com")).isEmpty();
    }

    @Test
    void shouldOpenTheBreakerAndStopCallingTheServiceWhenItAnswers500s() {
        server.answering(q -> FakeVerificationServer.Answer.failing(500));
        VerificationService<EmailVerification> svc = emails(emailSettings().build());

        for (int i = 0; i < 4; i++) {
            assertThat(svc.lookup("user" + i + "@example.com").unavailable()).contains("answered HTTP 500");
        }
        assertThat(svc.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        for (int i = 0; i < 10; i++) {
            VerificationService.Lookup<EmailVerification> r = svc.lookup("more" + i + "@example.com");
            assertThat(r.answer()).isEmpty();
            assertThat(r.unavailable()).contains("circuit breaker is open");
        }
        assertThat(server.hits()).isEqualTo(4);
        assertThat(svc.calls()).isEqualTo(4);
        assertThat(svc.rejected()).isEqualTo(10);
    }

    @Test
    void shouldLetOneTrialThroughAndCloseAgainWhenTheWaitHasPassedAndTheServiceRecovered() {
        server.answering(q -> FakeVerificationServer.Answer.failing(503));
        VerificationService<EmailVerification> svc = emails(emailSettings().build());
        for (int i = 0; i < 4; i++) {
            svc.lookup("user" + i + "@example.com");
        }
        assertThat(svc.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        server.answering(q -> FakeVerificationServer.Answer.json("{\"status\":\"valid\"}"));

        clock.advance(Duration.ofSeconds(29));
        assertThat(svc.lookup("early@example.com").unavailable()).contains("circuit breaker is open");
        assertThat(server.hits()).isEqualTo(4);

        clock.advance(Duration.ofSeconds(2));
        VerificationService.Lookup<EmailVerification> trial = svc.lookup("trial@example.com");

        assertThat(trial.answer()).hasValueSatisfying(a -> assertThat(a.verdict())
                .isEqualTo(EmailVerification.Verdict.VALID));
        assertThat(svc.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(server.hits()).isEqualTo(5);
        assertThat(svc.lookup("after@example.com").answer()).isPresent();
        assertThat(server.hits()).isEqualTo(6);
    }

    @Test
    void shouldOpenAgainWhenTheHalfOpenTrialFails() {
        server.answering(q -> FakeVerificationServer.Answer.failing(500));
        VerificationService<EmailVerification> svc = emails(emailSettings().build());
        for (int i = 0; i < 4; i++) {
            svc.lookup("user" + i + "@example.com");
        }
        clock.advance(Duration.ofSeconds(31));

        assertThat(svc.lookup("trial@example.com").unavailable()).contains("answered HTTP 500");

        assertThat(svc.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(svc.lookup("next@example.com").unavailable()).contains("circuit breaker is open");
        assertThat(server.hits()).isEqualTo(5);
    }

    @Test
    void shouldCallTheServiceOnceWhenTheSameAddressIsLookedUpTwiceAndAgainAfterTheTtl() {
        server.answering(q -> FakeVerificationServer.Answer.json("{\"status\":\"catch-all\"}"));
        VerificationService<EmailVerification> svc = emails(emailSettings().cache(100, Duration.ofHours(1)).build());

        VerificationService.Lookup<EmailVerification> first = svc.lookup("ann@example.com");
        VerificationService.Lookup<EmailVerification> second = svc.lookup("ann@example.com");

        assertThat(second).isEqualTo(first);
        assertThat(server.hits()).isEqualTo(1);
        assertThat(svc.cached("ann@example.com")).isPresent();

        clock.advance(Duration.ofMinutes(61));
        assertThat(svc.cached("ann@example.com")).isEmpty();
        svc.lookup("ann@example.com");
        assertThat(server.hits()).isEqualTo(2);
    }

    @Test
    void shouldAskAgainNextTimeWhenACallFailedBecauseFailuresAreNotCached() {
        server.answering(q -> FakeVerificationServer.Answer.failing(502));
        VerificationService<EmailVerification> svc = emails(emailSettings().build());
        svc.lookup("ann@example.com");
        server.answering(q -> FakeVerificationServer.Answer.json("{\"status\":\"valid\"}"));

        assertThat(svc.lookup("ann@example.com").answer()).isPresent();
        assertThat(server.hits()).isEqualTo(2);
    }

    @Test
    void shouldNeverShowTheKeyWhenSettingsOrTheServiceArePrinted() {
        VerificationSettings s = emailSettings().build();
        VerificationService<EmailVerification> svc = emails(s);
        assertThat(s.toString()).doesNotContain(KEY).contains("****8e");
        assertThat(svc.toString()).doesNotContain(KEY);
        assertThat(VerificationSettings.mask("short")).isEqualTo("****");
        assertThat(s.apiKey()).isEqualTo(KEY);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldLogTheFailureButNeitherTheKeyNorTheAddressWhenTheServiceFails() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(VerificationService.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            server.answering(q -> FakeVerificationServer.Answer.failing(500));
            VerificationService<EmailVerification> svc = emails(emailSettings().build());
            for (int i = 0; i < 6; i++) {
                svc.lookup("private.person" + i + "@example.com");
            }
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .isNotEmpty()
                .anySatisfy(m -> assertThat(m).contains("answered HTTP 500"))
                .anySatisfy(m -> assertThat(m).contains("OPEN"))
                .allSatisfy(m -> assertThat(m).doesNotContain(KEY).doesNotContain("private.person"));
    }

    @Test
    void shouldRefuseSettingsThatCannotWorkWhenBuilt() {
        URI ok = URI.create("https://api.example.com/v2/validate");
        assertThatThrownBy(() -> VerificationSettings.emailVerifier(URI.create("ftp://x/y"), KEY).build())
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> VerificationSettings.emailVerifier(ok, " ").build()).hasMessageContaining("API key");
        assertThatThrownBy(() -> VerificationSettings.emailVerifier(ok, KEY).timeout(Duration.ZERO).build())
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> VerificationSettings.emailVerifier(ok, KEY).cache(0, Duration.ofHours(1)).build())
                .hasMessageContaining("cache size");
        assertThatThrownBy(() -> VerificationSettings.emailVerifier(ok, KEY).breaker(0, 10, 5, Duration.ZERO).build())
                .hasMessageContaining("failure rate");
        assertThat(VerificationSettings.emailVerifier(ok, KEY).build().toBuilder().maxConcurrent(2).build()
                .maxConcurrent()).isEqualTo(2);
    }
}
